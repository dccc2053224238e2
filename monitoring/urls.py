from django.urls import path

from monitoring import views

app_name = "monitoring"
_S = "case/<int:case_id>/section/<int:section_id>/"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("stream/", views.stream, name="stream"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("alerts/<int:alert_id>/review/", views.alert_review, name="alert_review"),
    path("alerts/<int:alert_id>/<str:action>/", views.alert_action, name="alert_action"),
    path("devices/", views.devices, name="devices"),
    path("calculator/", views.calculator, name="calculator"),
    path(_S, views.section_detail, name="section"),
    path(_S + "plan/", views.plan, name="plan"),
    path(_S + "home/", views.home_check, name="home"),
    path(_S + "fit/", views.fit, name="fit"),
    path(_S + "end/", views.end, name="end"),
    path(_S + "devices/", views.assign, name="assign"),
    path(_S + "devices/<int:assignment_id>/return/", views.device_return, name="device_return"),
    path(_S + "visits/", views.visit, name="visit"),
    path(_S + "schedule/", views.schedule, name="schedule"),
    path(_S + "schedule/exception/", views.exception, name="exception"),
    path(_S + "zones/", views.zone, name="zone"),
    path(_S + "export/", views.section_export, name="export"),
]
