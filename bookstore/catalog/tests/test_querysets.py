import datetime as dt

from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.test import TestCase
from django.utils import timezone

from bookstore.accounts.tests.factories import SuperuserFactory, UserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory


def special_status() -> Permission:
    return Permission.objects.get(content_type__app_label="catalog", codename="special_status")


class VisibleToTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.published = BookFactory(title="Out today", publication_date=today)
        cls.future = BookFactory(title="Next year", publication_date=today + dt.timedelta(days=365))
        cls.reader = UserFactory()
        cls.insider = UserFactory()
        cls.insider.user_permissions.add(special_status())
        cls.group_member = UserFactory()
        group = Group.objects.create(name="Early readers")
        group.permissions.add(special_status())
        cls.group_member.groups.add(group)

    def visible(self, user):
        return set(Book.objects.visible_to(user).values_list("title", flat=True))

    def test_anonymous_and_plain_readers_see_only_published_books(self):
        self.assertEqual(self.visible(AnonymousUser()), {"Out today"})
        self.assertEqual(self.visible(None), {"Out today"})
        self.assertEqual(self.visible(self.reader), {"Out today"})

    def test_special_status_directly_or_through_a_group_shows_future_titles(self):
        self.assertEqual(self.visible(self.insider), {"Out today", "Next year"})
        self.assertEqual(self.visible(self.group_member), {"Out today", "Next year"})
        self.assertEqual(self.visible(SuperuserFactory()), {"Out today", "Next year"})

    def test_an_inactive_account_keeps_no_early_access(self):
        self.insider.is_active = False
        self.assertEqual(self.visible(self.insider), {"Out today"})

    def test_the_permission_check_costs_no_extra_query(self):
        with self.assertNumQueries(1):
            self.assertEqual(len(list(Book.objects.visible_to(self.insider))), 2)

    def test_a_permission_cache_already_filled_is_reused(self):
        user = UserFactory()
        self.assertFalse(user.has_perm("catalog.special_status"))  # fills user._perm_cache
        with self.assertNumQueries(1):
            self.assertEqual(self.visible(user), {"Out today"})


class ForListingTests(TestCase):
    def test_one_query_for_any_number_of_books_with_authors_in_credit_order(self):
        ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
        fiction = GenreFactory(name="Fiction")
        BookFactory(title="A", authors=[bob, ann], genres=[fiction])
        for _ in range(5):
            BookFactory(genres=[fiction])

        with self.assertNumQueries(1):
            books = list(Book.objects.for_listing().sorted_by("title"))
            first = books[0]
            self.assertEqual([a.name for a in first.listed_authors], ["Bob", "Ann"])
            self.assertEqual([g.name for g in first.listed_genres], ["Fiction"])
            for book in books:
                self.assertEqual(len(book.listed_authors), 1 if book.title != "A" else 2)
                self.assertIsNotNone(book.publisher.name)

    def test_a_book_without_genres_lists_none(self):
        BookFactory(genres=[])
        book = Book.objects.for_listing().get()
        self.assertEqual(book.listed_genres, [])


class SortTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old = BookFactory(title="B old", publication_date=dt.date(2001, 1, 1))
        cls.new = BookFactory(title="C new", publication_date=dt.date(2021, 1, 1))
        cls.mid = BookFactory(title="A mid", publication_date=dt.date(2011, 1, 1))
        Book.objects.filter(pk=cls.old.pk).update(rating_count=1, rating_sum=5, rating_5=1, rating_average=5)
        Book.objects.filter(pk=cls.mid.pk).update(rating_count=1, rating_sum=3, rating_3=1, rating_average=3)

    def titles(self, key):
        return list(Book.objects.sorted_by(key).values_list("title", flat=True))

    def test_each_sort(self):
        self.assertEqual(self.titles("title"), ["A mid", "B old", "C new"])
        self.assertEqual(self.titles("newest"), ["C new", "A mid", "B old"])
        self.assertEqual(self.titles("rating"), ["B old", "A mid", "C new"])

    def test_an_unknown_sort_falls_back_to_title(self):
        self.assertEqual(self.titles("price; drop table"), ["A mid", "B old", "C new"])
