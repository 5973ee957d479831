"""Whole-page caching of anonymous catalog pages, keyed on generations.

``@cache_catalog_page(scopes)`` serves a stored copy of the page to anonymous visitors while the scopes'
generations are unchanged. The rules that keep it correct:

- Only requests that cannot be personal are served or stored: GET/HEAD without a session cookie or a
  messages cookie. Anyone else gets the view itself with ``Cache-Control: private``.
- Only plain 200 responses that set no cookie and did not ask not to be cached are stored.
- The key holds the release, the absolute URL (with its query string), the ``Accept`` header, the day and
  the generations, so a change or a deploy never serves an old page (see :mod:`bookstore.caching.http`).
- **CSP nonce.** Every response carries a fresh nonce in its ``Content-Security-Policy`` header, and the
  page's ``<script nonce=…>`` attributes must repeat it. A stored page is kept with the nonce replaced by a
  placeholder; a replay fills in this request's nonce, which the CSP middleware then writes in the header.
  Replaying the stored nonce would either break every script (header and body disagree) or, worse, reuse
  one nonce for everyone.
- **Two levels.** A page found in Redis is also kept in a small per-process memory (``CATALOG_PAGE_LOCAL_ENTRIES``
  most recent pages). That is safe because a key names one immutable page (the generations are in it): a
  change makes new keys, it never changes what an old key holds. With the process's remembered generations
  (see :mod:`bookstore.caching.generations`) a warm page then costs no network round trip at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from bookstore.caching.http import (
    ScopesArg,
    Validators,
    apply_validators,
    catalog_validators,
    not_modified,
    resolve_scopes,
)

NONCE_PLACEHOLDER = b"\x00bookstore-csp-nonce\x00"
KEY_PREFIX = "page:"
# Headers a stored page keeps; everything else is added per request by the middleware on the way out.
STORED_HEADERS = frozenset({"content-type", "content-language", "link"})


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    has_nonce: bool

    def replay(self, request: HttpRequest) -> HttpResponse | None:
        content = self.content
        if self.has_nonce:
            nonce = getattr(request, "_csp_nonce", None)
            if nonce is None:
                return None
            # Evaluating the lazy nonce marks it used, so the CSP middleware puts it in the header.
            content = content.replace(NONCE_PLACEHOLDER, str(nonce).encode())
        return HttpResponse(content, headers=dict(self.headers))


def is_shareable_request(request: HttpRequest) -> bool:
    """Nothing in the request can make the page personal: no session, no pending flash message."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _storable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return vary <= {"cookie", "accept", "accept-encoding"}


def _capture(request: HttpRequest, response: HttpResponse) -> CachedPage | None:
    content = response.content
    if NONCE_PLACEHOLDER in content:
        return None
    nonce = getattr(request, "_csp_nonce", None)
    has_nonce = bool(nonce)  # a LazyNonce is true only once the page used it
    if has_nonce:
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    headers = tuple((name, value) for name, value in response.items() if name.lower() in STORED_HEADERS)
    return CachedPage(content=content, headers=headers, has_nonce=has_nonce)


def page_key(validators: Validators) -> str:
    return KEY_PREFIX + validators.digest


class _LocalPages:
    """A bounded, thread-safe LRU of stored pages in this process's memory."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        limit = settings.CATALOG_PAGE_LOCAL_ENTRIES
        if limit <= 0:
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > limit:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


local_pages = _LocalPages()


def _lookup(key: str) -> CachedPage | None:
    page = local_pages.get(key)
    if page is None:
        stored = cache.get(key)
        if isinstance(stored, CachedPage):
            page = stored
            local_pages.put(key, page)
    return page


def cache_catalog_page(
    scopes: ScopesArg, *, timeout: int | None = None
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Cache the view's page whole for anonymous visitors, valid until a scope's generation moves.

    ``scopes`` is a list of generation scopes, or a callable ``(request, *args, **kwargs) -> list`` for
    pages whose scopes depend on the URL (a book's page depends on that book).
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not settings.CATALOG_PAGE_CACHE or not is_shareable_request(request):
                uncached = view(request, *args, **kwargs)
                if request.method in ("GET", "HEAD") and not is_shareable_request(request):
                    patch_cache_control(uncached, private=True)
                    patch_vary_headers(uncached, ("Cookie",))
                return uncached

            validators = catalog_validators(request, resolve_scopes(scopes, request, *args, **kwargs))
            if not validators.trustworthy:
                return view(request, *args, **kwargs)  # the cache is unreachable: render, store nothing
            if (conditional := not_modified(request, validators)) is not None:
                return conditional

            key = page_key(validators)
            stored = _lookup(key)
            response: HttpResponseBase | None = stored.replay(request) if stored is not None else None
            if response is None:
                response = view(request, *args, **kwargs)
                if isinstance(response, SimpleTemplateResponse):
                    response.render()
                if isinstance(response, HttpResponse) and _storable(response):
                    page = _capture(request, response)
                    if page is not None:
                        local_pages.put(key, page)
                        cache.set(
                            key, page, timeout if timeout is not None else settings.CATALOG_PAGE_CACHE_TIMEOUT
                        )
            apply_validators(response, validators, shared=True)
            return response

        return wrapper

    return decorator
