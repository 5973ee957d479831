"""Cover pages: the staff upload page, and serving stored covers with DEBUG off as with it on.

With object storage configured, pages link straight to the bucket and this view is not in the path. On the
filesystem, a reverse proxy may serve ``MEDIA_ROOT/covers/`` itself; without one, this view streams the file
from the storage. Only cover-shaped names are served: no other media, no directory traversal.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from bookstore.catalog.covers.forms import CoverUploadForm
from bookstore.catalog.covers.services import book_cover_set
from bookstore.catalog.models import Book

# covers/<book id>/<random token>[-<width>].<ext>, as written by the cover services.
_COVER_NAME = re.compile(r"^[0-9a-f-]{32,36}/[A-Za-z0-9_-]{1,64}\.(?P<ext>jpg|png|webp)$")
_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@require_safe
def cover_file(request: HttpRequest, name: str) -> FileResponse:
    match = _COVER_NAME.match(name)
    if match is None:
        raise Http404("No such cover.")
    try:
        handle = default_storage.open(f"covers/{name}", "rb")
    except (OSError, SuspiciousFileOperation) as error:  # missing file, or a storage refusing the name
        raise Http404("No such cover.") from error
    response = FileResponse(handle, content_type=_CONTENT_TYPES[match["ext"]])
    # A stored name never changes content (each upload gets a new random name): cache it for a year.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    # An image needs no scripts, styles or frames, even if a browser were tricked into rendering it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class StaffBookCoverView(PermissionRequiredMixin, FormView):
    """``/staff/books/<id>/cover/``: show the current cover and its thumbnail status, upload a new one."""

    permission_required = "catalog.change_book"
    template_name = "catalog/staff/book_cover.html"
    form_class = CoverUploadForm

    @cached_property
    def book(self) -> Book:
        # Staff manage every book, published or not.
        return get_object_or_404(Book, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "max_bytes": settings.COVER_MAX_BYTES}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=self.book, **kwargs)

    def form_valid(self, form: CoverUploadForm) -> HttpResponse:
        try:
            book_cover_set(actor=self.request.user, book=self.book, upload=form.cleaned_data["cover"])
        except ValidationError as error:
            form.add_error("cover", error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"The cover of “{self.book.title}” was saved; thumbnails follow shortly."
        )
        return HttpResponseRedirect(reverse("catalog_staff:book-cover", args=[self.book.pk]))

    def form_invalid(self, form: CoverUploadForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)
