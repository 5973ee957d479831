from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.models import User
from bookstore.accounts.tests.factories import SuperuserFactory, UserFactory


class UserAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = SuperuserFactory()
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_admin_lives_at_the_configured_path_not_admin(self):
        self.assertEqual(reverse("admin:index"), f"/{settings.ADMIN_URL}")
        self.assertEqual(self.client.get("/admin/").status_code, 404)

    def test_changelist_lists_users_by_email(self):
        response = self.client.get(reverse("admin:accounts_user_changelist"))

        self.assertContains(response, "ada@example.com")
        self.assertContains(response, "Ada")

    def test_change_page_shows_the_custom_fields(self):
        response = self.client.get(reverse("admin:accounts_user_change", args=[self.reader.pk]))

        self.assertContains(response, 'name="display_name"')
        self.assertContains(response, 'name="email"')
        self.assertNotContains(response, 'name="username"')

    def test_add_page_creates_a_user(self):
        response = self.client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "Grace@Example.com",
                "display_name": "Grace",
                "password1": "a-long-passphrase",
                "password2": "a-long-passphrase",
                "usable_password": "true",
            },
        )

        self.assertEqual(response.status_code, 302)
        self.assertTrue(User.objects.filter(email="grace@example.com", display_name="Grace").exists())

    def test_readers_cannot_reach_the_admin(self):
        self.client.force_login(self.reader)

        response = self.client.get(reverse("admin:index"))

        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
