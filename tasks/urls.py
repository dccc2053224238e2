from django.urls import path

from tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("unit/", views.unit_tasks, name="unit"),
    path("overdue/", views.overdue_tasks, name="overdue"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/complete/", views.task_complete, name="complete"),
    path("<int:pk>/assign/", views.task_assign, name="assign"),
    path("<int:pk>/cancel/", views.task_cancel, name="cancel"),
    path("case/<int:case_id>/", views.case_tasks, name="case_tasks"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/new/", views.inbox_new, name="inbox_new"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/file/", views.inbox_file, name="inbox_file"),
    path("inbox/<int:pk>/reject/", views.inbox_reject, name="inbox_reject"),
    path("inbox/<int:pk>/register/", views.register_find, name="register_find"),
    path("inbox/<int:pk>/register/details/", views.register_details, name="register_details"),
    path("workload/", views.workload, name="workload"),
    path("notifications/", views.notifications, name="notifications"),
]
