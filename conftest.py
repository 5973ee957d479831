"""Project-wide pytest configuration."""

import pytest


@pytest.fixture(autouse=True)
def _empty_cache_per_test() -> None:
    """Each test starts with an empty cache: a page cached by one test must not answer another's request."""
    from django.core.cache import caches

    from bookstore.caching import generations, pages

    for cache in caches.all(initialized_only=True):
        cache.clear()
    generations.forget()
    pages.local_pages.clear()
