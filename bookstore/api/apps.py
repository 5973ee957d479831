from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "bookstore.api"
    label = "api"
    verbose_name = "REST API"
