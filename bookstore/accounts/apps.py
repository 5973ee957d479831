from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bookstore.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from bookstore.accounts import receivers  # noqa: F401 - connects the signal receivers
