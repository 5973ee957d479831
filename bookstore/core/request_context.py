"""Who is asking, for the request being served: request id, client address and user agent.

Logging and the audit trail read it from anywhere in the same thread (or task), so that one id ties together
a log line, an audit entry and the ``X-Request-ID`` header a user can quote to support, and services never
need a ``request`` argument just to record where a change came from.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

# Accept an upstream proxy's id only when it looks like one; anything else could forge log lines.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
MAX_USER_AGENT_LENGTH = 512


@dataclass(frozen=True, slots=True)
class RequestContext:
    request_id: str = "-"
    ip_address: str | None = None
    user_agent: str = ""
    # The request itself, so the signed-in user can be read once authentication has run.
    request: HttpRequest | None = field(default=None, compare=False, repr=False)

    @property
    def user(self) -> Any:
        user = getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


_current: ContextVar[RequestContext] = ContextVar("request_context", default=RequestContext())  # noqa: B039


def new_request_id(incoming: str | None) -> str:
    if incoming and _VALID_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def client_ip(request: HttpRequest, *, trusted_proxies: int) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry our own proxies appended to X-Forwarded-For.

    Only the last ``trusted_proxies`` entries were written by proxies we run; anything left of them was sent
    by the client and is not believed.
    """
    candidate = request.META.get("REMOTE_ADDR")
    forwarded = request.headers.get("x-forwarded-for", "")
    if trusted_proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted_proxies:
            candidate = hops[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate or ""))
    except ValueError:
        return None


def context_from_request(request: HttpRequest, *, trusted_proxies: int) -> RequestContext:
    return RequestContext(
        request_id=new_request_id(request.headers.get("X-Request-ID")),
        ip_address=client_ip(request, trusted_proxies=trusted_proxies),
        user_agent=request.headers.get("User-Agent", "")[:MAX_USER_AGENT_LENGTH],
        request=request,
    )


def get_request_context() -> RequestContext:
    return _current.get()


def get_request_id() -> str:
    return _current.get().request_id


def set_request_context(context: RequestContext) -> Token[RequestContext]:
    return _current.set(context)


def reset_request_context(token: Token[RequestContext]) -> None:
    _current.reset(token)
