"""JSON by default; XML and YAML through Accept or ?format=; the browsable API only with DEBUG."""

import xml.etree.ElementTree as ET

import yaml
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import UserFactory


class FormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada")

    def setUp(self):
        self.client = APIClient()
        self.client.force_authenticate(self.reader)
        self.url = reverse("v1:me")

    def test_json_is_the_default(self):
        response = self.client.get(self.url)

        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["email"], "ada@example.com")

    def test_xml_by_accept_and_by_format(self):
        for response in [
            self.client.get(self.url, headers={"Accept": "application/xml"}),
            self.client.get(self.url, {"format": "xml"}),
        ]:
            with self.subTest():
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Type"].startswith("application/xml"))
                root = ET.fromstring(response.content)  # noqa: S314 - our own response
                self.assertEqual(root.findtext("email"), "ada@example.com")
                self.assertEqual(root.findtext("display_name"), "Ada")

    def test_yaml_by_accept_and_by_format(self):
        for response in [
            self.client.get(self.url, headers={"Accept": "application/yaml"}),
            self.client.get(self.url, {"format": "yaml"}),
        ]:
            with self.subTest():
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Content-Type"].startswith("application/yaml"))
                self.assertEqual(yaml.safe_load(response.content)["email"], "ada@example.com")

    def test_errors_come_in_the_requested_format_too(self):
        response = APIClient().get(self.url, {"format": "yaml"})

        self.assertEqual(response.status_code, 401)
        self.assertEqual(yaml.safe_load(response.content)["code"], "not_authenticated")

    def test_no_browsable_api_without_debug(self):
        response = self.client.get(self.url, headers={"Accept": "text/html"})

        self.assertEqual(response.status_code, 406)
        self.assertNotIn(b"<html", response.content)
        self.assertEqual(self.client.get(self.url, {"format": "api"}).status_code, 404)
