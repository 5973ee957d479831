"""CORS: only under /api/, only for the origins configured."""

from django.test import TestCase, override_settings
from django.urls import reverse

PARTNER = "https://app.partner.example"


@override_settings(CORS_ALLOWED_ORIGINS=[PARTNER])
class CorsTests(TestCase):
    def test_a_listed_origin_may_call_the_api(self):
        response = self.client.get(reverse("api-schema"), headers={"Origin": PARTNER})

        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
        self.assertNotIn("Access-Control-Allow-Credentials", response)

    def test_a_preflight_from_a_listed_origin(self):
        response = self.client.options(
            reverse("v1:me"),
            headers={
                "Origin": PARTNER,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
        )

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], PARTNER)
        self.assertIn("authorization", response["Access-Control-Allow-Headers"])

    def test_an_unlisted_origin_gets_no_cors_headers(self):
        response = self.client.get(reverse("api-schema"), headers={"Origin": "https://evil.example"})

        self.assertNotIn("Access-Control-Allow-Origin", response)

    def test_pages_outside_the_api_never_get_cors_headers(self):
        response = self.client.get("/", headers={"Origin": PARTNER})

        self.assertNotIn("Access-Control-Allow-Origin", response)

    def test_no_origin_is_allowed_unless_configured(self):
        with self.settings(CORS_ALLOWED_ORIGINS=[]):
            response = self.client.get(reverse("api-schema"), headers={"Origin": PARTNER})

        self.assertNotIn("Access-Control-Allow-Origin", response)
