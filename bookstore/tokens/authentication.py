"""DRF authentication with a personal API token: ``Authorization: Bearer bst_…``."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from bookstore.tokens.models import ApiToken
from bookstore.tokens.services import api_token_authenticate


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # not ours: the next authentication class (the session) may apply
        if len(parts) != 2:
            raise AuthenticationFailed("Send the header as `Authorization: Bearer <token>`.")
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed("The token is not valid.") from error
        token = api_token_authenticate(key=key)
        if token is None:
            raise AuthenticationFailed("The token is not valid, or has been revoked.")
        if not token.user.is_active:
            raise AuthenticationFailed("This account is disabled.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes an unauthenticated request a 401 with WWW-Authenticate, telling the client what to send.
        return 'Bearer realm="api"'
