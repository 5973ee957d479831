"""Which generations a catalog change moves.

Called from the catalog's ``catalog_changed`` signal, which the write services send after their
transaction commits (so no process can re-cache the old data after the bump).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bookstore.caching import generations

# Changes confined to the books they name: the books' own pages and every list that shows them.
BOOK_LEVEL_MODELS = frozenset({"book", "review"})


def scopes_for_change(model_name: str, book_ids: Iterable[object] = ()) -> list[str]:
    book_ids = list(book_ids)
    if model_name in BOOK_LEVEL_MODELS and book_ids:
        return [generations.CATALOG, *(generations.book_scope(book_id) for book_id in book_ids)]
    # Authors, genres, publishers (and anything unknown) show on many books' pages: move everything.
    return [generations.CATALOG, generations.TAXONOMY]


def catalog_changed_receiver(sender: Any, book_ids: Iterable[object] = (), **kwargs: Any) -> None:
    model_name = getattr(getattr(sender, "_meta", None), "model_name", "") or ""
    generations.bump(scopes_for_change(model_name, book_ids or ()))
