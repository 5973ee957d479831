"""The benchmark's ceiling: a fixed response through the full middleware stack.

Mounted only when ``BENCH_CEILING_VIEW`` is on (the benchmark's server configuration), so it never exists
in production. Whatever rate this view reaches is the most any page can reach on this server and machine;
the benchmark reports every endpoint as a ratio to it.
"""

from django.http import HttpRequest, HttpResponse

CEILING_BODY = b"<!doctype html><title>ceiling</title><p>ok</p>\n"


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse(CEILING_BODY, content_type="text/html; charset=utf-8")
