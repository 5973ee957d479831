"""The fields the data map in docs/privacy.md must account for.

Every field of every model, ours and the libraries' we install, except framework bookkeeping that can never
hold personal data. A test compares this with the map, so a new field cannot slip in unconsidered.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Framework metadata: names of models and permissions, never about a person.
NOT_ABOUT_PEOPLE = frozenset({"contenttypes.ContentType", "auth.Permission"})
_FIELD_REFERENCE = re.compile(r"`([a-z_]+\.[A-Za-z]+\.[a-z_0-9]+)`")


def model_fields() -> set[str]:
    fields = set()
    for model in apps.get_models():
        if model._meta.label in NOT_ABOUT_PEOPLE:
            continue
        for field in model._meta.get_fields():
            if (field.concrete or field.many_to_many) and not field.auto_created:
                fields.add(f"{model._meta.label}.{field.name}")
    return fields


def mapped_fields(path: Path | None = None) -> set[str]:
    path = path or Path(settings.BASE_DIR) / "docs" / "privacy.md"
    return set(_FIELD_REFERENCE.findall(path.read_text()))
