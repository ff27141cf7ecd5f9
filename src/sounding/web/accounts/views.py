"""Sign-in, sign-out and sign-up pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sounding.web.accounts.forms import LockoutAuthenticationForm, SignupForm


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {**super().get_context_data(**kwargs), "allow_signup": settings.ALLOW_SIGNUP}


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account (when the installation allows it) and sign straight in."""
    if not settings.ALLOW_SIGNUP:
        raise Http404("Sign-up is turned off.")
    form = SignupForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("consultations:list")
    return render(request, "accounts/signup.html", {"form": form})
