"""Error views rendered in the site's own look."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # The reason is for logs, not for the page: it can reveal how the check works.
    return render(request, "403_csrf.html", status=403)
