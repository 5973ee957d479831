import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from bookstore.privacy.datamap import mapped_fields, model_fields


class DataMapTests(SimpleTestCase):
    def test_every_field_of_every_model_is_in_the_data_map(self):
        missing = sorted(model_fields() - mapped_fields())

        self.assertEqual(
            missing, [], "Add these fields to docs/privacy.md (personal or not):\n" + "\n".join(missing)
        )

    def test_the_map_names_no_field_that_does_not_exist(self):
        stale = sorted(mapped_fields() - model_fields())

        self.assertEqual(stale, [], "Remove these from docs/privacy.md:\n" + "\n".join(stale))

    def test_a_new_field_missing_from_the_map_is_caught(self):
        with tempfile.TemporaryDirectory() as folder:
            doc = Path(folder) / "privacy.md"
            doc.write_text("| `accounts.User.email` | yes |\n")

            self.assertIn("accounts.User.display_name", model_fields() - mapped_fields(doc))
