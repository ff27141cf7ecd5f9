from __future__ import annotations

from django.urls import path

from sounding.web.consultations.views import (
    bulk,
    consultations,
    dashboard,
    exports,
    history,
    responses,
    themes,
    upload,
)

app_name = "consultations"
urlpatterns = [
    path("", consultations.consultation_list, name="list"),
    path("new/", consultations.consultation_create, name="create"),
    path("<id:pk>/", consultations.consultation_detail, name="detail"),
    path("<id:pk>/progress/", consultations.job_progress, name="progress"),
    path("<id:pk>/members/", consultations.members, name="members"),
    path(
        "<id:pk>/members/<id:member_id>/remove/",
        consultations.member_remove,
        name="member_remove",
    ),
    path("<id:pk>/upload/", upload.upload, name="upload"),
    path("<id:pk>/columns/", upload.columns, name="columns"),
    path("<id:pk>/questions/<id:question_id>/themes/", themes.question_themes, name="themes"),
    path("<id:pk>/questions/<id:question_id>/merge/", themes.theme_merge, name="theme_merge"),
    path("<id:pk>/questions/<id:question_id>/add/", themes.theme_add, name="theme_add"),
    path(
        "<id:pk>/questions/<id:question_id>/reassign/",
        themes.question_reassign,
        name="question_reassign",
    ),
    path(
        "<id:pk>/questions/<id:question_id>/reassign/progress/",
        themes.reassign_progress,
        name="reassign_progress",
    ),
    path("<id:pk>/themes/<id:theme_id>/edit/", themes.theme_edit, name="theme_edit"),
    path("<id:pk>/themes/<id:theme_id>/delete/", themes.theme_delete, name="theme_delete"),
    path("<id:pk>/themes/<id:theme_id>/split/", themes.theme_split, name="theme_split"),
    path("<id:pk>/responses/", responses.response_list, name="responses"),
    path("<id:pk>/responses/bulk/", bulk.responses_bulk, name="responses_bulk"),
    path("<id:pk>/responses/<id:response_id>/", responses.response_detail, name="response"),
    path("<id:pk>/responses/<id:response_id>/flag/", responses.response_flag, name="response_flag"),
    path("<id:pk>/responses/<id:response_id>/read/", responses.response_read, name="response_read"),
    path("<id:pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<id:pk>/history/", history.history, name="history"),
    path("<id:pk>/history/<id:edit_id>/undo/", history.history_undo, name="history_undo"),
    path("<id:pk>/export/", exports.exports, name="exports"),
    path("<id:pk>/export/report.pdf", exports.report_pdf, name="report_pdf"),
    path("<id:pk>/export/<str:name>", exports.download, name="download"),
]
