from django.test import TestCase, override_settings
from django.urls import reverse

from bookstore.accounts.tests.factories import UserFactory


class HomePageTests(TestCase):
    def test_home_page_renders_from_base_template(self):
        response = self.client.get(reverse("pages:home"))

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "pages/home.html")
        self.assertTemplateUsed(response, "base.html")
        self.assertContains(response, "<h1>Welcome to Bookstore</h1>", html=True)
        self.assertContains(response, reverse("pages:about"))

    def test_home_page_url_is_the_site_root(self):
        self.assertEqual(reverse("pages:home"), "/")

    def test_home_page_refuses_writes(self):
        self.assertEqual(self.client.post(reverse("pages:home")).status_code, 405)

    def test_signed_in_reader_sees_their_public_name_not_their_email(self):
        self.client.force_login(UserFactory(email="ada@example.com", display_name="Ada"))

        response = self.client.get(reverse("pages:home"))

        self.assertContains(response, "Ada")
        self.assertNotContains(response, "ada@example.com")


class AboutPageTests(TestCase):
    def test_about_page(self):
        response = self.client.get(reverse("pages:about"))

        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "pages/about.html")
        self.assertContains(response, "<h1>About Bookstore</h1>", html=True)


class ErrorPageTests(TestCase):
    def test_unknown_page_gets_the_sites_404(self):
        response = self.client.get("/no-such-page/")

        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, "Page not found", status_code=404)

    @override_settings(ROOT_URLCONF="bookstore.pages.tests.failing_urls")
    def test_server_error_gets_the_sites_500(self):
        self.client.raise_request_exception = False

        response = self.client.get("/boom/")

        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)
