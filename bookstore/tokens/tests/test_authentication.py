from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.tokens.services import api_token_revoke
from bookstore.tokens.tests.factories import create_token


class ApiTokenAuthenticationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.token = create_token()
        cls.url = reverse("v1:me")

    def get(self, authorization=None):
        client = APIClient()
        headers = {"Authorization": authorization} if authorization is not None else {}
        return client.get(self.url, headers=headers)

    def test_a_valid_token_authenticates_as_its_owner(self):
        response = self.get(f"Bearer {self.token.key}")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["email"], self.token.user.email)

    def test_the_keyword_is_case_insensitive(self):
        self.assertEqual(self.get(f"bearer {self.token.key}").status_code, 200)

    def test_no_credentials_is_a_401_that_says_what_to_send(self):
        response = self.get()

        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.headers["WWW-Authenticate"], 'Bearer realm="api"')
        self.assertEqual(response.json()["code"], "not_authenticated")

    def test_bad_tokens_and_malformed_headers_are_401s(self):
        for header in [
            "Bearer bst_not-a-real-token",
            "Bearer",
            f"Bearer {self.token.key} extra",
            "Bearer bst_\u00e9t\u00e9",
        ]:
            with self.subTest(header=header):
                response = self.get(header)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json()["code"], "authentication_failed")

    def test_a_revoked_token_stops_working(self):
        token = create_token()
        api_token_revoke(actor=token.user, token=token)

        self.assertEqual(self.get(f"Bearer {token.key}").status_code, 401)

    def test_a_deactivated_account_cannot_use_its_tokens(self):
        token = create_token()
        token.user.is_active = False
        token.user.save(update_fields=["is_active"])

        response = self.get(f"Bearer {token.key}")

        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["detail"], "This account is disabled.")

    def test_a_token_request_needs_no_csrf_token(self):
        client = APIClient(enforce_csrf_checks=True)

        response = client.post(
            reverse("v1:me-exports"), {}, format="json", headers={"Authorization": f"Bearer {self.token.key}"}
        )

        self.assertEqual(response.status_code, 202)
