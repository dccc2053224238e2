from django.urls import path

from community import views

app_name = "community"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("case/<int:case_id>/section/<int:section_id>/", views.section_detail, name="section"),
    path("case/<int:case_id>/section/<int:section_id>/details/", views.details_save, name="details"),
    path("case/<int:case_id>/section/<int:section_id>/order/", views.order_save, name="order"),
    path("case/<int:case_id>/section/<int:section_id>/orders/<int:order_id>/document/", views.order_document,
         name="order_document"),
    path("case/<int:case_id>/section/<int:section_id>/hours/", views.hours_add, name="hours_add"),
    path("case/<int:case_id>/section/<int:section_id>/steps/", views.step_add, name="step_add"),
    path("case/<int:case_id>/section/<int:section_id>/steps/<int:step_id>/decide/", views.step_decide,
         name="step_decide"),
    path("case/<int:case_id>/section/<int:section_id>/complete/", views.complete, name="complete"),
    path("hours/<int:pk>/correct/", views.hours_correct, name="hours_correct"),
    path("places/<int:place_id>/hours/", views.bulk_hours, name="bulk_hours"),
    path("supervisor/", views.supervisor_home, name="supervisor"),
    path("report/", views.value_report, name="report"),
    # Community service's part of a partner organisation's page (/partners/<id>/).
    path("providers/<int:pk>/supervisor/", views.supervisor_link, name="supervisor_link"),
    # The work providers' pages moved to /partners/: the old addresses redirect there.
    path("providers/", views.old_providers, name="old_providers"),
    path("providers/new/", views.old_provider_new, name="old_provider_new"),
    path("providers/<int:pk>/", views.old_provider, name="old_provider"),
    path("providers/<int:pk>/<str:kind>/<int:item_id>/edit/", views.old_provider_item_edit,
         name="old_provider_item_edit"),
]
