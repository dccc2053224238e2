from django.urls import path

app_name = "outbox"
urlpatterns: list = []
