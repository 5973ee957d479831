"""The reader's API tokens page: list, create (the key is shown once), revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from bookstore.tokens.forms import ApiTokenCreateForm
from bookstore.tokens.selectors import api_token_get, api_token_list
from bookstore.tokens.services import api_token_create, api_token_revoke


# never_cache: the response that shows a new key must not be stored by the browser or any proxy.
@method_decorator(never_cache, name="dispatch")
class ApiTokenListView(LoginRequiredMixin, View):
    template_name = "tokens/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ApiTokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenCreateForm(request.POST)
        if form.is_valid():
            try:
                token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._render(request, ApiTokenCreateForm(), new_token=token, new_key=key)
        return self._render(request, form, status=400)

    def _render(
        self, request: HttpRequest, form: ApiTokenCreateForm, status: int = 200, **extra: Any
    ) -> HttpResponse:
        context = {"tokens": api_token_list(user=request.user), "form": form, **extra}
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = api_token_get(user=request.user, token_id=pk)
        api_token_revoke(actor=request.user, token=token)
        messages.success(
            request, f"The token “{token.name}” has been revoked. Anything using it stops working now."
        )
        return redirect("tokens:list")
