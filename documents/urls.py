from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("case/<int:case_id>/", views.case_documents, name="case_documents"),
    path("case/<int:case_id>/generate/", views.generate, name="generate"),
    path("case/<int:case_id>/upload/", views.upload, name="upload"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/revise/", views.revise, name="revise"),
    path("templates/", views.templates, name="templates"),
    path("templates/upload/", views.template_upload, name="template_upload"),
    path("templates/<int:pk>/activate/", views.template_activate, name="template_activate"),
    path("templates/<int:pk>/download/", views.template_download, name="template_download"),
]
