from django.urls import path

from cases import views

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/export.xlsx", views.caseload_export, name="caseload_export"),
    path("caseload/allocation/", views.allocation, name="allocation"),
    path("caseload/cover/", views.cover, name="cover"),
    path("caseload/cover/<int:pk>/end/", views.cover_end, name="cover_end"),
    path("search/", views.search, name="search"),
    path("clients/new/", views.case_new, name="case_new"),
    path("clients/<int:case_id>/", views.case_detail, name="case_detail"),
    path("clients/<int:case_id>/timeline/", views.case_timeline, name="case_timeline"),
    path("clients/<int:case_id>/notes/", views.case_notes, name="case_notes"),
    path("clients/<int:case_id>/notes/new/", views.case_note_add, name="case_note_add"),
    path("clients/<int:case_id>/person/", views.person_edit, name="person_edit"),
    path("clients/<int:case_id>/contacts/new/", views.contact_add, name="contact_add"),
    path("clients/<int:case_id>/aliases/new/", views.alias_add, name="alias_add"),
    path("clients/<int:case_id>/sections/new/", views.section_new, name="section_new"),
    path("clients/<int:case_id>/sections/<int:section_id>/close/", views.section_close, name="section_close"),
    path("clients/<int:case_id>/transfer/", views.case_transfer, name="case_transfer"),
    path("clients/<int:case_id>/officer/", views.case_assign, name="case_assign"),
]
