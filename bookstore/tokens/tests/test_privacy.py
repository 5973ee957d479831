"""API tokens in the reader's data export and in account erasure."""

from django.test import TestCase

from bookstore.accounts.tests.factories import UserFactory
from bookstore.privacy.collectors import collect_user_data
from bookstore.privacy.services import account_erase, account_erasure_plan
from bookstore.tokens.models import ApiToken
from bookstore.tokens.services import api_token_authenticate
from bookstore.tokens.tests.factories import create_token


class ApiTokenPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.token = create_token(user=cls.reader, name="Ada's laptop")
        cls.other_token = create_token(name="someone else's")

    def test_the_export_lists_names_and_dates_never_keys_or_digests(self):
        api_token_authenticate(key=self.token.key)

        exported = collect_user_data(self.reader)["api_tokens.json"]

        self.assertEqual(len(exported), 1)
        self.assertEqual(exported[0]["name"], "Ada's laptop")
        self.assertEqual(exported[0]["starts_with"], self.token.visible_part)
        self.assertIsNotNone(exported[0]["last_used"])
        self.assertNotIn(self.token.key, str(exported))
        self.assertNotIn(self.token.digest, str(exported))

    def test_erasure_revokes_every_token_of_the_reader_only(self):
        plan = account_erasure_plan(user=self.reader)
        self.assertIn("API tokens to revoke: 1", plan.lines())

        account_erase(user=self.reader)

        self.assertFalse(ApiToken.objects.filter(user=self.reader).exists())
        self.assertIsNone(api_token_authenticate(key=self.token.key))
        self.assertTrue(ApiToken.objects.filter(pk=self.other_token.pk).exists())
