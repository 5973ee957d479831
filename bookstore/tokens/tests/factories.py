"""Tokens are made through the service (the only way to get a plain key); ``.key`` holds it."""

import itertools

from bookstore.accounts.tests.factories import UserFactory
from bookstore.tokens.services import api_token_create

_names = itertools.count()


def create_token(*, user=None, name=None):
    token, key = api_token_create(user=user or UserFactory(), name=name or f"script {next(_names)}")
    token.key = key
    return token
