from django.urls import path

from evaluation import views

app_name = "evaluation"
_S = "case/<int:case_id>/section/<int:section_id>/"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("unit/", views.unit, name="unit"),
    path("reviews/", views.reviews, name="reviews"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path(_S, views.section_detail, name="section"),
    path(_S + "request/", views.request_save, name="request"),
    path(_S + "assign/", views.assign, name="assign"),
    path(_S + "invite/", views.invite, name="invite"),
    path(_S + "steps/", views.step_add, name="step"),
    path(_S + "report/", views.sections_save, name="sections"),
    path(_S + "submit/", views.review_submit, name="submit"),
    path(_S + "review/", views.review, name="review"),
    path(_S + "send/", views.send_report, name="send"),
    path(_S + "letter/", views.send_letter, name="letter"),
]
