"""Review writes: create, edit and delete, keeping the book's rating counters right.

Lock order is always the book row, then the review row, so two writers on one book queue instead of
deadlocking; the counters change with F() expressions in the same transaction as the review and its audit
entry. A reader may only change their own review (``PermissionDenied`` otherwise); moderators holding
``reviews.delete_review`` may delete anyone's.
"""

from __future__ import annotations

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record
from bookstore.catalog.models import Book
from bookstore.catalog.signals import catalog_changed_after_commit
from bookstore.reviews.models import Review

_EDITABLE = frozenset({"rating", "title", "text"})


def _average(total: int, count: int) -> Decimal:
    if count <= 0:
        return Decimal("0.00")
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _lock_book(book_id: Any) -> Book:
    return Book.objects.select_for_update().only("pk", *Book.RATING_FIELDS).get(pk=book_id)


def _apply_ratings(book: Book, *, added: int | None = None, removed: int | None = None) -> None:
    """Move the locked ``book``'s counters by one added and/or one removed rating, in the database."""
    buckets: Counter[int] = Counter()
    count_delta = sum_delta = 0
    if added is not None:
        buckets[added] += 1
        count_delta += 1
        sum_delta += added
    if removed is not None:
        buckets[removed] -= 1
        count_delta -= 1
        sum_delta -= removed
    updates: dict[str, Any] = {
        f"rating_{stars}": F(f"rating_{stars}") + delta for stars, delta in buckets.items() if delta
    }
    if count_delta:
        updates["rating_count"] = F("rating_count") + count_delta
    if sum_delta:
        updates["rating_sum"] = F("rating_sum") + sum_delta
    if not updates:
        return
    # The row is locked, so the values just read are current: the new average follows from them.
    updates["rating_average"] = _average(book.rating_sum + sum_delta, book.rating_count + count_delta)
    Book.objects.filter(pk=book.pk).update(**updates)


def _clean_text(value: Any) -> str:
    return str(value or "").strip()


def _audit_changes(review: Review) -> dict[str, Any]:
    # The review text stays out of the trail: it is the reader's own words, kept only on the review.
    return {"book": str(review.book_id), "rating": review.rating, "title": review.title}


def review_create(*, user: Any, book: Book, rating: int, title: str, text: str = "") -> Review:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied("Sign in to review a book.")
    if not Book.objects.visible_to(user).filter(pk=book.pk).exists():
        raise PermissionDenied("This book cannot be reviewed yet.")
    review = Review(book=book, user=user, rating=rating, title=_clean_text(title), text=_clean_text(text))
    review.full_clean()  # field rules, the 1-to-5 check and "one review per reader per book"
    try:
        with transaction.atomic():
            locked = _lock_book(book.pk)
            review.save(force_insert=True)
            _apply_ratings(locked, added=review.rating)
            audit_record(
                action=AuditAction.REVIEW_CREATED,
                actor=user,
                target=review,
                metadata=_audit_changes(review),
            )
    except IntegrityError as error:  # a concurrent request from the same reader won the race
        raise ValidationError("You have already reviewed this book.") from error
    catalog_changed_after_commit(sender=Review, book_ids=[book.pk])
    return review


def _check_owner(user: Any, review: Review) -> None:
    if not getattr(user, "is_authenticated", False) or review.user_id != user.pk:
        raise PermissionDenied("You can only change your own review.")


@transaction.atomic
def review_update(*, user: Any, review: Review, **fields: Any) -> Review:
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    _check_owner(user, review)
    locked_book = _lock_book(review.book_id)
    review = Review.objects.select_for_update().get(pk=review.pk)
    _check_owner(user, review)
    before = _audit_changes(review)
    old_rating = review.rating
    for name in ("title", "text"):
        if name in fields:
            fields[name] = _clean_text(fields[name])
    changed = [name for name, value in fields.items() if getattr(review, name) != value]
    for name in changed:
        setattr(review, name, fields[name])
    review.full_clean()
    if not changed:
        return review
    review.save(update_fields=[*changed, "updated"])
    if review.rating != old_rating:
        _apply_ratings(locked_book, added=review.rating, removed=old_rating)
    after = _audit_changes(review)
    audit_record(
        action=AuditAction.REVIEW_UPDATED,
        actor=user,
        target=review,
        changes={
            name: [before[name], after[name]] for name in ("rating", "title") if before[name] != after[name]
        },
        metadata={"book": str(review.book_id), "text_changed": "text" in changed},
    )
    catalog_changed_after_commit(sender=Review, book_ids=[review.book_id])
    return review


def _may_delete(user: Any, review: Review) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return review.user_id == user.pk or user.has_perm("reviews.delete_review")


@transaction.atomic
def review_delete(*, user: Any, review: Review) -> None:
    """Delete a review: its author, or a moderator with ``reviews.delete_review``."""
    if not _may_delete(user, review):
        raise PermissionDenied("You can only delete your own review.")
    locked_book = _lock_book(review.book_id)
    current = Review.objects.select_for_update().filter(pk=review.pk).first()
    if current is None:  # deleted meanwhile (a double submit): nothing left to do, nothing to count
        return
    review = current
    audit_record(
        action=AuditAction.REVIEW_DELETED,
        actor=user,
        target_ref=(review._meta.label_lower, str(review.pk), str(review)),
        metadata={**_audit_changes(review), "moderated": review.user_id != user.pk},
    )
    rating, book_id = review.rating, review.book_id
    review.delete()
    _apply_ratings(locked_book, removed=rating)
    catalog_changed_after_commit(sender=Review, book_ids=[book_id])


def book_ratings_recount(*, book_ids: list[Any] | None = None) -> int:
    """Rebuild the counters from the reviews (after bulk loads or a repair). Returns the books updated."""
    from django.db import connection

    where = "WHERE b.id = ANY(%s)" if book_ids is not None else ""
    params = [list(book_ids)] if book_ids is not None else []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE catalog_book AS b SET
                rating_count = COALESCE(s.n, 0), rating_sum = COALESCE(s.total, 0),
                rating_1 = COALESCE(s.r1, 0), rating_2 = COALESCE(s.r2, 0), rating_3 = COALESCE(s.r3, 0),
                rating_4 = COALESCE(s.r4, 0), rating_5 = COALESCE(s.r5, 0),
                rating_average = CASE WHEN COALESCE(s.n, 0) = 0 THEN 0
                                      ELSE ROUND(s.total::numeric / s.n, 2) END
            FROM catalog_book AS b2
            LEFT JOIN (
                SELECT book_id, COUNT(*) AS n, SUM(rating) AS total,
                       COUNT(*) FILTER (WHERE rating = 1) AS r1, COUNT(*) FILTER (WHERE rating = 2) AS r2,
                       COUNT(*) FILTER (WHERE rating = 3) AS r3, COUNT(*) FILTER (WHERE rating = 4) AS r4,
                       COUNT(*) FILTER (WHERE rating = 5) AS r5
                FROM reviews_review GROUP BY book_id
            ) AS s ON s.book_id = b2.id
            WHERE b.id = b2.id {"AND b.id = ANY(%s)" if where else ""}
            """,  # noqa: S608 - no user input in the SQL text
            params,
        )
        return cursor.rowcount
