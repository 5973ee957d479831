"""Static files are collected with hashed, compressed names so WhiteNoise can serve them with DEBUG off."""

import json

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings


class CollectStaticTests(SimpleTestCase):
    def test_collectstatic_writes_hashed_and_compressed_files(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as root:
            storages = {
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
            }
            with override_settings(STATIC_ROOT=root, STORAGES=storages):
                call_command("collectstatic", interactive=False, verbosity=0)

            manifest = json.loads((Path(root) / "staticfiles.json").read_text())
            hashed = manifest["paths"]["css/site.css"]
            self.assertRegex(hashed, r"^css/site\.[0-9a-f]{12}\.css$")
            self.assertTrue((Path(root) / hashed).is_file())
            self.assertTrue((Path(root) / f"{hashed}.gz").is_file())
            self.assertTrue((Path(root) / f"{hashed}.br").is_file())
