"""Account pages of our own (profile, sign out everywhere, the 429 page) and thin subclasses of allauth's
password views that end the other sessions once a password changes."""

from __future__ import annotations

from typing import Any

from allauth.account.views import PasswordChangeView as AllauthPasswordChangeView
from allauth.account.views import PasswordResetFromKeyView as AllauthPasswordResetFromKeyView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from bookstore.accounts.forms import ProfileForm
from bookstore.accounts.selectors import user_email_addresses, user_mfa_status, user_sessions
from bookstore.accounts.services import user_profile_update, user_sessions_end
from bookstore.accounts.throttle import login_failures_clear, rate_limit_retry_after


def too_many_requests(
    request: HttpRequest, exception: Exception | None = None, *, retry_after: int | None = None
) -> HttpResponse:
    """The 429 page: what happened and when to try again (also in ``Retry-After``)."""
    if retry_after is None:
        match = getattr(request, "resolver_match", None)
        retry_after = rate_limit_retry_after(url_name=match.url_name if match else None)
    minutes = max(1, -(-retry_after // 60))
    response = render(request, "429.html", {"retry_after": retry_after, "retry_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, View):
    template_name = "account/profile.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ProfileForm(initial={"display_name": request.user.display_name})  # type: ignore[union-attr]
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProfileForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        user_profile_update(user=request.user, display_name=form.cleaned_data["display_name"])  # type: ignore[arg-type]
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:profile")

    def _render(self, request: HttpRequest, form: ProfileForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "email_addresses": user_email_addresses(user=request.user),
            "mfa": user_mfa_status(user=request.user),
            "sessions": user_sessions(user=request.user),
            "current_session_key": request.session.session_key,
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class LogoutEverywhereView(LoginRequiredMixin, View):
    """End every session of the account, this one included."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        user_sessions_end(user=user, reason="log out everywhere")
        logout(request)
        messages.success(request, "You have been signed out on every device.")
        return redirect("account_login")


class PasswordChangeView(AllauthPasswordChangeView):
    """allauth's password change; then every other session of the account ends."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user_sessions_end(
            user=form.user, keep_session_key=self.request.session.session_key, reason="password changed"
        )
        return response


class PasswordResetFromKeyView(AllauthPasswordResetFromKeyView):
    """allauth's password reset; then every session of the account ends and its lockout is lifted."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = self.reset_user
        response = super().form_valid(form)
        user_sessions_end(user=user, reason="password reset")
        login_failures_clear(identifier=user.email)
        return response
