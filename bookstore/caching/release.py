"""The release id baked into page keys and ETags, so a deploy never serves HTML rendered by old templates."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.template import engines


@functools.cache
def release_id() -> str:
    """``RELEASE_ID`` from the environment (the image's git sha), else a digest of every template file.

    The digest covers what changes rendered HTML without a catalog change: templates, and the static
    manifest that names the hashed CSS and JS files.
    """
    if settings.RELEASE_ID:
        return str(settings.RELEASE_ID)
    digest = hashlib.sha256()
    for directory in _template_dirs():
        for path in sorted(directory.rglob("*.html")):
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def _template_dirs() -> list[Path]:
    directories: list[Path] = []
    for engine in engines.all():
        for directory in getattr(engine, "template_dirs", ()):
            path = Path(directory)
            if path.is_dir() and path not in directories:
                directories.append(path)
    return directories
