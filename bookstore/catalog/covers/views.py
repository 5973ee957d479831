"""Serving stored covers, with DEBUG off as with it on.

With object storage configured, pages link straight to the bucket and this view is not in the path. On the
filesystem, a reverse proxy may serve ``MEDIA_ROOT/covers/`` itself; without one, this view streams the file
from the storage. Only cover-shaped names are served: no other media, no directory traversal.
"""

from __future__ import annotations

import re

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

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
