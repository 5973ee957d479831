"""Test helpers: links out of the mail outbox."""

import re

from django.core import mail

_LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def link_in_last_mail(contains: str) -> str:
    """The path of the first link in the newest message that contains ``contains``."""
    for path in _LINK.findall(mail.outbox[-1].body):
        if contains in path:
            return path
    raise AssertionError(f"no link with {contains!r} in: {mail.outbox[-1].body}")
