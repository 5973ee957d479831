"""Catalog writes: books, authors and genres.

Each function validates (``ValidationError`` with a message for the person), writes inside one transaction,
records its audit entry in that transaction and announces the change with ``catalog_changed`` after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_diff, audit_record, audit_snapshot
from bookstore.catalog.models import Author, Book, BookAuthor, Genre
from bookstore.catalog.signals import catalog_changed_after_commit
from bookstore.catalog.validators import normalize_isbn13

BOOK_FIELDS = frozenset(
    {
        "title",
        "subtitle",
        "slug",
        "isbn13",
        "description",
        "price",
        "currency",
        "publication_date",
        "language",
        "page_count",
        "publisher",
    }
)
_BOOK_AUDITED = (*sorted(BOOK_FIELDS), "authors", "genres")
_AUTHOR_FIELDS = frozenset({"name", "slug", "bio"})
_GENRE_FIELDS = frozenset({"name", "slug"})


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk: Any = None, max_length: int = 200
) -> str:
    """``slugify(text)``, suffixed ``-2``, ``-3`` … until no other row of ``model`` uses it."""
    base = slugify(text)[: max_length - 6].strip("-") or model._meta.model_name or "item"
    candidate, number = base, 1
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _save_new(instance: models.Model) -> None:
    """Insert, turning a unique-constraint race lost to a concurrent writer into a ValidationError."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as error:
        raise ValidationError(
            "This conflicts with an existing record; please check the unique fields."
        ) from error


# --- Books -------------------------------------------------------------------------------------------------


def _set_authors(book: Book, authors: Sequence[Author]) -> None:
    if len({author.pk for author in authors}) != len(authors):
        raise ValidationError({"authors": "An author is listed twice."})
    BookAuthor.objects.filter(book=book).delete()
    BookAuthor.objects.bulk_create(
        BookAuthor(book=book, author=author, position=position) for position, author in enumerate(authors)
    )


def _prepare_book_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if "isbn13" in fields:
        fields["isbn13"] = normalize_isbn13(fields["isbn13"])
    if "title" in fields and isinstance(fields["title"], str):
        fields["title"] = fields["title"].strip()
    return fields


@transaction.atomic
def book_create(
    *, actor: Any, authors: Sequence[Author] = (), genres: Iterable[Genre] = (), **fields: Any
) -> Book:
    _check_fields(fields, BOOK_FIELDS)
    fields = _prepare_book_fields(fields)
    book = Book(**fields)
    if not book.slug:
        book.slug = slugify(book.title)[:320] or "book"
    book.full_clean()
    _save_new(book)
    _set_authors(book, list(authors))
    book.genres.set(list(genres))
    audit_record(
        action=AuditAction.BOOK_CREATED,
        actor=actor,
        target=book,
        changes={name: [None, value] for name, value in audit_snapshot(book, fields=_BOOK_AUDITED).items()},
    )
    catalog_changed_after_commit(sender=Book, book_ids=[book.pk])
    return book


@transaction.atomic
def book_update(
    *,
    actor: Any,
    book: Book,
    authors: Sequence[Author] | None = None,
    genres: Iterable[Genre] | None = None,
    **fields: Any,
) -> Book:
    """Change the given fields (and the byline/genres when given). Unchanged values are not written."""
    _check_fields(fields, BOOK_FIELDS)
    fields = _prepare_book_fields(fields)
    book = Book.objects.select_for_update().get(pk=book.pk)
    before = audit_snapshot(book, fields=_BOOK_AUDITED)
    changed = [name for name, value in fields.items() if getattr(book, name) != value]
    for name in changed:
        setattr(book, name, fields[name])
    if "title" in changed and "slug" not in fields:
        book.slug = slugify(book.title)[:320] or "book"
        changed.append("slug")
    book.full_clean()
    if changed:
        book.save(update_fields=[*changed, "updated"])
    if authors is not None:
        _set_authors(book, list(authors))
    if genres is not None:
        book.genres.set(list(genres))
    diff = audit_diff(before, audit_snapshot(book, fields=_BOOK_AUDITED))
    if diff:
        audit_record(action=AuditAction.BOOK_UPDATED, actor=actor, target=book, changes=diff)
        catalog_changed_after_commit(sender=Book, book_ids=[book.pk])
    return book


@transaction.atomic
def book_delete(*, actor: Any, book: Book) -> None:
    """Delete a book with its credits and reviews."""
    book = Book.objects.select_for_update().get(pk=book.pk)
    audit_record(
        action=AuditAction.BOOK_DELETED,
        actor=actor,
        target_ref=(book._meta.label_lower, str(book.pk), str(book)),
        metadata={"isbn13": book.isbn13, "reviews": book.rating_count},
    )
    book_id = book.pk
    book.delete()
    catalog_changed_after_commit(sender=Book, book_ids=[book_id])


# --- Authors and genres --------------------------------------------------------------------------------------


@transaction.atomic
def author_create(*, actor: Any, name: str, slug: str = "", bio: str = "") -> Author:
    author = Author(name=name.strip(), slug=slug or unique_slug(Author, name, max_length=220), bio=bio)
    author.full_clean()
    _save_new(author)
    audit_record(
        action=AuditAction.AUTHOR_CREATED,
        actor=actor,
        target=author,
        changes={"name": [None, author.name], "slug": [None, author.slug]},
    )
    catalog_changed_after_commit(sender=Author, author_ids=[author.pk])
    return author


@transaction.atomic
def author_update(*, actor: Any, author: Author, **fields: Any) -> Author:
    _check_fields(fields, _AUTHOR_FIELDS)
    author = Author.objects.select_for_update().get(pk=author.pk)
    before = audit_snapshot(author, fields=sorted(_AUTHOR_FIELDS))
    changed = [name for name, value in fields.items() if getattr(author, name) != value]
    for name in changed:
        setattr(author, name, fields[name])
    author.full_clean()
    if not changed:
        return author
    author.save(update_fields=[*changed, "updated"])
    audit_record(
        action=AuditAction.AUTHOR_UPDATED,
        actor=actor,
        target=author,
        changes=audit_diff(before, audit_snapshot(author, fields=sorted(_AUTHOR_FIELDS))),
    )
    book_ids = list(BookAuthor.objects.filter(author=author).values_list("book_id", flat=True))
    catalog_changed_after_commit(sender=Author, book_ids=book_ids, author_ids=[author.pk])
    return author


@transaction.atomic
def author_delete(*, actor: Any, author: Author) -> None:
    """Delete an author who is credited on no book (remove the credits first)."""
    author = Author.objects.select_for_update().get(pk=author.pk)
    credited = BookAuthor.objects.filter(author=author).count()
    if credited:
        raise ValidationError(
            f"{author.name} is credited on {credited} book(s): remove those credits before deleting the author."
        )
    audit_record(
        action=AuditAction.AUTHOR_DELETED,
        actor=actor,
        target_ref=(author._meta.label_lower, str(author.pk), str(author)),
    )
    author_id = author.pk
    author.delete()
    catalog_changed_after_commit(sender=Author, author_ids=[author_id])


@transaction.atomic
def genre_create(*, actor: Any, name: str, slug: str = "") -> Genre:
    genre = Genre(name=name.strip(), slug=slug or unique_slug(Genre, name, max_length=120))
    genre.full_clean()
    _save_new(genre)
    audit_record(
        action=AuditAction.GENRE_CREATED,
        actor=actor,
        target=genre,
        changes={"name": [None, genre.name], "slug": [None, genre.slug]},
    )
    catalog_changed_after_commit(sender=Genre, genre_ids=[genre.pk])
    return genre


@transaction.atomic
def genre_update(*, actor: Any, genre: Genre, **fields: Any) -> Genre:
    _check_fields(fields, _GENRE_FIELDS)
    genre = Genre.objects.select_for_update().get(pk=genre.pk)
    before = audit_snapshot(genre, fields=sorted(_GENRE_FIELDS))
    changed = [name for name, value in fields.items() if getattr(genre, name) != value]
    for name in changed:
        setattr(genre, name, fields[name])
    genre.full_clean()
    if not changed:
        return genre
    genre.save(update_fields=changed)
    audit_record(
        action=AuditAction.GENRE_UPDATED,
        actor=actor,
        target=genre,
        changes=audit_diff(before, audit_snapshot(genre, fields=sorted(_GENRE_FIELDS))),
    )
    book_ids = list(genre.books.values_list("pk", flat=True))
    catalog_changed_after_commit(sender=Genre, book_ids=book_ids, genre_ids=[genre.pk])
    return genre


@transaction.atomic
def genre_delete(*, actor: Any, genre: Genre) -> None:
    """Delete a genre; its books stay, without it."""
    genre = Genre.objects.select_for_update().get(pk=genre.pk)
    book_ids = list(genre.books.values_list("pk", flat=True))
    audit_record(
        action=AuditAction.GENRE_DELETED,
        actor=actor,
        target_ref=(genre._meta.label_lower, str(genre.pk), str(genre)),
        metadata={"books": len(book_ids)},
    )
    genre_id = genre.pk
    genre.delete()
    catalog_changed_after_commit(sender=Genre, book_ids=book_ids, genre_ids=[genre_id])
