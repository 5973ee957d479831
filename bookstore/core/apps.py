from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bookstore.core"
