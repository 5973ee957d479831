"""How text becomes search words; shared by indexing and querying so both split it the same way."""

from __future__ import annotations

import re

# The PostgreSQL text-search configuration of the stored vectors and of every query.
SEARCH_CONFIG = "english"
# Vocabulary words are at least this long: shorter words have too few trigrams to correct reliably.
TERM_MIN_LENGTH = 3
TERM_MAX_LENGTH = 40
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words (letters and digits in any script), in order, repeats kept."""
    return _WORD.findall(text.lower())


def vocabulary_words(*texts: str) -> set[str]:
    """The distinct words of ``texts`` worth keeping in the spelling vocabulary."""
    return {
        word
        for text in texts
        for word in words(text or "")
        if TERM_MIN_LENGTH <= len(word) <= TERM_MAX_LENGTH and not word.isdigit()
    }
