"""HTTP validators for catalog responses: ``ETag``/``Last-Modified`` from generations, and 304s.

A catalog response is a function of the URL, the representation asked for, the day (books appear on their
publication date without any write), the deployed release and the generations of the scopes it shows. A
digest of those is a correct ETag without rendering anything, so a conditional GET whose validator still
matches is answered 304 before the view runs, cache or no cache.

``conditional_catalog(scopes)`` decorates a Django view or a DRF method (``method_decorator``); pages
cached whole get the same validators from :mod:`bookstore.caching.pages`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from bookstore.caching import generations
from bookstore.caching.release import release_id

ScopesArg = Sequence[str] | Callable[..., Sequence[str]]


@dataclass(frozen=True)
class Validators:
    digest: str
    last_modified: int  # seconds since the epoch
    # False when a generation could not be read (cache unreachable): nothing may then be served from a
    # cache or answered 304, because a change made during the outage could not move the generations.
    trustworthy: bool = True

    @property
    def etag(self) -> str:
        # Weak: the body of a replayed page differs in its CSP nonce, never in what it shows.
        return f'W/"{self.digest}"'


def resolve_scopes(scopes: ScopesArg, request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    return list(scopes(request, *args, **kwargs) if callable(scopes) else scopes)


def catalog_validators(
    request: HttpRequest, scopes: Sequence[str], *, viewer: str = "anonymous"
) -> Validators:
    """Validators for the response to ``request``; ``viewer`` names whose view of the catalog it is."""
    gens = generations.read(scopes)
    today = timezone.localdate()
    parts = [
        release_id(),
        request.build_absolute_uri(),
        request.headers.get("Accept", ""),
        today.isoformat(),
        viewer,
        *(f"{scope}={value}" for scope, value in sorted(gens.items())),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    start_of_day = datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_current_timezone())
    last_modified = max(generations.last_modified_ms(gens) // 1000, int(start_of_day.timestamp()))
    return Validators(digest=digest, last_modified=last_modified, trustworthy=all(gens.values()))


def viewer_of(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return f"user:{user.pk}"


def not_modified(request: HttpRequest, validators: Validators) -> HttpResponseBase | None:
    """The 304 (or 412) answer to a conditional request whose validators still match, else None."""
    if request.method not in ("GET", "HEAD") or not validators.trustworthy:
        return None
    response = get_conditional_response(
        request, etag=validators.etag, last_modified=validators.last_modified, response=None
    )
    if response is not None:
        apply_validators(response, validators, shared=viewer_of(request) == "anonymous")
    return response


def apply_validators(response: HttpResponseBase, validators: Validators, *, shared: bool) -> None:
    if response.status_code not in (200, 304) or not validators.trustworthy:
        return
    response.headers.setdefault("ETag", validators.etag)
    response.headers.setdefault("Last-Modified", http_date(validators.last_modified))
    # Browsers revalidate every time (a 304 is cheap); only anonymous answers may be kept by shared caches.
    if shared:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept"))


def conditional_catalog(scopes: ScopesArg) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Answer 304 while the scopes are unchanged; add ``ETag``/``Last-Modified`` to 200 responses.

    Works on Django views and on DRF views (``@method_decorator(conditional_catalog([...]), name="get")``
    or directly on a viewset action); authenticated viewers get validators of their own.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            viewer = viewer_of(request)
            validators = catalog_validators(
                request, resolve_scopes(scopes, request, *args, **kwargs), viewer=viewer
            )
            if (response := not_modified(request, validators)) is not None:
                return response
            response = view(request, *args, **kwargs)
            apply_validators(response, validators, shared=viewer == "anonymous")
            return response

        return wrapper

    return decorator
