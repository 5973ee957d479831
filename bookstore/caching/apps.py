from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "bookstore.caching"

    def ready(self) -> None:
        # Cache invalidation follows the catalog's change signal.
        from bookstore.caching import receivers  # noqa: F401
