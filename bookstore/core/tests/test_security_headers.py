import re

from django.test import TestCase, override_settings
from django.urls import reverse


class SecurityHeaderTests(TestCase):
    def test_csp_uses_a_fresh_nonce_per_response_and_no_unsafe_inline_scripts(self):
        first = self.client.get(reverse("pages:home"))
        second = self.client.get(reverse("pages:home"))

        policy = first["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertIn("object-src 'none'", policy)
        script_src = re.search(r"script-src ([^;]+)", policy).group(1)
        self.assertNotIn("unsafe-inline", script_src)
        nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
        self.assertContains(first, f'nonce="{nonce}"')
        self.assertNotEqual(nonce, re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"]).group(1))

    def test_the_other_security_headers(self):
        response = self.client.get(reverse("pages:home"))

        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertEqual(response["Cross-Origin-Resource-Policy"], "same-origin")

    def test_hsts_on_secure_requests(self):
        response = self.client.get(reverse("pages:home"), secure=True)

        self.assertEqual(
            response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains; preload"
        )

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_redirected_to_https(self):
        response = self.client.get(reverse("pages:about"))

        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "https://testserver/about/")

    def test_trace_and_unknown_methods_get_405_everywhere(self):
        for method in ("TRACE", "CONNECT", "TRACK", "PROPFIND"):
            with self.subTest(method=method):
                response = self.client.generic(method, reverse("pages:home"))
                self.assertEqual(response.status_code, 405)
                self.assertNotIn("TRACE", response["Allow"])

    def test_every_response_carries_a_request_id_and_a_well_formed_one_is_kept(self):
        generated = self.client.get(reverse("pages:home"))
        kept = self.client.get(reverse("pages:home"), headers={"X-Request-ID": "upstream-1234abcd"})
        forged = self.client.get(reverse("pages:home"), headers={"X-Request-ID": "bad id\nINJECTED"})

        self.assertRegex(generated["X-Request-ID"], r"^[0-9a-f]{32}$")
        self.assertEqual(kept["X-Request-ID"], "upstream-1234abcd")
        self.assertRegex(forged["X-Request-ID"], r"^[0-9a-f]{32}$")


class CsrfTests(TestCase):
    def test_a_post_without_a_token_gets_the_sites_403(self):
        client = self.client_class(enforce_csrf_checks=True)

        response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})

        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "This form has expired", status_code=403)
