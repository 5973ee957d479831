from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bookstore.accounts"
    verbose_name = "Accounts"
