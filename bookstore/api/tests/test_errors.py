"""Every 4xx from the API has the same shape."""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import UserFactory
from bookstore.api.errors import _flatten

SHAPE = {"status", "code", "detail", "errors", "request_id"}


class ErrorShapeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()

    def setUp(self):
        self.client = APIClient()

    def assert_error(self, response, status, code):
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(set(body), SHAPE)
        self.assertEqual((body["status"], body["code"]), (status, code))
        self.assertEqual(body["request_id"], response["X-Request-ID"])
        return body

    def test_an_unknown_api_url_is_a_json_404(self):
        for path in ["/api/", "/api/v1/", "/api/v1/nothing-here/", "/api/v2/me/", "/api/v1/me/extra/"]:
            with self.subTest(path=path):
                self.assert_error(self.client.get(path), 404, "not_found")

    def test_unauthenticated(self):
        body = self.assert_error(self.client.get(reverse("v1:me")), 401, "not_authenticated")

        self.assertEqual(body["errors"], {})

    def test_malformed_json_is_a_400_parse_error(self):
        self.client.force_authenticate(self.reader)

        for payload in ['{"a": ', "[1, 2", "NaN", '{"a": Infinity}', "\udcff"]:
            with self.subTest(payload=payload):
                response = self.client.post(
                    reverse("v1:me-exports"),
                    payload.encode("utf-8", "surrogatepass"),
                    content_type="application/json",
                )
                self.assert_error(response, 400, "parse_error")

    def test_unknown_fields_are_refused_by_name(self):
        self.client.force_authenticate(self.reader)

        response = self.client.post(reverse("v1:me-exports"), {"user": 1, "status": "ready"}, format="json")

        body = self.assert_error(response, 400, "invalid")
        self.assertEqual(
            body["errors"],
            {"status": ["This field cannot be set here."], "user": ["This field cannot be set here."]},
        )

    def test_a_body_that_is_not_an_object_is_a_400(self):
        self.client.force_authenticate(self.reader)

        response = self.client.post(reverse("v1:me-exports"), [1, 2], format="json")

        body = self.assert_error(response, 400, "invalid")
        self.assertIn("non_field_errors", body["errors"])

    def test_another_media_type_is_a_415(self):
        self.client.force_authenticate(self.reader)

        response = self.client.post(
            reverse("v1:me-exports"), "a=1", content_type="application/x-www-form-urlencoded"
        )

        self.assert_error(response, 415, "unsupported_media_type")

    def test_a_too_large_body_is_a_413(self):
        self.client.force_authenticate(self.reader)

        with self.settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
            response = self.client.post(
                reverse("v1:me-exports"), '{"a": "' + "x" * 200 + '"}', content_type="application/json"
            )

        self.assert_error(response, 413, "too_large")

    def test_a_method_the_endpoint_lacks_is_a_405(self):
        self.client.force_authenticate(self.reader)

        self.assert_error(self.client.delete(reverse("v1:me")), 405, "method_not_allowed")

    def test_session_writes_without_csrf_are_a_403(self):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(self.reader)

        response = client.post(reverse("v1:me-exports"), {}, format="json")

        body = self.assert_error(response, 403, "permission_denied")
        self.assertIn("CSRF", body["detail"])

    def test_an_unknown_format_is_a_404_and_an_unknown_accept_a_406(self):
        self.client.force_authenticate(self.reader)

        self.assert_error(self.client.get(reverse("v1:me"), {"format": "csv"}), 404, "not_found")
        response = self.client.get(reverse("v1:me"), headers={"Accept": "text/csv"})
        self.assertEqual(response.status_code, 406)


class FlattenTests(TestCase):
    def test_nested_details_become_dotted_paths(self):
        self.assertEqual(
            _flatten({"a": ["x"], "b": {"c": ["y"]}, "d": [{}, {"e": ["z"]}], "f": "w"}),
            {"a": ["x"], "b.c": ["y"], "d.1.e": ["z"], "f": ["w"]},
        )

    def test_a_bare_list_is_about_the_whole_object(self):
        self.assertEqual(_flatten(["bad"]), {"non_field_errors": ["bad"]})
