"""The OpenAPI schema is valid and documents every endpoint; the docs pages are served by us under our CSP."""

import yaml
from django.test import TestCase
from django.urls import reverse
from drf_spectacular.validation import validate_schema


class SchemaTests(TestCase):
    def test_the_schema_is_valid_openapi_3(self):
        response = self.client.get(reverse("api-schema"), {"format": "json"})

        self.assertEqual(response.status_code, 200)
        schema = response.json()
        validate_schema(schema)  # raises on any violation of the OpenAPI 3 meta-schema
        self.assertTrue(schema["openapi"].startswith("3."))

    def test_the_default_format_is_yaml(self):
        response = self.client.get(reverse("api-schema"))

        self.assertEqual(response["Content-Type"], "application/vnd.oai.openapi; charset=utf-8")
        self.assertIn("/api/v1/me/", yaml.safe_load(response.content)["paths"])

    def test_every_operation_documents_the_error_shape_and_429_with_retry_after(self):
        schema = self.client.get(reverse("api-schema"), {"format": "json"}).json()

        self.assertIn("Error", schema["components"]["schemas"])
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                with self.subTest(operation=f"{method.upper()} {path}"):
                    responses = operation["responses"]
                    for code in ["400", "401", "403", "404", "429"]:
                        self.assertEqual(
                            responses[code]["content"]["application/json"]["schema"]["$ref"],
                            "#/components/schemas/Error",
                        )
                    self.assertIn("Retry-After", responses["429"]["headers"])

    def test_the_bearer_token_scheme_is_documented(self):
        schema = self.client.get(reverse("api-schema"), {"format": "json"}).json()

        self.assertEqual(
            schema["components"]["securitySchemes"]["apiToken"],
            {
                "type": "http",
                "scheme": "bearer",
                "description": schema["components"]["securitySchemes"]["apiToken"]["description"],
            },
        )


class DocsPageTests(TestCase):
    def test_swagger_ui_loads_its_assets_from_us_with_nonces(self):
        response = self.client.get(reverse("api-docs"))

        self.assertEqual(response.status_code, 200)
        nonce = response.context["csp_nonce"]
        self.assertIn(f"'nonce-{nonce}'", response["Content-Security-Policy"])
        html = response.content.decode()
        self.assertIn('src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"', html)
        self.assertEqual(html.count("<script"), html.count(f'nonce="{nonce}"') - 1)  # + the <style>
        self.assertNotIn("//cdn", html)
        self.assertNotIn("https://", html)

    def test_redoc_loads_its_assets_from_us_with_nonces(self):
        response = self.client.get(reverse("api-redoc"))

        self.assertEqual(response.status_code, 200)
        nonce = response.context["csp_nonce"]
        html = response.content.decode()
        self.assertIn('src="/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"', html)
        self.assertIn(f'data-nonce="{nonce}"', html)
        self.assertNotIn("fonts.googleapis.com", html)
        self.assertNotIn("https://", html)

    def test_the_assets_are_served(self):
        for path in [
            "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
            "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
            "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
        ]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                b"".join(response.streaming_content)
