"""Low-level values, fragments and the invalidation map."""

from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import SimpleTestCase, override_settings

from bookstore.caching import generations
from bookstore.caching.invalidation import catalog_changed_receiver, scopes_for_change
from bookstore.caching.tests.helpers import LOCMEM_CACHES
from bookstore.caching.values import cached_value


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_VALUE_CACHE=True)
class CachedValueTests(SimpleTestCase):
    def setUp(self):
        cache.clear()
        self.calls = 0

    def compute(self):
        self.calls += 1
        return None if self.calls == 1 else self.calls

    def test_value_is_computed_once_until_its_scope_moves(self):
        self.assertIsNone(cached_value("count", scopes=["catalog"], compute=self.compute))
        self.assertIsNone(cached_value("count", scopes=["catalog"], compute=self.compute))
        self.assertEqual(self.calls, 1)
        generations.bump(["catalog"])
        self.assertEqual(cached_value("count", scopes=["catalog"], compute=self.compute), 2)


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_VALUE_CACHE=True)
class FragmentTests(SimpleTestCase):
    TEMPLATE = Template(
        '{% load cache catalog_cache %}{% catalog_generation "book" book_id as gen %}'
        "{% cache 60 histogram book_id gen %}{{ value }}{% endcache %}"
    )

    def setUp(self):
        cache.clear()

    def test_fragment_is_rendered_again_after_its_book_changes(self):
        self.assertEqual(self.TEMPLATE.render(Context({"book_id": 7, "value": "first"})), "first")
        self.assertEqual(self.TEMPLATE.render(Context({"book_id": 7, "value": "second"})), "first")
        generations.bump([generations.book_scope(7)])
        self.assertEqual(self.TEMPLATE.render(Context({"book_id": 7, "value": "third"})), "third")

    def test_book_scope_needs_an_id(self):
        with self.assertRaises(TemplateSyntaxError):
            Template('{% load catalog_cache %}{% catalog_generation "book" %}').render(Context())


class Review:
    class _meta:  # noqa: N801 - mimics a model's options
        model_name = "review"


class Genre:
    class _meta:  # noqa: N801
        model_name = "genre"


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_VALUE_CACHE=True)
class InvalidationMapTests(SimpleTestCase):
    def setUp(self):
        cache.clear()

    def test_book_level_changes_move_their_books_and_the_lists(self):
        self.assertEqual(scopes_for_change("review", ["a", "b"]), ["catalog", "book:a", "book:b"])
        self.assertEqual(scopes_for_change("book", [1]), ["catalog", "book:1"])

    def test_taxonomy_and_unknown_changes_move_everything(self):
        self.assertEqual(scopes_for_change("genre"), ["catalog", "taxonomy"])
        self.assertEqual(scopes_for_change("book", []), ["catalog", "taxonomy"])
        self.assertEqual(scopes_for_change("publisher", [1]), ["catalog", "taxonomy"])

    def test_receiver_bumps_the_scopes(self):
        before = generations.read(["catalog", "taxonomy", "book:9"])
        catalog_changed_receiver(Review, book_ids=[9])
        middle = generations.read(["catalog", "taxonomy", "book:9"])
        self.assertGreater(middle["book:9"], before["book:9"])
        self.assertEqual(middle["taxonomy"], before["taxonomy"])
        catalog_changed_receiver(Genre, book_ids=[], genre_ids=[1])
        self.assertGreater(generations.read(["taxonomy"])["taxonomy"], middle["taxonomy"])


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_VALUE_CACHE=False)
class SwitchedOffTests(SimpleTestCase):
    def test_values_and_fragments_are_computed_every_time(self):
        calls = []
        cached_value("n", scopes=["catalog"], compute=lambda: calls.append(1))
        cached_value("n", scopes=["catalog"], compute=lambda: calls.append(1))
        self.assertEqual(len(calls), 2)
        self.assertEqual(FragmentTests.TEMPLATE.render(Context({"book_id": 1, "value": "a"})), "a")
        self.assertEqual(FragmentTests.TEMPLATE.render(Context({"book_id": 1, "value": "b"})), "b")
