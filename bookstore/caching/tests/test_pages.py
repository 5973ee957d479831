"""Whole-page caching: shared only between anonymous visitors, fresh after a bump, nonce always matching."""

import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import TestCase, override_settings

from bookstore.accounts.tests.factories import UserFactory
from bookstore.caching import generations
from bookstore.caching.tests import urls as test_urls
from bookstore.caching.tests.helpers import LOCMEM_CACHES

NONCE_IN_BODY = re.compile(r'<script nonce="([^"]+)">')
NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")


@override_settings(ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True)
class AnonymousPageCacheTests(TestCase):
    def setUp(self):
        cache.clear()
        test_urls.renders.clear()

    def test_second_anonymous_visit_is_served_from_the_cache(self):
        first = self.client.get("/catalog/")
        second = self.client.get("/catalog/")
        self.assertContains(first, "catalog render 1")
        self.assertContains(second, "catalog render 1")
        self.assertEqual(test_urls.renders["catalog"], 1)
        self.assertIn("Cookie", second["Vary"])
        self.assertEqual(second["Cache-Control"], "public, max-age=0, must-revalidate")

    def test_query_strings_are_cached_apart(self):
        self.client.get("/catalog/?page=1")
        response = self.client.get("/catalog/?page=2")
        self.assertContains(response, "catalog render 2")

    def test_a_bump_of_the_pages_scope_renders_it_again(self):
        self.client.get("/catalog/")
        generations.bump([generations.CATALOG])
        self.assertContains(self.client.get("/catalog/"), "catalog render 2")

    def test_a_book_bump_refreshes_that_book_only(self):
        self.client.get("/books/1/")
        self.client.get("/books/2/")
        generations.bump([generations.book_scope(1)])
        self.assertContains(self.client.get("/books/1/"), "book-1 render 2")
        self.assertContains(self.client.get("/books/2/"), "book-2 render 1")

    def test_a_taxonomy_bump_refreshes_every_book(self):
        self.client.get("/books/1/")
        generations.bump([generations.TAXONOMY])
        self.assertContains(self.client.get("/books/1/"), "book-1 render 2")

    def test_a_replayed_page_carries_a_fresh_nonce_that_matches_its_header(self):
        nonces = []
        for _ in range(3):
            response = self.client.get("/catalog/")
            body_nonce = NONCE_IN_BODY.search(response.text).group(1)
            header_nonce = NONCE_IN_HEADER.search(response["Content-Security-Policy"]).group(1)
            self.assertEqual(body_nonce, header_nonce)
            nonces.append(body_nonce)
        self.assertEqual(test_urls.renders["catalog"], 1)
        self.assertEqual(len(set(nonces)), 3)

    def test_responses_that_set_cookies_are_never_stored(self):
        self.client.get("/cookie/")
        self.client.cookies.clear()
        self.client.get("/cookie/")
        self.assertEqual(test_urls.renders["cookie"], 2)

    def test_errors_are_not_stored(self):
        self.client.get("/missing/")
        self.assertEqual(self.client.get("/missing/").status_code, 404)
        self.assertEqual(test_urls.renders["missing"], 2)

    def test_head_is_served_from_the_same_entry(self):
        self.client.get("/catalog/")
        response = self.client.head("/catalog/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(test_urls.renders["catalog"], 1)

    @override_settings(CATALOG_PAGE_CACHE=False)
    def test_the_switch_turns_the_page_cache_off(self):
        self.client.get("/catalog/")
        self.client.get("/catalog/")
        self.assertEqual(test_urls.renders["catalog"], 2)


@override_settings(ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True)
class PersonalRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory()

    def setUp(self):
        cache.clear()
        test_urls.renders.clear()

    def test_signed_in_pages_are_rendered_for_each_request_and_marked_private(self):
        self.client.get("/catalog/")  # an anonymous copy exists
        self.client.force_login(self.user)
        first = self.client.get("/catalog/")
        second = self.client.get("/catalog/")
        self.assertContains(second, "catalog render 3")
        self.assertIn("private", first["Cache-Control"])
        self.assertNotIn("public", second["Cache-Control"])
        self.assertNotIn("ETag", second)

    def test_a_session_cookie_alone_bypasses_the_shared_copy(self):
        self.client.get("/catalog/")
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
        self.assertContains(self.client.get("/catalog/"), "catalog render 2")

    def test_a_pending_flash_message_bypasses_the_shared_copy(self):
        self.client.get("/catalog/")
        self.client.cookies[CookieStorage.cookie_name] = "pending"
        self.assertContains(self.client.get("/catalog/"), "catalog render 2")


@override_settings(ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True)
class ConditionalGetTests(TestCase):
    def setUp(self):
        cache.clear()
        test_urls.renders.clear()

    def test_matching_etag_gets_304_without_rendering(self):
        etag = self.client.get("/catalog/")["ETag"]
        self.assertTrue(etag.startswith('W/"'))
        response = self.client.get("/catalog/", headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["ETag"], etag)

    def test_etag_changes_after_a_bump(self):
        etag = self.client.get("/catalog/")["ETag"]
        generations.bump([generations.CATALOG])
        response = self.client.get("/catalog/", headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(response["ETag"], etag)

    def test_if_modified_since_gets_304_until_a_later_change(self):
        last_modified = self.client.get("/catalog/")["Last-Modified"]
        response = self.client.get("/catalog/", headers={"if-modified-since": last_modified})
        self.assertEqual(response.status_code, 304)

    def test_plain_view_and_drf_view_answer_304(self):
        for url in ("/plain/", "/api/"):
            with self.subTest(url=url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                again = self.client.get(url, headers={"if-none-match": first["ETag"]})
                self.assertEqual(again.status_code, 304)
                generations.bump([generations.CATALOG])
                self.assertEqual(
                    self.client.get(url, headers={"if-none-match": first["ETag"]}).status_code, 200
                )
        self.assertEqual(test_urls.renders["api"], 2)

    def test_different_representations_get_different_etags(self):
        json_etag = self.client.get("/api/", headers={"accept": "application/json"})["ETag"]
        indented_etag = self.client.get("/api/", headers={"accept": "application/json; indent=2"})["ETag"]
        self.assertNotEqual(json_etag, indented_etag)


@override_settings(ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True)
class LocalMemoryTests(TestCase):
    def setUp(self):
        cache.clear()
        test_urls.renders.clear()

    def test_a_page_stays_in_process_memory_after_the_shared_cache_loses_it(self):
        self.client.get("/catalog/")
        cache.clear()  # e.g. evicted from Redis; the generations are remembered by this process
        self.assertContains(self.client.get("/catalog/"), "catalog render 1")

    def test_process_memory_never_outlives_a_bump(self):
        self.client.get("/catalog/")
        generations.bump([generations.CATALOG])
        self.assertContains(self.client.get("/catalog/"), "catalog render 2")

    @override_settings(CATALOG_PAGE_LOCAL_ENTRIES=1)
    def test_process_memory_is_bounded(self):
        self.client.get("/catalog/?a")
        self.client.get("/catalog/?b")
        cache.clear()
        self.assertContains(self.client.get("/catalog/?a"), "catalog render 3")
