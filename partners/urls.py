from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_new, name="new"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("<int:pk>/<str:action>/", views.organisation_action, name="action"),
    path("<int:pk>/<str:kind>/<int:item_id>/edit/", views.item_edit, name="item_edit"),
]
