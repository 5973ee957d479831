from django.test import TestCase

from bookstore.accounts.forms import UserAdminChangeForm, UserCreationForm
from bookstore.accounts.models import User
from bookstore.accounts.tests.factories import UserFactory


class UserCreationFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.existing = UserFactory(email="ada@example.com")

    def test_creates_a_user_with_a_normalised_email(self):
        form = UserCreationForm(
            data={
                "email": " Grace@Example.com",
                "display_name": "Grace",
                "password1": "a-long-passphrase",
                "password2": "a-long-passphrase",
            }
        )

        self.assertTrue(form.is_valid(), form.errors)
        user = form.save()
        self.assertEqual(user.email, "grace@example.com")
        self.assertEqual(user.display_name, "Grace")

    def test_refuses_an_existing_address_in_another_case(self):
        form = UserCreationForm(
            data={
                "email": "ADA@example.com",
                "password1": "a-long-passphrase",
                "password2": "a-long-passphrase",
            }
        )

        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["email"], ["An account with this e-mail address already exists."])
        self.assertEqual(User.objects.count(), 1)

    def test_refuses_a_malformed_address(self):
        form = UserCreationForm(
            data={
                "email": "not-an-address",
                "password1": "a-long-passphrase",
                "password2": "a-long-passphrase",
            }
        )

        self.assertFalse(form.is_valid())
        self.assertIn("email", form.errors)


class UserAdminChangeFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ada = UserFactory(email="ada@example.com")
        cls.grace = UserFactory(email="grace@example.com")

    def test_keeping_your_own_address_is_not_a_duplicate(self):
        form = UserAdminChangeForm(instance=self.ada, data=self._data(self.ada, email="Ada@Example.com"))

        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["email"], "ada@example.com")

    def test_taking_someone_elses_address_is_refused(self):
        form = UserAdminChangeForm(instance=self.ada, data=self._data(self.ada, email="GRACE@example.com"))

        self.assertFalse(form.is_valid())
        self.assertIn("email", form.errors)

    @staticmethod
    def _data(user, **overrides):
        return {
            "email": user.email,
            "display_name": user.display_name,
            "password": user.password,
            "is_active": True,
            "date_joined": "2026-01-01 00:00:00",
            **overrides,
        }
