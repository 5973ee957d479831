"""The reader's privacy page: request an export, download it, erase the account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from bookstore.privacy.forms import AccountEraseForm
from bookstore.privacy.selectors import data_exports_for_user
from bookstore.privacy.services import (
    PrivacyError,
    account_erase,
    data_export_for_token,
    data_export_request,
)


@method_decorator(never_cache, name="dispatch")
class PrivacyView(LoginRequiredMixin, View):
    template_name = "privacy/privacy.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, AccountEraseForm(user=request.user))

    def _render(self, request: HttpRequest, form: AccountEraseForm, status: int = 200) -> HttpResponse:
        exports = data_exports_for_user(user=request.user)[:5]
        return render(request, self.template_name, {"exports": exports, "erase_form": form}, status=status)


@method_decorator(never_cache, name="dispatch")
class DataExportRequestView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        data_export_request(user=request.user)
        messages.success(
            request, "We are preparing your export. We will e-mail you a download link when it is ready."
        )
        return redirect("privacy:overview")


@method_decorator(never_cache, name="dispatch")
class DataExportDownloadView(LoginRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        try:
            export = data_export_for_token(token=token, user=request.user)
        except PrivacyError as error:
            return render(request, "privacy/link_refused.html", {"reason": str(error)}, status=404)
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"bookstore-data-{export.requested_at:%Y%m%d}.zip",
        )


@method_decorator(never_cache, name="dispatch")
class AccountEraseView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any) -> HttpResponse:
        form = AccountEraseForm(request.POST, user=request.user)
        if not form.is_valid():
            return PrivacyView()._render(request, form, status=400)
        try:
            account_erase(user=request.user)
        except PrivacyError as error:
            form.add_error(None, str(error))
            return PrivacyView()._render(request, form, status=400)
        logout(request)
        messages.success(
            request, "Your account has been erased. Your reviews remain, under the name “Deleted reader”."
        )
        return redirect("pages:home")
