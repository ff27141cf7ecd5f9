"""Every URL of the web app; all but sign-in and sign-up need a signed-in member."""

from __future__ import annotations

from django.urls import include, path
from django.views.generic import RedirectView

from sounding.web.consultations.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="consultations:list"), name="home"),
    path("accounts/", include("sounding.web.accounts.urls")),
    path("consultations/", include("sounding.web.consultations.urls")),
    path("api/", api.urls),
]
