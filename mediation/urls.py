from django.urls import path

from mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.mediation_list, name="list"),
    path("mine/", views.my_mediations, name="mine"),
    path("new/", views.mediation_new, name="new"),
    path("case/<int:case_id>/section/<int:section_id>/", views.section, name="section"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/gate/", views.gate, name="gate"),
    path("<int:pk>/victims/", views.victim_add, name="victim_add"),
    path("<int:pk>/victims/<int:victim_id>/consent/", views.victim_consent, name="victim_consent"),
    path("<int:pk>/meetings/", views.meeting_plan, name="meeting_plan"),
    path("<int:pk>/meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting_record"),
    path("<int:pk>/settle/", views.settle, name="settle"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/terms/<int:term_id>/", views.term_record, name="term_record"),
    path("<int:pk>/letters/", views.letter, name="letter"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("mediators/", views.mediators, name="mediators"),
    path("mediators/<int:pk>/", views.mediator_edit, name="mediator_edit"),
]
