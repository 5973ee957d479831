from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "bookstore.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from bookstore.search import receivers  # noqa: F401 - connects the catalog_changed receiver
