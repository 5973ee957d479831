from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.test import TestCase

from bookstore.accounts.models import User


class UserModelTests(TestCase):
    def test_the_user_model_is_the_custom_one_with_email_login(self):
        self.assertIs(get_user_model(), User)
        self.assertEqual(User.USERNAME_FIELD, "email")
        self.assertEqual(User.REQUIRED_FIELDS, [])
        self.assertNotIn("username", [field.name for field in User._meta.get_fields()])

    def test_create_user(self):
        user = User.objects.create_user(email="ada@example.com", password="a-long-passphrase")

        self.assertEqual(user.email, "ada@example.com")
        self.assertTrue(user.check_password("a-long-passphrase"))
        self.assertTrue(user.is_active)
        self.assertFalse(user.is_staff)
        self.assertFalse(user.is_superuser)

    def test_create_superuser(self):
        admin = User.objects.create_superuser(email="root@example.com", password="a-long-passphrase")

        self.assertTrue(admin.is_staff)
        self.assertTrue(admin.is_superuser)

    def test_create_superuser_refuses_to_be_anything_less(self):
        with self.assertRaisesMessage(ValueError, "is_staff=True"):
            User.objects.create_superuser(email="root@example.com", password="x", is_staff=False)
        self.assertFalse(User.objects.exists())

    def test_email_is_normalised_to_lower_case_and_trimmed(self):
        user = User.objects.create_user(email="  Ada.Lovelace@Example.COM ", password="a-long-passphrase")

        self.assertEqual(user.email, "ada.lovelace@example.com")
        self.assertEqual(User.objects.get_by_natural_key("ADA.LOVELACE@example.com"), user)

    def test_missing_email_is_rejected(self):
        for blank in ("", "   "):
            with (
                self.subTest(email=blank),
                self.assertRaisesMessage(ValueError, "e-mail address is required"),
            ):
                User.objects.create_user(email=blank, password="a-long-passphrase")
        self.assertFalse(User.objects.exists())

    def test_duplicate_email_in_another_case_is_refused_by_the_manager(self):
        User.objects.create_user(email="ada@example.com", password="a-long-passphrase")

        with self.assertRaises(IntegrityError), transaction.atomic():
            User.objects.create_user(email="ADA@example.com", password="another-passphrase")
        self.assertEqual(User.objects.count(), 1)

    def test_the_database_refuses_case_variants_written_around_the_manager(self):
        User.objects.create_user(email="ada@example.com", password="a-long-passphrase")

        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_user (password, is_superuser, email, display_name, first_name, last_name,"
                " is_staff, is_active, date_joined) VALUES ('', false, 'Ada@Example.com', '', '', '', false, true, now())"
            )
        self.assertEqual(User.objects.count(), 1)

    def test_public_name_never_reveals_the_email(self):
        self.assertEqual(User(email="ada@example.com", display_name="Ada").public_name, "Ada")
        self.assertEqual(User(email="ada@example.com").public_name, "Reader")
