"""Validators for catalog identifiers: ISBN-13 (with its check digit), ISO 4217 currency, ISO 639-1 language."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_ISBN13 = re.compile(r"^97[89]\d{10}$")
_SEPARATORS = re.compile(r"[\s-]")


def normalize_isbn13(value: str) -> str:
    """The 13 digits without hyphens or spaces (how readers and publishers often write them)."""
    return _SEPARATORS.sub("", value or "")


def isbn13_check_digit(first_twelve: str) -> int:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return (10 - total % 10) % 10


def validate_isbn13(value: str) -> None:
    if not _ISBN13.match(value or ""):
        raise ValidationError("Enter an ISBN-13: 13 digits starting with 978 or 979.", code="isbn13_format")
    if isbn13_check_digit(value[:12]) != int(value[12]):
        raise ValidationError(
            "This ISBN-13 has a wrong check digit: please check it for a typo.", code="isbn13_check_digit"
        )


def validate_currency(value: str) -> None:
    if not re.fullmatch(r"[A-Z]{3}", value or ""):
        raise ValidationError("Enter a three-letter ISO 4217 currency code such as EUR.", code="currency")


def validate_language(value: str) -> None:
    if not re.fullmatch(r"[a-z]{2}", value or ""):
        raise ValidationError("Enter a two-letter ISO 639-1 language code such as en.", code="language")
