"""A development mail backend whose files a person can read.

Django's file backend writes the raw MIME message, whose text is quoted-printable: long lines, such as a
verification link, are wrapped with ``=`` and cannot be copied whole. This backend writes the recipients,
the subject and the decoded plain-text body first, then the raw message as Django would.
"""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class ReadableFileBackend(EmailBackend):
    def write_message(self, message: Any) -> None:
        readable = (
            f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}\n\n"
            "(the raw message follows)\n\n"
        )
        self.stream.write(readable.encode())  # type: ignore[arg-type]  # django-stubs types it text; Django opens it "ab"
        super().write_message(message)
