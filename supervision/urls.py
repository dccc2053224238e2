from django.urls import path

from supervision import views

app_name = "supervision"
_S = "case/<int:case_id>/section/<int:section_id>/"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("calendar/", views.calendar, name="calendar"),
    path("calculator/", views.calculator, name="calculator"),
    path("vitals/", views.vitals, name="vitals"),
    path(_S, views.section_detail, name="section"),
    path(_S + "register/", views.register, name="register"),
    path(_S + "intensity/", views.intensity, name="intensity"),
    path(_S + "duties/", views.duty_add, name="duty_add"),
    path(_S + "appointments/", views.appointment_add, name="appointment_add"),
    path(_S + "appointments/<int:appointment_id>/outcome/", views.outcome, name="outcome"),
    path(_S + "violations/", views.violation_add, name="violation_add"),
    path(_S + "violations/<int:violation_id>/warning/", views.warning_issue, name="warning"),
    path(_S + "submissions/", views.submission_add, name="submission_add"),
    path(_S + "submissions/<int:submission_id>/decision/", views.decision, name="decision"),
    path(_S + "plan/", views.plan_save, name="plan_save"),
    path(_S + "absences/", views.absence_add, name="absence_add"),
    path(_S + "absences/<int:absence_id>/decision/", views.absence_decide, name="absence_decide"),
    path(_S + "termination/", views.termination_add, name="termination_add"),
    path(_S + "close/", views.close, name="close"),
]
