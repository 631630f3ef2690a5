"""No lost edits (DESIGN.md §8): every edit form carries the version it was loaded from.

The version is a fingerprint of every object the page edits (model, id and last change), signed
together with the moment the page was loaded. A save first locks the page's main object, then
compares the fingerprint with the objects as they are now: if someone else saved, added or
removed anything in between, the save is refused, the page shows what they changed since the
moment in the token, and the form comes back with the user's own text and a fresh version, so
that a second, deliberate save after merging goes through.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.db import models
from django.http import QueryDict
from django.utils import timezone

SALT = "situations.editing.version"
FIELD = "version"


def fingerprint(objects: Iterable[models.Model]) -> str:
    parts = sorted(
        f"{obj._meta.label_lower}:{obj.pk}:{obj.updated_at.isoformat()}" for obj in objects
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def issue(objects: Iterable[models.Model]) -> str:
    """A signed version token for a page that shows OBJECTS."""
    return signing.dumps({"f": fingerprint(objects), "t": timezone.now().isoformat()}, salt=SALT)


@dataclass
class Version:
    fingerprint: str
    loaded_at: datetime.datetime


def read(token: str) -> Version | None:
    """The version in TOKEN, or None when it is missing or was tampered with."""
    try:
        data = signing.loads(token, salt=SALT)
        return Version(data["f"], datetime.datetime.fromisoformat(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class VersionForm(forms.Form):
    """The hidden version field every edit page renders next to its forms."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


@dataclass
class Conflict:
    """Someone saved the page's objects after this user loaded it."""

    since: datetime.datetime | None
    entries: list = field(default_factory=list)


def conflict(data: QueryDict, objects: Iterable[models.Model]) -> Conflict | None:
    """None when OBJECTS are as they were when the form in DATA was loaded.

    Call it inside the saving transaction, after locking the page's main object, so that two
    saves cannot both pass it.
    """
    version = read(data.get(FIELD, ""))
    if version is not None and version.fingerprint == fingerprint(objects):
        return None
    return Conflict(since=version.loaded_at if version else None)


def with_fresh_version(data: QueryDict, objects: Iterable[models.Model]) -> QueryDict:
    """DATA with the version of OBJECTS now, so that the user's next save may go through."""
    data = data.copy()
    data[FIELD] = issue(objects)
    return data


def version_form(objects: Iterable[models.Model]) -> VersionForm:
    return VersionForm(initial={FIELD: issue(objects)})
