"""Write, edit and delete your own review.

Someone else's review is looked up with the reader's own id in the query, so it is simply not found (404):
nobody learns whether the review exists, and nothing changes. The services check ownership again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from bookstore.catalog.models import Book
from bookstore.catalog.selectors import book_get
from bookstore.reviews.forms import ReviewForm
from bookstore.reviews.models import Review
from bookstore.reviews.selectors import review_get_for_user
from bookstore.reviews.services import review_create, review_delete, review_update


class _BookReviewMixin(LoginRequiredMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def book(self) -> Book:
        return book_get(user=self.request.user, book_id=self.kwargs["book_id"])  # 404 unless visible

    def own_review(self) -> Review:
        return get_object_or_404(
            Review, pk=self.kwargs["pk"], book_id=self.book.pk, user_id=self.request.user.pk
        )


def _add_service_errors(form: ReviewForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ReviewCreateView(_BookReviewMixin, FormView):
    template_name = "reviews/review_form.html"
    form_class = ReviewForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            existing = review_get_for_user(book=self.book, user=request.user)
            if existing is not None:
                messages.info(request, "You have already reviewed this book: you can edit your review.")
                return redirect("reviews:update", book_id=self.book.pk, pk=existing.pk)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        try:
            review_create(user=self.request.user, book=self.book, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Thank you: your review is published.")
        return HttpResponseRedirect(self.book.get_absolute_url())

    def form_invalid(self, form: ReviewForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=self.book, editing=False, **kwargs)


class ReviewUpdateView(_BookReviewMixin, FormView):
    template_name = "reviews/review_form.html"
    form_class = ReviewForm

    @cached_property
    def review(self) -> Review:
        return self.own_review()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.review}

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        try:
            review_update(user=self.request.user, review=self.review, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your review is updated.")
        return HttpResponseRedirect(self.book.get_absolute_url())

    def form_invalid(self, form: ReviewForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=self.book, review=self.review, editing=True, **kwargs)


class ReviewDeleteView(_BookReviewMixin, TemplateView):
    """GET asks for confirmation; POST deletes."""

    template_name = "reviews/review_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=self.book, review=self.own_review(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        review_delete(user=request.user, review=self.own_review())
        messages.success(request, "Your review is deleted.")
        return HttpResponseRedirect(self.book.get_absolute_url())
