"""No lost edits (docs/design.md): every edit form carries the version it was loaded from.

The version is a fingerprint of every object the page edits (model, id and last change), signed
together with the moment the page was loaded. A save first locks the page's main object, then
compares the fingerprint with the objects as they are now: if someone else saved, added or
removed anything in between, the save is refused, the page shows what they changed since the
moment in the token, and the form comes back with the user's own text and a fresh version, so
that a second, deliberate save after merging goes through.

edit() is that routine, once for every edit page: the views give it what differs (what to load
and lock, which objects and histories the version covers, their forms, how to save and show).
It also answers the page's "add one more row" buttons (ADD_ROW), without JavaScript.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django import forms
from django.contrib import messages
from django.core import signing
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy

from config.lib import history
from config.lib.models import TimeStampedModel

SALT = "situations.editing.version"
FIELD = "version"

# Blank rows every formset of an edit page offers, so that several rows go in one save; the
# blank ones a save leaves untouched are ignored.
EXTRA_ROWS = 3
# The submit button that asks for one more blank row in the formset named by its value: the
# page comes back with everything typed and the row, saving nothing, without JavaScript.
ADD_ROW = "add_row"
MOST_ROWS = 200


FORGED_FORMSET = gettext_lazy(
    "The form was changed after the page was loaded. Load the page again and make your "
    "changes there."
)


class GuardedFormSet(forms.BaseModelFormSet):
    """A model formset that answers forged counts and ids with a form error.

    Django trusts INITIAL_FORMS and TOTAL_FORMS as posted: a negative or too large count of
    saved rows broke the page with a 500, and the id of a row the page did not show (another
    promise's activity) was saved as a new row. The rows are the formset's queryset.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        messages = {**self.error_messages, "missing_management_form": FORGED_FORMSET}  # type: ignore[has-type]
        self.error_messages = messages

    def initial_form_count(self) -> int:
        count = super().initial_form_count()
        # More saved rows than the page shows is what a row removed meanwhile looks like;
        # each of them then has its own message.
        return min(max(count, 0), self.absolute_max) if self.is_bound else count

    def total_form_count(self) -> int:
        total = super().total_form_count()
        return max(total, self.initial_form_count()) if self.is_bound else total

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self._forged():
            self.non_form_errors().append(
                forms.ValidationError(FORGED_FORMSET, code="forged_formset")
            )

    def _forged(self) -> bool:
        management = self.management_form
        if not management.is_valid():
            return False  # Django has said so, in our words
        initial = int(management.cleaned_data[INITIAL_FORM_COUNT] or 0)
        total = int(management.cleaned_data[TOTAL_FORM_COUNT] or 0)
        if initial < 0 or total < initial:
            return True
        assert self.model is not None
        pk_name = self.model._meta.pk.name
        forms_ = self.initial_forms
        if any(not form.data.get(form.add_prefix(pk_name)) for form in forms_):
            return True
        # An id outside the rows shown leaves its form without a saved row; one that its
        # field already refused (a row removed meanwhile) has its own message.
        pks = [form.instance.pk for form in forms_ if pk_name not in form.errors]
        return None in pks or len(set(pks)) != len(pks)


class GuardedInlineFormSet(GuardedFormSet, forms.BaseInlineFormSet):
    """An inline formset with GuardedFormSet's checks."""


def fingerprint(objects: Iterable[TimeStampedModel]) -> str:
    parts = sorted(
        f"{obj._meta.label_lower}:{obj.pk}:{obj.updated_at.isoformat()}" for obj in objects
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def issue(objects: Iterable[TimeStampedModel]) -> str:
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


class ClearsCarriedOver(forms.ModelForm):
    """A form whose save clears the row's carried-over mark once the person changed it.

    Fields in NOT_AN_EDIT (a row's place in the order) may change without clearing it.
    """

    NOT_AN_EDIT: tuple[str, ...] = ("position",)

    def save(self, commit: bool = True):
        if getattr(self.instance, "carried_over", False):
            if set(self.changed_data) - set(self.NOT_AN_EDIT):
                self.instance.carried_over = False
        return super().save(commit=commit)


class VersionForm(forms.Form):
    """The hidden version field every edit page renders next to its forms."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


@dataclass
class Conflict:
    """Someone saved the page's objects after this user loaded it."""

    since: datetime.datetime | None
    entries: list = field(default_factory=list)


def conflict(data: QueryDict, objects: Iterable[TimeStampedModel]) -> Conflict | None:
    """None when OBJECTS are as they were when the form in DATA was loaded.

    Call it inside the saving transaction, after locking the page's main object, so that two
    saves cannot both pass it.
    """
    version = read(data.get(FIELD, ""))
    if version is not None and version.fingerprint == fingerprint(objects):
        return None
    return Conflict(since=version.loaded_at if version else None)


def with_fresh_version(data: QueryDict, objects: Iterable[TimeStampedModel]) -> QueryDict:
    """DATA with the version of OBJECTS now, so that the user's next save may go through."""
    data = data.copy()
    data[FIELD] = issue(objects)
    return data


def with_another_row(data: QueryDict, prefix: str) -> QueryDict:
    """DATA with one more blank form in its formset PREFIX, if it has one."""
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, ""))
    except ValueError:
        return data
    data = data.copy()
    data[key] = str(min(total + 1, MOST_ROWS))
    return data


def unchecked(bound: object) -> None:
    """Show the forms and formsets in BOUND as typed, without errors: nothing is saved yet.

    BOUND is what a page's bind() returns: a form, a formset, or a tuple, dict or object
    holding them (a form may hold formsets too, a promise its activities).
    """
    pending, seen = [bound], set()
    while pending:
        obj = pending.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, models.Model, QuerySet)):
            continue
        seen.add(id(obj))
        if isinstance(obj, forms.BaseFormSet):
            # What full_clean() would set: the errors are read from here, and none are found.
            obj._errors = []  # type: ignore[attr-defined]
            obj._non_form_errors = obj.error_class()  # type: ignore[attr-defined]
            pending.extend(obj.forms)
        elif isinstance(obj, forms.BaseForm):
            if obj.prefix and not any(key.startswith(f"{obj.prefix}-") for key in obj.data):
                # The row just added: shown with its defaults, as the blank rows of a new page.
                obj.is_bound = False
            obj._errors = ErrorDict()  # type: ignore[attr-defined]
            obj.cleaned_data = {}
            pending.extend(v for v in vars(obj).values() if isinstance(v, forms.BaseFormSet))
        elif isinstance(obj, dict):
            pending.extend(obj.values())
        elif isinstance(obj, (list, tuple)):
            pending.extend(obj)
        elif hasattr(obj, "__dict__"):
            pending.extend(vars(obj).values())


def version_form(objects: Iterable[TimeStampedModel]) -> VersionForm:
    return VersionForm(initial={FIELD: issue(objects)})


@dataclass(frozen=True)
class PageState:
    """What an edit page shows besides its forms: the version to send back with them, the
    other person's changes when the save was refused, and the page's status."""

    version: VersionForm
    conflict: Conflict | None = None
    status: int = 200


class SavesItself(Protocol):
    def is_valid(self) -> bool: ...

    def save(self) -> object: ...


def save_forms(
    request: HttpRequest, *, message: str, then: str
) -> Callable[[object, SavesItself], HttpResponse | None]:
    """A SAVE for edit() whose forms save themselves: if they are valid, save them, say
    MESSAGE and go to THEN."""

    def save(_target: object, page_forms: SavesItself) -> HttpResponse | None:
        if not page_forms.is_valid():
            return None
        page_forms.save()
        messages.success(request, message)
        return redirect(then)

    return save


def edit[T, F](
    request: HttpRequest,
    *,
    load: Callable[[bool], T],
    objects: Callable[[T], Iterable[TimeStampedModel]],
    histories: Callable[[T], Iterable[QuerySet]],
    bind: Callable[[T, QueryDict | None], F],
    save: Callable[[T, F], HttpResponse | None],
    render: Callable[[T, F, PageState], HttpResponse],
) -> HttpResponse:
    """Show an edit page, or save it unless someone else saved since it was loaded.

    LOAD(for_update) fetches what the page edits through the app's permission helper (404, 403)
    and, for a save, locks its main row. OBJECTS are what the version covers, HISTORIES where
    the other person's changes are read. BIND makes the page's forms, bound to the data given
    or unbound. SAVE validates and saves them and returns the response to send, or None when
    the forms come back with their errors. RENDER shows the page: 200, or 409 on a conflict,
    with the user's own text and a fresh version so that a second save after merging goes
    through.
    """
    if request.method != "POST":
        target = load(False)
        bound = bind(target, None)
        # After bind: a page may take the version's rows from what its forms have loaded.
        return render(target, bound, PageState(version_form(objects(target))))

    if ADD_ROW in request.POST:
        # One more blank row: nothing is saved or checked, and the version sent still holds.
        target = load(False)
        data = with_another_row(request.POST, request.POST[ADD_ROW])
        bound = bind(target, data)
        unchecked(bound)
        return render(target, bound, PageState(VersionForm(data)))

    with transaction.atomic():
        # The lock makes two saves of the page take turns, so that both cannot pass the check.
        target = load(True)
        current = list(objects(target))
        found = conflict(request.POST, current)
        if found is None:
            bound = bind(target, request.POST)
            response = save(target, bound)
            if response is not None:
                return response
            # Nothing was saved: the version sent still holds.
            state = PageState(VersionForm(request.POST))
        else:
            if found.since:
                found.entries = history.entries(histories(target), since=found.since)
            data = with_fresh_version(request.POST, current)
            bound = bind(target, data)
            state = PageState(VersionForm(data), conflict=found, status=409)
    return render(target, bound, state)
