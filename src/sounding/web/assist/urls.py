from __future__ import annotations

from django.urls import path

from sounding.web.assist import views

app_name = "assist"
urlpatterns = [
    path("", views.collections, name="collections"),
    path("<id:pk>/", views.collection, name="collection"),
    path("<id:pk>/upload/", views.upload, name="documents_upload"),
    path("<id:pk>/delete/", views.collection_delete, name="collection_delete"),
    path("<id:pk>/share/", views.share, name="share"),
    path("<id:pk>/shares/<id:user_id>/remove/", views.unshare, name="unshare"),
    path("<id:pk>/chat/", views.chat, name="chat"),
    path("<id:pk>/documents/<str:doc_id>/", views.document, name="document"),
    path("<id:pk>/documents/<str:doc_id>/file", views.document_file, name="document_file"),
    path("<id:pk>/documents/<str:doc_id>/delete/", views.document_delete, name="document_delete"),
]
