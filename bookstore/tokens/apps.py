from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "bookstore.tokens"
    label = "tokens"
    verbose_name = "API tokens"
