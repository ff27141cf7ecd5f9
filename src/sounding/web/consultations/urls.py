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
    path("<int:pk>/", consultations.consultation_detail, name="detail"),
    path("<int:pk>/progress/", consultations.job_progress, name="progress"),
    path("<int:pk>/members/", consultations.members, name="members"),
    path(
        "<int:pk>/members/<int:member_id>/remove/",
        consultations.member_remove,
        name="member_remove",
    ),
    path("<int:pk>/upload/", upload.upload, name="upload"),
    path("<int:pk>/columns/", upload.columns, name="columns"),
    path("<int:pk>/questions/<int:question_id>/themes/", themes.question_themes, name="themes"),
    path("<int:pk>/questions/<int:question_id>/merge/", themes.theme_merge, name="theme_merge"),
    path("<int:pk>/questions/<int:question_id>/add/", themes.theme_add, name="theme_add"),
    path(
        "<int:pk>/questions/<int:question_id>/reassign/",
        themes.question_reassign,
        name="question_reassign",
    ),
    path(
        "<int:pk>/questions/<int:question_id>/reassign/progress/",
        themes.reassign_progress,
        name="reassign_progress",
    ),
    path("<int:pk>/themes/<int:theme_id>/edit/", themes.theme_edit, name="theme_edit"),
    path("<int:pk>/themes/<int:theme_id>/delete/", themes.theme_delete, name="theme_delete"),
    path("<int:pk>/themes/<int:theme_id>/split/", themes.theme_split, name="theme_split"),
    path("<int:pk>/responses/", responses.response_list, name="responses"),
    path("<int:pk>/responses/bulk/", bulk.responses_bulk, name="responses_bulk"),
    path("<int:pk>/responses/<int:response_id>/", responses.response_detail, name="response"),
    path(
        "<int:pk>/responses/<int:response_id>/flag/", responses.response_flag, name="response_flag"
    ),
    path(
        "<int:pk>/responses/<int:response_id>/read/", responses.response_read, name="response_read"
    ),
    path("<int:pk>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<int:pk>/history/", history.history, name="history"),
    path("<int:pk>/history/<int:edit_id>/undo/", history.history_undo, name="history_undo"),
    path("<int:pk>/export/", exports.exports, name="exports"),
    path("<int:pk>/export/report.pdf", exports.report_pdf, name="report_pdf"),
    path("<int:pk>/export/<str:name>", exports.download, name="download"),
]
