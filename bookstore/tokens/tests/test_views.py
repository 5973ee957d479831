from django.test import Client, TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.tokens.models import ApiToken, token_digest
from bookstore.tokens.tests.factories import create_token


class ApiTokenPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.url = reverse("tokens:list")

    def setUp(self):
        self.client.force_login(self.reader)

    def test_needs_a_signed_in_reader(self):
        self.client.logout()

        response = self.client.get(self.url)

        self.assertEqual(response.status_code, 302)

    def test_lists_only_my_tokens_without_their_keys(self):
        mine = create_token(user=self.reader, name="my script")
        theirs = create_token(name="their script")

        response = self.client.get(self.url)

        self.assertContains(response, "my script")
        self.assertContains(response, f"{mine.visible_part}…")
        self.assertNotContains(response, mine.key)
        self.assertNotContains(response, "their script")
        self.assertNotContains(response, theirs.visible_part)
        self.assertIn("no-store", response.headers["Cache-Control"])

    def test_creating_shows_the_key_once(self):
        response = self.client.post(self.url, {"name": "backup job"})

        self.assertEqual(response.status_code, 200)
        key = response.context["new_key"]
        token = ApiToken.objects.get(user=self.reader, name="backup job")
        self.assertEqual(token.digest, token_digest(key))
        self.assertContains(response, f'value="{key}"')
        self.assertIn("no-store", response.headers["Cache-Control"])

        again = self.client.get(self.url)
        self.assertContains(again, "backup job")
        self.assertNotContains(again, key)

    def test_a_bad_name_is_a_400_with_the_message_and_creates_nothing(self):
        create_token(user=self.reader, name="dup")

        for name in ["", "dup"]:
            with self.subTest(name=name):
                response = self.client.post(self.url, {"name": name})
                self.assertEqual(response.status_code, 400)
                self.assertIsNone(response.context.get("new_key"))

        self.assertContains(response, "You already have a token with this name.", status_code=400)
        self.assertEqual(ApiToken.objects.filter(user=self.reader).count(), 1)

    def test_revoking_my_token(self):
        token = create_token(user=self.reader)

        response = self.client.post(reverse("tokens:revoke", args=[token.pk]))

        self.assertRedirects(response, self.url)
        self.assertFalse(ApiToken.objects.filter(pk=token.pk).exists())
        self.assertTrue(AuditLog.objects.filter(action=AuditAction.TOKEN_REVOKED, actor=self.reader).exists())

    def test_someone_elses_token_is_a_404_and_stays(self):
        token = create_token()

        response = self.client.post(reverse("tokens:revoke", args=[token.pk]))

        self.assertEqual(response.status_code, 404)
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())

    def test_revoking_needs_post_and_csrf(self):
        token = create_token(user=self.reader)
        self.assertEqual(self.client.get(reverse("tokens:revoke", args=[token.pk])).status_code, 405)

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.reader)
        self.assertEqual(strict.post(reverse("tokens:revoke", args=[token.pk])).status_code, 403)
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())
