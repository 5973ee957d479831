"""Catalog background tasks, here so Celery's autodiscovery (``<app>.tasks``) registers them."""

from bookstore.catalog.covers.tasks import book_cover_thumbnails_task

__all__ = ["book_cover_thumbnails_task"]
