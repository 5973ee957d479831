"""Template tags for fragment caching keyed on generations.

Use with Django's ``{% cache %}`` tag, passing the generation as a ``vary_on`` value, so a fragment is
re-rendered after any change that can affect it::

    {% load cache catalog_cache %}
    {% catalog_generation "taxonomy" as taxonomy_gen %}
    {% cache 3600 genre-menu taxonomy_gen %}…{% endcache %}

    {% catalog_generation "book" book.pk as book_gen %}
    {% cache 3600 rating-histogram book.pk book_gen %}…{% endcache %}
"""

from __future__ import annotations

import time

from django import template
from django.conf import settings

from bookstore.caching import generations

register = template.Library()


@register.simple_tag
def catalog_generation(scope: str, object_id: object = None) -> int:
    """The current generation of a scope: "catalog", "taxonomy", or "book" with the book's id."""
    if scope == "book" and object_id is None:
        raise template.TemplateSyntaxError('catalog_generation "book" needs the book id')
    if not settings.CATALOG_VALUE_CACHE:
        # Caching switched off: a value that never repeats, so the fragment is rendered every time.
        return time.monotonic_ns()
    name = generations.book_scope(object_id) if scope == "book" else scope
    return generations.read([name])[name]
