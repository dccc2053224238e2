from django.urls import path

from risk import views

app_name = "risk"

urlpatterns = [
    path("cases/<int:case_id>/", views.case_risk, name="case"),
    path("cases/<int:case_id>/history/new/", views.conviction_new, name="conviction_new"),
    path("history/<int:entry_id>/edit/", views.conviction_edit, name="conviction_edit"),
    path("history/<int:entry_id>/withdraw/", views.conviction_withdraw, name="conviction_withdraw"),
    path("cases/<int:case_id>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:assessment_id>/correct/", views.assessment_correct, name="assessment_correct"),
    path("overrides/", views.overrides, name="overrides"),
    path("cases/<int:case_id>/questionnaires/new/", views.questionnaire_new, name="questionnaire_new"),
    path("questionnaires/<int:questionnaire_id>/", views.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:questionnaire_id>/cancel/", views.questionnaire_cancel, name="questionnaire_cancel"),
    path("model/", views.calculator, name="calculator"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/new/", views.instrument_new, name="instrument_new"),
    path("instruments/<int:instrument_id>/", views.instrument_detail, name="instrument"),
    path("instruments/<int:instrument_id>/activate/", views.instrument_activate, name="instrument_activate"),
    path("articles/", views.articles, name="articles"),
    path("articles/new/", views.article_edit, name="article_new"),
    path("articles/<int:article_id>/", views.article_edit, name="article_edit"),
    path("imports/", views.imports, name="imports"),
    path("imports/<int:batch_id>/", views.import_detail, name="import"),
    path("research/", views.research, name="research"),
    path("research/export/", views.research_export, name="research_export"),
    # The client's public pages: a one-time code, no account (tests/test_seam.py FRAME_PAGES).
    path("e-testing/", views.etest_start, name="etest_start"),
    path("e-testing/question/", views.etest_question, name="etest_question"),
    path("e-testing/done/", views.etest_done, name="etest_done"),
]
