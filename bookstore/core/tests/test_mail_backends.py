"""The development mail files show links whole, not wrapped by quoted-printable encoding."""

import tempfile
from pathlib import Path

from django.core.mail import EmailMessage
from django.test import SimpleTestCase

from bookstore.core.mail_backends import ReadableFileBackend

LINK = "http://127.0.0.1:8000/accounts/confirm-email/" + "Mg:1vQ2xY:" + "a" * 90 + "/"


class ReadableFileBackendTests(SimpleTestCase):
    def test_a_long_link_appears_unbroken_in_the_file(self):
        with tempfile.TemporaryDirectory() as folder:
            backend = ReadableFileBackend(file_path=folder)
            message = EmailMessage(
                "Confirm your address", f"Open this link:\n{LINK}\n", to=["ada@example.com"]
            )

            self.assertEqual(backend.send_messages([message]), 1)

            (written,) = Path(folder).iterdir()
            text = written.read_text()
        self.assertIn(f"Subject: Confirm your address\n\nOpen this link:\n{LINK}\n", text)
        self.assertIn("To: ada@example.com", text)
