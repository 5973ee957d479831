from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import SuperuserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.tests.factories import ReviewFactory


class ReviewAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = SuperuserFactory()
        cls.book = BookFactory(title="Dune")
        cls.reviews = [
            ReviewFactory(book=cls.book, rating=rating, title=f"Take {rating}") for rating in (1, 4, 5)
        ]

    def setUp(self):
        self.client.force_login(self.admin)

    def test_moderators_list_and_search_but_cannot_add_or_edit(self):
        listing = self.client.get(reverse("admin:reviews_review_changelist"), {"q": "Dune"})
        detail = self.client.get(reverse("admin:reviews_review_change", args=[self.reviews[0].pk]))

        self.assertContains(listing, "Take 4")
        self.assertNotContains(detail, 'name="_save"')
        self.assertEqual(self.client.get(reverse("admin:reviews_review_add")).status_code, 403)

    def test_bulk_delete_goes_through_the_service_and_keeps_counters_right(self):
        response = self.client.post(
            reverse("admin:reviews_review_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [self.reviews[0].pk, self.reviews[1].pk],
                "post": "yes",
            },
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Review.objects.values_list("rating", flat=True)), [5])
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual((book.rating_count, book.rating_sum, book.rating_1, book.rating_4), (1, 5, 0, 0))
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.REVIEW_DELETED).count(), 2)
