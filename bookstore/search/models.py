"""The vocabulary used to correct misspellings.

Trigram similarity over a million titles is a scan of a million rows (even with a trigram index, a short
misspelt word shares trigrams with a large share of them). Instead, every distinct word of the titles,
subtitles and author names is kept once in :class:`SearchTerm` — tens of thousands of rows at a million
books — and a misspelt query word is matched against that small table through a trigram index. The close
terms found are then looked up in the books' GIN-indexed ``search_vector`` like any other word.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class SearchTerm(models.Model):
    term = models.CharField(max_length=40, primary_key=True)

    class Meta:
        indexes = [
            GinIndex(OpClass("term", name="gin_trgm_ops"), name="search_term_trgm_idx"),
        ]
        constraints = [
            # One lower-case word of three characters or more, as the indexing services write them.
            models.CheckConstraint(condition=Q(term__regex=r"^\S{3,}$"), name="search_term_one_word"),
            models.CheckConstraint(condition=Q(term=Lower("term")), name="search_term_lower_case"),
        ]

    def __str__(self) -> str:
        return self.term
