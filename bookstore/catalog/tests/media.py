"""A throw-away MEDIA_ROOT per test, so cover files never leak between tests or into .data/."""

import tempfile
from pathlib import Path

from django.test import override_settings


class TempMediaMixin:
    def setUp(self):
        super().setUp()
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        self.media_root = Path(media.name)
        override = override_settings(MEDIA_ROOT=media.name)
        override.enable()
        self.addCleanup(override.disable)

    def stored_files(self):
        return sorted(
            str(path.relative_to(self.media_root)) for path in self.media_root.rglob("*") if path.is_file()
        )
