"""Connects cache invalidation to the changes that alter cached pages.

- ``catalog_changed`` (sent by the catalog and review services after commit) moves the affected scopes.
- A reader's public name (display name, or erasure) is printed beside their reviews on book pages but is
  not a catalog write: a change to it moves the pages of the books they reviewed, so an erased name never
  lingers in a cached page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save

from bookstore.caching import generations
from bookstore.caching.invalidation import catalog_changed_receiver
from bookstore.catalog.signals import catalog_changed
from bookstore.reviews.models import Review

# Fields whose change alters the name shown with a reader's reviews (erasure rewrites the e-mail).
PUBLIC_NAME_FIELDS = frozenset({"display_name", "email"})


def user_saved_receiver(
    sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not PUBLIC_NAME_FIELDS & set(update_fields)):
        return
    user_id = instance.pk

    def bump_reviewed_books() -> None:
        book_ids = Review.objects.filter(user_id=user_id).values_list("book_id", flat=True)
        scopes = [generations.book_scope(book_id) for book_id in book_ids]
        if scopes:
            generations.bump(scopes)

    transaction.on_commit(bump_reviewed_books, robust=True)


catalog_changed.connect(catalog_changed_receiver, dispatch_uid="caching.catalog_changed")
post_save.connect(user_saved_receiver, sender=get_user_model(), dispatch_uid="caching.user_saved")
