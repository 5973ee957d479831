"""``book_search``: the one place search results are decided (pages and the API both call it).

A query is parsed with ``websearch_to_tsquery`` (quotes for phrases, ``or``, ``-word``) and matched against
the books' GIN-indexed ``search_vector``. Words that are not in the spelling vocabulary (see
``bookstore.search.models``) are also tried as their closest vocabulary terms by trigram similarity, so
"tolkein" finds Tolkien and "hobit" finds The Hobbit. Results are ranked with ``ts_rank`` (title over
authors over description) and carry highlighted snippets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import reduce
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchQueryField, SearchRank
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, QuerySet, Window

from bookstore.catalog.models import Book
from bookstore.catalog.querysets import SORTS
from bookstore.catalog.selectors import BookFilters, book_list
from bookstore.search.models import SearchTerm
from bookstore.search.text import SEARCH_CONFIG, TERM_MAX_LENGTH, TERM_MIN_LENGTH, words

MAX_QUERY_LENGTH = 200
# Spelling correction looks at this many words of a query, and offers this many terms for each.
MAX_CORRECTED_WORDS = 8
ALTERNATIVES_PER_WORD = 3
RELEVANCE = "relevance"
# Around highlighted words in ``headline`` / ``title_headline``: private-use characters that never occur in
# catalog text, so the template can escape everything and then turn only these into <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
_ADVANCED = re.compile(r'"|(?:^|\s)-\w')


def _correctable_words(query: str) -> list[str]:
    # Phrases and exclusions mean the reader chose their words exactly: leave them alone.
    if _ADVANCED.search(query):
        return []
    found = [
        word for word in words(query) if word != "or" and TERM_MIN_LENGTH <= len(word) <= TERM_MAX_LENGTH
    ]
    return list(dict.fromkeys(found))[:MAX_CORRECTED_WORDS]


def spelling_alternatives(query: str) -> dict[str, list[str]]:
    """For each word of ``query`` missing from the vocabulary, its closest vocabulary terms. One query.

    The trigram index on the (small) vocabulary table answers ``term % word``; a word already in the
    vocabulary comes back as its own best match and is left out.
    """
    candidates = _correctable_words(query)
    if not candidates:
        return {}
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    sql = f"""
        SELECT w.word, t.term
        FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, position)
        CROSS JOIN LATERAL (
            SELECT term, similarity(term, w.word) AS score
            FROM {table}
            WHERE term %% w.word
            ORDER BY score DESC, term
            LIMIT %s
        ) AS t
        ORDER BY w.position, t.score DESC, t.term
    """  # noqa: S608 - the table name is ours; values are parameters
    found: dict[str, list[str]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [candidates, ALTERNATIVES_PER_WORD])
        for word, term in cursor.fetchall():
            found[word].append(term)
    return {word: terms for word, terms in found.items() if word not in terms}


def search_query(query: str) -> SearchQuery:
    """The tsquery for ``query``: its websearch reading, or'ed with a spelling-corrected reading."""
    exact = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    alternatives = spelling_alternatives(query)
    if not alternatives:
        return exact

    def either(word: str) -> SearchQuery:
        options = [word, *alternatives.get(word, [])]
        return reduce(
            lambda left, right: left | right,
            (SearchQuery(option, search_type="plain", config=SEARCH_CONFIG) for option in options),
        )

    corrected = reduce(lambda left, right: left & right, (either(word) for word in _correctable_words(query)))
    return exact | corrected


class _Once(Func):
    """``(SELECT <tsquery>)``: evaluated once per statement, and opaque to the planner.

    With the query's words visible, PostgreSQL estimates how many books a very common word matches and, to
    find the first ``SEARCH_MAX_RESULTS`` of them, prefers reading the table from the start (a sequential
    scan that is fast only while matches are dense and early). Behind a sub-select it uses its default
    estimate for ``@@`` and always takes the GIN index, whose cost stays bounded whatever the word.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class _Matches(Func):
    arg_joiner = " @@ "
    template = "%(expressions)s"
    output_field = BooleanField()


def _filters(filters: BookFilters | dict[str, Any] | None) -> BookFilters:
    if isinstance(filters, BookFilters):
        return filters
    return BookFilters.from_mapping({**(filters or {}), "sort": (filters or {}).get("sort") or RELEVANCE})


def book_search(
    *, user: Any, query: str, filters: BookFilters | dict[str, Any] | None = None
) -> QuerySet[Book]:
    """Visible books matching ``query``, filtered like the book list, best match first.

    ``filters`` takes the book list's filters; its ``sort`` may also be ``"relevance"`` (the default for a
    mapping). At most ``settings.SEARCH_MAX_RESULTS`` matches are returned (see below). Each book carries
    ``search_total`` (the number of matches), ``rank``, ``headline`` (description snippet) and ``title_headline``, with
    matches between ``MARK_START`` and ``MARK_END``. An empty query matches nothing. Looking up spelling
    alternatives costs one query, run now; the returned QuerySet is lazy.
    """
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return Book.objects.none()
    filters = _filters(filters)
    tsquery = _Once(search_query(query))
    # Ranking needs every matching row's vector from the heap; for a word in 5% of a million books that is
    # ~30,000 pages and half a second. So at most ``SEARCH_MAX_RESULTS`` matches (in index order, which
    # stops the scan early) are ranked: exact for any query matching fewer books, bounded for the rest.
    candidates = (
        book_list(user=user, filters=filters)
        .filter(_Matches(F("search_vector"), tsquery))
        .order_by()
        .values("pk")
    )[: settings.SEARCH_MAX_RESULTS]
    books = (
        Book.objects.filter(pk__in=candidates)
        .for_listing()
        .annotate(
            # How many books matched (at most SEARCH_MAX_RESULTS), on every row: the page needs no COUNT query.
            search_total=Window(Count("pk")),
            rank=SearchRank(F("search_vector"), tsquery),
            headline=SearchHeadline(
                "description",
                tsquery,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            title_headline=SearchHeadline(
                "title",
                tsquery,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                highlight_all=True,
            ),
        )
    )
    if filters.sort in SORTS:
        return books.order_by(*SORTS[filters.sort][1])
    return books.order_by("-rank", "-rating_count", "id")
