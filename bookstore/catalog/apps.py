from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "bookstore.catalog"
    verbose_name = "Catalog"
