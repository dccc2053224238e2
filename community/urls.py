from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("case/<int:case_id>/section/<int:section_id>/", views.section_detail, name="section"),
    path("case/<int:case_id>/section/<int:section_id>/details/", views.details_save, name="details"),
    path("case/<int:case_id>/section/<int:section_id>/order/", views.order_save, name="order"),
    path("", views.caseload, name="caseload"),
    path("case/<int:case_id>/section/<int:section_id>/orders/<int:order_id>/document/", views.order_document,
         name="order_document"),
    path("case/<int:case_id>/section/<int:section_id>/hours/", views.hours_add, name="hours_add"),
    path("case/<int:case_id>/section/<int:section_id>/steps/", views.step_add, name="step_add"),
    path("case/<int:case_id>/section/<int:section_id>/steps/<int:step_id>/decide/", views.step_decide,
         name="step_decide"),
    path("case/<int:case_id>/section/<int:section_id>/complete/", views.complete, name="complete"),
    path("hours/<int:pk>/correct/", views.hours_correct, name="hours_correct"),
    path("providers/", views.provider_list, name="providers"),
    path("providers/new/", views.provider_new, name="provider_new"),
    path("providers/<int:pk>/", views.provider_detail, name="provider"),
    path("providers/<int:pk>/<str:action>/", views.provider_action, name="provider_action"),
    path("providers/<int:pk>/<str:kind>/<int:item_id>/edit/", views.provider_item_edit, name="provider_item_edit"),
    path("places/<int:place_id>/hours/", views.bulk_hours, name="bulk_hours"),
    path("supervisor/", views.supervisor_home, name="supervisor"),
    path("report/", views.value_report, name="report"),
]
