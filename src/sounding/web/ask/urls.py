from __future__ import annotations

from django.urls import path

from sounding.web.ask import views

app_name = "ask"
urlpatterns = [
    path("", views.ask_page, name="page"),
    path("answers/<id:pk>/feedback/", views.feedback, name="feedback"),
]
