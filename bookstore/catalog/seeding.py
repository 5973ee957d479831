"""Deterministic, bulk catalog data: authors, publishers, genres, books, readers and reviews.

The same ``seed`` always gives the same catalog. Rows go in with PostgreSQL ``COPY`` (books, credits, genres,
reviews) and ``bulk_create`` (readers, so the accounts app's defaults apply), with the secondary indexes dropped
during the load and built once afterwards. Ratings are drawn first, so each book is written with counters that
already agree with its reviews. 100,000 books with 1,000,000 reviews take well under two minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils.text import slugify

from bookstore.catalog.ids import uuid7
from bookstore.catalog.models import Author, Book, BookAuthor, Genre, Publisher
from bookstore.catalog.validators import isbn13_check_digit

SEED_READER_DOMAIN = "seed.example.com"
# Fixed, not "today": the same seed gives the same rows on any day. Some dates are in the future on purpose
# (titles for readers with early access).
FIRST_DATE = dt.date(1950, 1, 1)
LAST_DATE = dt.date(2027, 12, 31)
CREATED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

GENRES = (
    "Biography", "Business", "Children's", "Classics", "Comics", "Cookery", "Crime", "Fantasy", "History",
    "Horror", "Humour", "Literary Fiction", "Memoir", "Music", "Nature", "Philosophy", "Poetry", "Politics",
    "Romance", "Science", "Science Fiction", "Self-help", "Sport", "Thriller", "Travel", "Young Adult",
)  # fmt: skip
FIRST_NAMES = (
    "Ada", "Alan", "Alice", "Amara", "Ana", "Arthur", "Ben", "Carmen", "Chen", "Clara", "Daniel", "Dmitri",
    "Elena", "Emma", "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines", "Isaac", "Jonas", "Julia", "Kenji",
    "Lara", "Leo", "Lina", "Marta", "Mateo", "Mei", "Nadia", "Noah", "Olga", "Omar", "Paula", "Priya", "Rosa",
    "Sam", "Sara", "Tomas", "Ursula", "Vera", "Wen", "Yara", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Abe", "Adler", "Baker", "Bauer", "Costa", "Diaz", "Dubois", "Evans", "Fischer", "Garcia", "Haddad",
    "Hansen", "Ibrahim", "Ito", "Jensen", "Kim", "Kowalski", "Larsen", "Lopez", "Meyer", "Moreau", "Nakamura",
    "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Rossi", "Santos", "Schmidt", "Silva", "Singh",
    "Tanaka", "Varga", "Weber", "Wright", "Yilmaz", "Zhang",
)  # fmt: skip
TITLE_ADJECTIVES = (
    "Silent", "Hidden", "Last", "Broken", "Golden", "Distant", "Burning", "Forgotten", "Quiet", "Wild", "Secret",
    "Endless", "Hollow", "Crimson", "Northern", "Paper", "Glass", "Winter", "Summer", "Midnight", "Little",
    "Lost", "Iron", "Salt", "Velvet", "Bright", "Fragile", "Restless", "Ancient", "Invisible",
)  # fmt: skip
TITLE_NOUNS = (
    "Garden", "River", "City", "House", "Kingdom", "Ocean", "Library", "Mountain", "Orchard", "Harbour",
    "Mirror", "Letter", "Island", "Forest", "Station", "Archive", "Map", "Lighthouse", "Machine", "Season",
    "Promise", "Shadow", "Song", "Country", "Door", "Voyage", "Bridge", "Theory", "Winter", "Atlas",
    "Daughter", "Brother", "Cartographer", "Astronomer", "Beekeeper", "Clockmaker", "Translator", "Gardener",
)  # fmt: skip
TITLE_PATTERNS = (
    "The {adj} {noun}", "{adj} {noun}", "A {noun} of {noun2}s", "The {noun} and the {noun2}", "{noun} of {adj} {noun2}s",
    "The {noun2}'s {noun}", "After the {noun}", "Notes from the {adj} {noun}",
)  # fmt: skip
LANGUAGES = ("en",) * 14 + ("fr", "fr", "de", "de", "es", "es", "it", "pt", "nl", "sv", "ja", "pl")
REVIEW_TITLES = {
    1: ("Not for me", "Disappointing", "Could not finish it"),
    2: ("Uneven", "Had its moments", "Expected more"),
    3: ("Decent read", "Good, not great", "Worth a look"),
    4: ("Really enjoyed it", "Very good", "Recommended"),
    5: ("A masterpiece", "Loved every page", "Unforgettable"),
}
REVIEW_SENTENCES = (
    "The characters stayed with me for days.", "The pacing drags in the middle.", "Beautifully written.",
    "The ending surprised me.", "I read it in one sitting.", "The translation feels a little stiff.",
    "A clever structure.", "Some chapters are stronger than others.", "I will reread it.",
    "The dialogue is sharp and funny.", "Too long by a hundred pages.", "A perfect book for a rainy weekend.",
)  # fmt: skip


@dataclass
class SeedReport:
    authors: int = 0
    publishers: int = 0
    genres: int = 0
    books: int = 0
    readers: int = 0
    reviews: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _isbn13(number: int) -> str:
    first_twelve = f"979{number % 10**9:09d}"
    return first_twelve + str(isbn13_check_digit(first_twelve))


def _columns(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], list[Callable[[], Any]]]:
    """Column names for COPY: the given fields, then every other concrete field at its default.

    Other apps may add fields to these models (cover images …); their defaults are filled in here, so the
    seeder keeps working without knowing about them.
    """
    names = list(given)
    extras: list[Callable[[], Any]] = []
    for model_field in model._meta.concrete_fields:
        if model_field.attname in given or (model_field.primary_key and model_field.attname not in given):
            continue
        if isinstance(model_field, models.DateTimeField) and (
            model_field.auto_now or model_field.auto_now_add
        ):
            names.append(str(model_field.column))
            extras.append(lambda: CREATED_AT)
        elif model_field.has_default():
            names.append(str(model_field.column))
            default: Any = model_field.get_default()
            extras.append(lambda value=default: "" if value is None else value)  # type: ignore[misc]
        elif model_field.null:
            continue
        else:
            raise RuntimeError(f"seed_catalog does not know how to fill {model.__name__}.{model_field.name}")
    return names, extras


def _copy(
    model: type[models.Model], given: Sequence[str], rows: Iterable[Sequence[Any]], *, table: str = ""
) -> int:
    columns, extras = _columns(model, given) if not table else (list(given), [])
    table = table or model._meta.db_table
    column_list = ", ".join(connection.ops.quote_name(name) for name in columns)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({column_list}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([*row, *(extra() for extra in extras)] if extras else row)
            count += 1
    return count


class CatalogSeeder:
    def __init__(self, *, books: int, reviews: int, seed: int, readers: int | None = None) -> None:
        self.books, self.reviews, self.seed = books, reviews, seed
        self.readers = readers if readers is not None else max(50, min(100_000, reviews // 20 or 50))
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.report = SeedReport()

    # --- reference data ----------------------------------------------------------------------------------

    def _genres(self) -> list[int]:
        rows = [Genre(name=name, slug=slugify(name)) for name in GENRES]
        Genre.objects.bulk_create(rows, ignore_conflicts=True)
        self.report.genres = len(rows)
        return list(
            Genre.objects.filter(slug__in=[g.slug for g in rows])
            .order_by("slug")
            .values_list("pk", flat=True)
        )

    def _publishers(self) -> list[int]:
        count = max(5, min(500, self.books // 200))
        rows = [
            Publisher(
                name=f"{LAST_NAMES[i % len(LAST_NAMES)]} & {LAST_NAMES[(i * 7 + 3) % len(LAST_NAMES)]} {i // len(LAST_NAMES) or ''}".strip(),
                slug=f"seed-publisher-{self.seed}-{i}",
            )
            for i in range(count)
        ]
        Publisher.objects.bulk_create(rows, batch_size=1000)
        self.report.publishers = count
        return list(
            Publisher.objects.filter(slug__startswith=f"seed-publisher-{self.seed}-").values_list(
                "pk", flat=True
            )
        )

    def _authors(self) -> list[int]:
        count = max(5, self.books // 4)
        rng = self.rng

        def rows() -> Iterator[tuple[Any, ...]]:
            for i in range(count):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                yield (
                    name,
                    f"{slugify(name)}-{self.seed}-{i}",
                    f"{name} writes {rng.choice(GENRES).lower()} books.",
                )

        self.report.authors = _copy(Author, ["name", "slug", "bio"], rows())
        return list(
            Author.objects.filter(slug__regex=rf"-{self.seed}-[0-9]+$")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _readers(self) -> list[int]:
        user_model = get_user_model()
        prefix = f"s{self.seed}-reader"
        unusable = make_password(None)  # seeded readers cannot sign in
        batch = [
            user_model(
                email=f"{prefix}{i:06d}@{SEED_READER_DOMAIN}",
                display_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)][0]}.",
                password=unusable,
                is_active=True,
            )
            for i in range(self.readers)
        ]
        user_model.objects.bulk_create(batch, batch_size=5000)
        self.report.readers = self.readers
        return list(
            user_model.objects.filter(email__startswith=prefix, email__endswith=f"@{SEED_READER_DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    # --- books and reviews -------------------------------------------------------------------------------

    def _plan_ratings(self) -> tuple[list[int], bytearray]:
        """Every review's rating, book by book (a long tail of review counts around each book's quality)."""
        rng = self.rng
        counts = self._review_counts()
        gauss = rng.gauss
        ratings = bytearray()
        for count in counts:
            mean = rng.uniform(1.8, 4.9)
            ratings.extend(min(5, max(1, round(gauss(mean, 0.9)))) for _ in range(count))
        return counts, ratings

    def _books(
        self,
        publishers: list[int],
        authors: list[int],
        genres: list[int],
        counts: list[int],
        ratings: bytearray,
    ) -> list[Any]:
        rng = self.rng
        span = (LAST_DATE - FIRST_DATE).days
        base_ms = int(CREATED_AT.timestamp() * 1000) + self.seed * 10_000_000
        isbn_offset = (self.seed * 7_919_993) % 10**8
        ids: list[Any] = []
        credit_rows: list[tuple[Any, int, int]] = []
        book_genres: list[tuple[Any, int]] = []
        slugs: dict[str, str] = {}
        cent = Decimal("0.01")

        def rows() -> Iterator[tuple[Any, ...]]:
            offset = 0
            for i in range(self.books):
                book_id = uuid7(unix_ms=base_ms + i, random_bits=rng.getrandbits(74))
                ids.append(book_id)
                words = {
                    "adj": rng.choice(TITLE_ADJECTIVES),
                    "noun": rng.choice(TITLE_NOUNS),
                    "noun2": rng.choice(TITLE_NOUNS),
                }
                title = rng.choice(TITLE_PATTERNS).format(**words)
                slug = slugs.get(title) or slugs.setdefault(title, slugify(title)[:320] or "book")
                main_genre = rng.choice(genres)
                picked_authors = rng.sample(
                    authors, 1 if rng.random() < 0.8 else min(len(authors), rng.choice((2, 3)))
                )
                credit_rows.extend(
                    (book_id, author, position) for position, author in enumerate(picked_authors)
                )
                book_genres.append((book_id, main_genre))
                if rng.random() < 0.3:
                    second = rng.choice(genres)
                    if second != main_genre:
                        book_genres.append((book_id, second))
                # The counters agree with the reviews written next, so no recount is needed afterwards.
                mine = ratings[offset : offset + counts[i]]
                offset += counts[i]
                histogram = [mine.count(stars) for stars in (1, 2, 3, 4, 5)]
                total = sum(mine)
                average = (Decimal(total) / len(mine)).quantize(cent, ROUND_HALF_UP) if mine else Decimal(0)
                yield (
                    book_id,
                    title,
                    rng.choice(("", "", "", "A Novel", "Stories", "A Memoir")),
                    slug,
                    _isbn13(isbn_offset + i),
                    f"{title}: {rng.choice(REVIEW_SENTENCES)} {rng.choice(REVIEW_SENTENCES)}",
                    f"{rng.randint(399, 4999) / 100:.2f}",
                    "EUR",
                    FIRST_DATE + dt.timedelta(days=rng.randrange(span)),
                    rng.choice(LANGUAGES),
                    rng.randint(90, 900),
                    rng.choice(publishers),
                    len(mine),
                    total,
                    *histogram,
                    average,
                )

        given = [
            "id", "title", "subtitle", "slug", "isbn13", "description", "price", "currency", "publication_date",
            "language", "page_count", "publisher_id", "rating_count", "rating_sum", "rating_1", "rating_2",
            "rating_3", "rating_4", "rating_5", "rating_average",
        ]  # fmt: skip
        self.report.books = _copy(Book, given, rows())
        _copy(BookAuthor, ["book_id", "author_id", "position"], credit_rows)
        _copy(Book, ["book_id", "genre_id"], book_genres, table=Book.genres.through._meta.db_table)
        return ids

    def _review_counts(self) -> list[int]:
        """Reviews per book: a long tail (a few bestsellers, many quiet titles) summing to exactly ``reviews``."""
        if not self.books or not self.reviews:
            return [0] * self.books
        rng = self.rng
        weights = [rng.paretovariate(1.3) for _ in range(self.books)]
        total = sum(weights)
        cap = self.readers
        counts = [min(cap, int(self.reviews * w / total)) for w in weights]
        missing = self.reviews - sum(counts)
        if missing > self.books * cap - sum(counts):
            raise ValueError(f"{self.reviews} reviews need more than {cap} readers for {self.books} books.")
        index = 0
        while missing > 0:
            if counts[index] < cap:
                counts[index] += 1
                missing -= 1
            index = (index + 1) % self.books
        return counts

    def _reviews(self, book_ids: list[Any], counts: list[int], ratings: bytearray, readers: list[int]) -> int:
        from bookstore.reviews.models import Review

        rng = self.rng
        reader_range = range(len(readers))
        # Draw from precomputed tables with rng.random(): a million rows stay a few seconds of Python.
        rand, sample = rng.random, rng.sample
        moments = [CREATED_AT + dt.timedelta(minutes=minute) for minute in range(0, 525_600, 97)]
        titles = {rating: list(choices) for rating, choices in REVIEW_TITLES.items()}
        texts = [*REVIEW_SENTENCES, *([""] * (len(REVIEW_SENTENCES) // 2))]

        def rows() -> Iterator[tuple[Any, ...]]:
            offset = 0
            for book_id, count in zip(book_ids, counts, strict=True):
                if not count:
                    continue
                for reader_index in sample(reader_range, count):
                    rating = ratings[offset]
                    offset += 1
                    created = moments[int(rand() * len(moments))]
                    options = titles[rating]
                    yield (
                        book_id,
                        readers[reader_index],
                        rating,
                        options[int(rand() * len(options))],
                        texts[int(rand() * len(texts))],
                        created,
                        created,
                    )

        return _copy(Review, ["book_id", "user_id", "rating", "title", "text", "created", "updated"], rows())

    def run(self, *, clock: Callable[[], float]) -> SeedReport:
        from bookstore.reviews.models import Review

        started = clock()

        def lap(name: str) -> None:
            self.report.timings[name] = round(clock() - started - sum(self.report.timings.values()), 2)

        tables = [
            Book._meta.db_table,
            BookAuthor._meta.db_table,
            Book.genres.through._meta.db_table,
            Review._meta.db_table,
        ]
        with transaction.atomic():
            with connection.cursor() as cursor:
                # A bulk load is one long statement per table; the request-sized timeout does not apply.
                cursor.execute("SET LOCAL statement_timeout = 0")
                # No deferred foreign-key checks may be pending when bulk_load_mode builds its indexes.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            genres = self._genres()
            publishers = self._publishers()
            authors = self._authors()
            lap("reference data")
            readers = self._readers()
            counts, ratings = self._plan_ratings()
            lap("readers and ratings")
            with bulk_load_mode(tables):
                lap("indexes and foreign keys dropped")
                book_ids = self._books(publishers, authors, genres, counts, ratings)
                lap("books")
                self.report.reviews = self._reviews(book_ids, counts, ratings, readers)
                lap("reviews")
            lap("indexes and foreign keys restored")
        lap("commit")
        with connection.cursor() as cursor:
            for table in [*tables, get_user_model()._meta.db_table]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        lap("analyze")
        return self.report


@contextmanager
def bulk_load_mode(tables: list[str]) -> Iterator[None]:
    """Drop the foreign keys and the indexes that back no constraint on ``tables``; restore them afterwards.

    Building an index once over loaded rows is several times faster than updating it row by row, and adding
    a foreign key back checks every row in one join instead of one lookup per row. Run inside the loading
    transaction: if the load fails, the rollback restores everything.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2
            """,
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            ORDER BY 1
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        quote = connection.ops.quote_name
        # Names and definitions come from the system catalog, not from input.
        for table, name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def catalog_is_empty() -> bool:
    return not Book.objects.exists()


def catalog_flush() -> dict[str, int]:
    """Delete every review, book, author, genre and publisher, and the seeded readers. Returns counts."""
    from bookstore.reviews.models import Review

    deleted: dict[str, int] = {}
    with transaction.atomic():
        for model in (Review, BookAuthor, Book, Author, Genre, Publisher):
            deleted[model._meta.label], _ = model.objects.all().delete()
        deleted["seeded readers"], _ = (
            get_user_model().objects.filter(email__endswith=f"@{SEED_READER_DOMAIN}").delete()
        )
    return deleted
