from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "bookstore.privacy"
    verbose_name = "Privacy"
