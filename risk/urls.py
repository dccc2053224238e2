urlpatterns: list = []
app_name = "risk"
