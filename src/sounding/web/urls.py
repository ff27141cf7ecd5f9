"""Every URL of the web app; all but sign-in and sign-up need a signed-in member."""

from __future__ import annotations

from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from sounding.web.ask.api import router as ask_api
from sounding.web.consultations.api import api
from sounding.web.converters import IdConverter

register_converter(IdConverter, "id")  # <id:pk> in every app's URLs
api.add_router("", ask_api)  # POST /api/ask beside the consultations' endpoints

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="consultations:list"), name="home"),
    path("accounts/", include("sounding.web.accounts.urls")),
    path("consultations/", include("sounding.web.consultations.urls")),
    path("ask/", include("sounding.web.ask.urls")),
    path("assist/", include("sounding.web.assist.urls")),
    path("api/", api.urls),
]
