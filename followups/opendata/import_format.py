"""The file import_charter and the workspace's import read: every key, its type, whether it
must be given and its codes, as the importer checks them and the open data page lists them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from followups.models import FollowUp
from followups.opendata.schema import (
    CODE,
    DATE,
    DATES,
    DATETIME,
    INTEGER,
    LIST,
    NUMBER,
    OBJECT,
    TEXT,
    URL,
)
from promises.models import Activity, Charter, Indicator, Party, Promise
from situations.models import Source

NAMES = gettext_lazy("list of names")
IDS = gettext_lazy("list of whole numbers")


@dataclass(frozen=True)
class Key:
    """One key of the import file: its type, whether it must be given, its codes, its keys.

    KEYS are the keys of an object, or of each object of a list. An IGNORED key is one the
    export writes (an id, an address) that the import accepts and does not read.
    """

    name: str
    type: str
    required: bool = False
    codes: tuple[str, ...] = ()
    keys: tuple[Key, ...] = ()
    ignored: bool = False


def _codes(enum: type[models.TextChoices], skip: Iterable[str] = ()) -> tuple[str, ...]:
    return tuple(value for value in enum.values if value not in skip)


_IMPORT_PERIOD = Key(
    "period", OBJECT, required=True, keys=(Key("start", DATE, True), Key("end", DATE, True))
)
_PARTIES = _codes(Party)

IMPORT_KEYS: tuple[Key, ...] = (
    Key("schema_version", INTEGER, required=True),
    Key("id", INTEGER, ignored=True),
    Key("url", URL, ignored=True),
    Key("api_url", URL, ignored=True),
    Key("updated_at", DATETIME, ignored=True),
    Key("progress", OBJECT, ignored=True),
    Key("corrections", LIST, ignored=True),
    Key(
        "municipality",
        OBJECT,
        required=True,
        keys=(Key("code", TEXT, True), Key("name", TEXT), Key("slug", TEXT)),
    ),
    Key("police_area", OBJECT, required=True, keys=(Key("name", TEXT, True),)),
    Key("title", TEXT, required=True),
    _IMPORT_PERIOD,
    Key("status", CODE, codes=_codes(Charter.Status, skip=("draft", "review", "withdrawn"))),
    Key("summary", TEXT),
    Key("background", TEXT),
    Key("followup_method", TEXT),
    Key("reporting_channels", TEXT),
    Key("participation", TEXT),
    Key("signed_on", DATE),
    Key("published_at", DATETIME),
    Key(
        "signatories",
        LIST,
        keys=(
            Key("name", TEXT, True),
            Key("title", TEXT, True),
            Key("party", CODE, True, codes=("police", "municipality")),
            Key("organisation", TEXT, True),
            Key("signed_on", DATE),
            Key("order", INTEGER),
        ),
    ),
    Key(
        "contacts",
        LIST,
        keys=(
            Key("name", TEXT, True),
            Key("role", TEXT, True),
            Key("party", CODE, True, codes=_PARTIES),
            Key("email", TEXT),
            Key("phone", TEXT),
            Key("order", INTEGER),
        ),
    ),
    Key(
        "agreement",
        OBJECT,
        keys=(
            Key("title", TEXT, True),
            _IMPORT_PERIOD,
            Key("signed_on", DATE),
            Key("description", TEXT),
            Key(
                "municipalities",
                LIST,
                required=True,
                keys=(Key("code", TEXT, True), Key("name", TEXT)),
            ),
            Key("police_area", OBJECT, keys=(Key("name", TEXT, True),)),
            Key("document_url", URL),
            Key(
                "signatories",
                LIST,
                keys=(
                    Key("name", TEXT, True),
                    Key("title", TEXT, True),
                    Key("party", CODE, True, codes=("police", "municipality")),
                    Key("organisation", TEXT, True),
                    Key("signed_on", DATE),
                    Key("order", INTEGER),
                ),
            ),
        ),
    ),
    Key(
        "situation_report",
        OBJECT,
        keys=(
            Key("title", TEXT, True),
            _IMPORT_PERIOD,
            Key("summary", TEXT),
            Key("selection_rationale", TEXT),
            Key("limitations", TEXT),
            Key("published_at", DATETIME),
            Key(
                "sources",
                LIST,
                keys=(
                    Key(
                        "kind",
                        CODE,
                        True,
                        codes=_codes(Source.Kind, skip=("police_intelligence",)),
                    ),
                    Key("title", TEXT, True),
                    Key("date", DATE),
                    Key("url", URL),
                    Key("description", TEXT),
                ),
            ),
            Key(
                "findings",
                LIST,
                keys=(
                    Key("id", INTEGER),
                    Key("order", INTEGER),
                    Key("text", TEXT, True),
                    Key("value", NUMBER),
                    Key("unit", TEXT),
                    Key("focus_area", TEXT),
                    Key("place", TEXT),
                    Key("source_index", INTEGER),
                ),
            ),
            Key(
                "problems",
                LIST,
                keys=(
                    Key("id", INTEGER),
                    Key("priority", INTEGER),
                    Key("title", TEXT, True),
                    Key("description", TEXT),
                    Key("focus_area", TEXT),
                    Key("places", NAMES),
                    Key("cause_situation", TEXT),
                    Key("cause_offenders", TEXT),
                    Key("cause_victims", TEXT),
                    Key("finding_ids", IDS),
                ),
            ),
        ),
    ),
    Key(
        "promises",
        LIST,
        keys=(
            Key("order", INTEGER),
            Key("owner", CODE, True, codes=_PARTIES),
            Key("title", TEXT),
            Key("text", TEXT, True),
            Key("assessment", CODE, codes=_codes(Promise.Assessment)),
            Key("progress", OBJECT, ignored=True),
            Key("focus_areas", NAMES),
            Key("problems", LIST, keys=(Key("id", INTEGER, True), Key("title", TEXT))),
            # What the problems show; the import takes it from them.
            Key("findings", LIST, ignored=True),
            Key(
                "activities",
                LIST,
                keys=(
                    # The activity's number on the site it comes from; the import gives it
                    # a new one here.
                    Key("id", INTEGER, ignored=True),
                    Key("order", INTEGER),
                    Key("title", TEXT, True),
                    Key("description", TEXT),
                    Key("kind", CODE, codes=_codes(Activity.Kind)),
                    Key("responsible_party", CODE, True, codes=_PARTIES),
                    Key("responsible_function", TEXT),
                    Key("places", NAMES),
                    Key("start_date", DATE),
                    Key("end_date", DATE),
                    Key("recurrence", TEXT),
                    Key("repeats", CODE, codes=_codes(Activity.Repeats)),
                    Key("dates", DATES),
                    Key("expected_effect", TEXT),
                ),
            ),
            Key(
                "indicators",
                LIST,
                keys=(
                    Key("name", TEXT, True),
                    Key("description", TEXT),
                    Key("unit", TEXT),
                    Key("baseline", NUMBER),
                    Key("baseline_date", DATE),
                    Key("target", NUMBER),
                    Key("direction", CODE, codes=_codes(Indicator.Direction)),
                    Key("source", TEXT),
                    Key(
                        "measurements",
                        LIST,
                        keys=(
                            Key("date", DATE, True),
                            Key("value", NUMBER, True),
                            Key("source", TEXT),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Key(
        "follow_up_rounds",
        LIST,
        keys=(
            Key("title", TEXT, True),
            _IMPORT_PERIOD,
            Key("due_on", DATE, True),
            Key("summary", TEXT),
            Key("published_at", DATETIME),
            Key(
                "follow_ups",
                LIST,
                keys=(
                    Key("promise_order", INTEGER, True),
                    Key("activity_order", INTEGER),
                    # The follow-up finds its activity by the orders, in the file itself.
                    Key("activity_id", INTEGER, ignored=True),
                    Key("status", CODE, codes=_codes(FollowUp.Status)),
                    Key("assessment", CODE, codes=_codes(Promise.Assessment)),
                    Key("reason", TEXT),
                    Key("narrative_public", TEXT),
                    Key("reported_on", DATE),
                ),
            ),
        ),
    ),
)


@dataclass(frozen=True)
class KeyRow:
    """One row of the import format's table on the open data page."""

    path: str
    type: str
    required: bool
    codes: tuple[str, ...]


def import_rows(keys: tuple[Key, ...] = IMPORT_KEYS, prefix: str = "") -> list[KeyRow]:
    """Every key of the import file in order, with its full path (promises[].activities[].kind)."""
    rows = []
    for key in keys:
        if key.ignored:
            continue
        path = f"{prefix}{key.name}"
        rows.append(
            KeyRow(path + ("[]" if key.type is LIST else ""), key.type, key.required, key.codes)
        )
        if key.keys:
            rows += import_rows(key.keys, path + ("[]." if key.type is LIST else "."))
    return rows
