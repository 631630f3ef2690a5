"""The open data tables: filters shared by the JSON lists and the CSV files, and the datasets.

Each dataset names its columns (headings through gettext) and loads its rows in a fixed number
of queries: one for the rows with what they point to, one per many-to-many relation shown.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Prefetch, QuerySet, prefetch_related_objects
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from followups.models import FollowUp
from followups.opendata.export import UrlBuilder, charter_path, current_charters
from followups.progress import assessment_label
from followups.public.selectors import published_verdict
from promises.models import Activity, Charter, Promise
from situations.models import County, Finding, Municipality, PoliceRegion, SituationReport


@dataclass
class Filters:
    """The filters of a request, each already looked up: ?kommun=, ?lan=, ?polisregion=, …"""

    municipality: Municipality | None = None
    county: County | None = None
    police_region: PoliceRegion | None = None
    status: str | None = None
    year: int | None = None

    def municipalities(self, queryset: QuerySet, path: str = "") -> QuerySet:
        """QUERYSET filtered on the kommun it reaches through PATH ("charter__municipality")."""
        to = f"{path}__" if path else ""
        lookups: dict[str, Any] = {}
        if self.municipality:
            lookups[path or "pk"] = self.municipality.pk
        if self.county:
            lookups[f"{to}county"] = self.county
        if self.police_region:
            lookups[f"{to}county__police_region"] = self.police_region
        return queryset.filter(**lookups)

    def charters(self, queryset: QuerySet, prefix: str = "") -> QuerySet:
        """QUERYSET filtered on the charter it reaches through PREFIX ("promise__charter__")."""
        queryset = self.municipalities(queryset, f"{prefix}municipality")
        lookups: dict[str, Any] = {}
        if self.status:
            lookups[f"{prefix}status"] = self.status
        if self.year:
            # Every charter whose period touches the year.
            lookups[f"{prefix}period_start__lte"] = datetime.date(self.year, 12, 31)
            lookups[f"{prefix}period_end__gte"] = datetime.date(self.year, 1, 1)
        return queryset.filter(**lookups)


MUNICIPALITY_FILTERS = ("lan", "polisregion")
CHARTER_FILTERS = ("kommun", "lan", "polisregion", "status", "ar")


def published_charters_of(municipalities: QuerySet) -> QuerySet:
    """Published charters of MUNICIPALITIES, with just what current_charters() needs."""
    return Charter.objects.filter(
        status=Charter.Status.PUBLISHED, municipality__in=municipalities
    ).only("id", "municipality_id", "title", "status", "period_start", "period_end")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any, UrlBuilder], Any]
    # An id or a code: text in a spreadsheet, never a number to sum or to strip of a zero.
    is_code: bool = False


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    filters: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: Callable[[Filters], Iterable[Any]]


def _names(objects: Iterable[Any]) -> str:
    return ", ".join(sorted(obj.name for obj in objects))


def _charter_columns(charter_of: Callable[[Any], Charter]) -> tuple[Column, ...]:
    """The columns that say which charter a row belongs to."""
    return (
        Column(
            gettext_lazy("Citizen promise id"), lambda row, url: charter_of(row).pk, is_code=True
        ),
        Column(
            gettext_lazy("Municipality code"),
            lambda row, url: charter_of(row).municipality.code,
            is_code=True,
        ),
        Column(gettext_lazy("Municipality"), lambda row, url: charter_of(row).municipality.name),
        Column(gettext_lazy("Citizen promise"), lambda row, url: charter_of(row).title),
    )


def _page_column(charter_of: Callable[[Any], Charter]) -> Column:
    def page(row: Any, url: UrlBuilder) -> str:
        charter = charter_of(row)
        return url(_charter_page(get_script_prefix(), charter.municipality.slug, charter.pk))

    return Column(gettext_lazy("Page"), page)


@functools.lru_cache(maxsize=16384)
def _charter_page(script_prefix: str, slug: str, pk: int) -> str:
    """The charter's public page (charter_path), reversed once per charter rather than once
    for each of its rows: a national file has 170,000 rows and a few thousand charters."""
    return reverse("public:charter_detail", kwargs={"slug": slug, "pk": pk})


def _label(model: type[Model], name: str) -> Callable[[Any, UrlBuilder], Any]:
    """A column of the label of the row's NAME, as get_NAME_display() gives it, from a table
    made once per language: get_NAME_display() rebuilds the field's choices and translates
    the label again for every row."""
    choices = model._meta.get_field(name).flatchoices
    tables: dict[str | None, dict[Any, str]] = {}

    def label(row: Any, url: UrlBuilder) -> Any:
        language = translation.get_language()
        table = tables.get(language)
        if table is None:
            table = tables[language] = {value: str(text) for value, text in choices}
        value = getattr(row, name)
        return table.get(value, value)

    return label


def _municipality_rows(filters: Filters) -> list[tuple[Municipality, Charter | None]]:
    municipalities = list(filters.municipalities(Municipality.objects.with_geography()))
    current = current_charters(
        published_charters_of(filters.municipalities(Municipality.objects.all()))
    )
    rows = []
    for municipality in municipalities:
        charter = current.get(municipality.pk)
        if charter is not None:
            charter.municipality = municipality
        rows.append((municipality, charter))
    return rows


def _charter_rows(filters: Filters) -> QuerySet:
    return filters.charters(
        Charter.objects.published().select_related("municipality__county", "police_area")
    ).order_by("municipality__name", "-period_start", "id")


def _promise_rows(filters: Filters) -> QuerySet:
    return (
        filters.charters(Promise.objects.published(), "charter__")
        # The assessment the public page shows: of the latest published report.
        .annotate(verdict=published_verdict())
        .select_related("charter__municipality")
        .prefetch_related("focus_areas")
        .order_by("charter__municipality__name", "-charter__period_start", "charter_id", "order")
    )


def _activity_rows(filters: Filters) -> QuerySet:
    return (
        filters.charters(Activity.objects.public(), "promise__charter__")
        .select_related("promise__charter__municipality")
        .prefetch_related("places")
        .order_by(
            "promise__charter__municipality__name",
            "-promise__charter__period_start",
            "promise__charter_id",
            "promise__order",
            "order",
            "id",
        )
    )


def _follow_up_rows(filters: Filters) -> QuerySet:
    return (
        filters.charters(FollowUp.objects.public(), "round__charter__")
        .select_related("round__charter__municipality", "activity__promise", "promise")
        # Just the columns' fields: the national file has 170,000 rows of six models each.
        .only(
            *("status", "assessment", "reason", "narrative_public", "reported_on"),
            *("round__title", "round__period_start", "round__period_end"),
            "round__published_at",
            *("round__charter__title", "round__charter__municipality__code"),
            *("round__charter__municipality__name", "round__charter__municipality__slug"),
            *("activity__order", "activity__title", "activity__promise__order"),
            *("promise__order", "promise__title", "promise__text"),
        )
        .order_by(
            "round__charter__municipality__name",
            "-round__charter__period_start",
            "round__charter_id",
            "round__period_start",
            "round_id",
            "id",
        )
    )


LinkRow = tuple[Any, Finding | None]  # a promise's link to a problem, and one of its findings


def _link_rows(filters: Filters) -> list[LinkRow]:
    """Each link of a public promise to a public problem it answers, once per public finding
    of the problem (once with none when it has none)."""
    links = list(
        filters.charters(
            Promise.problems.through.objects.filter(
                promise__charter__status__in=Charter.Status.public_values(),
                problem__is_internal=False,
                problem__report__status=SituationReport.Status.PUBLISHED,
            ),
            "promise__charter__",
        )
        .select_related("promise__charter__municipality", "problem__focus_area")
        .order_by(
            "promise__charter__municipality__name",
            "-promise__charter__period_start",
            "promise__charter_id",
            "promise__order",
            "promise_id",
            "problem__priority",
            "problem_id",
        )
    )
    prefetch_related_objects(
        [link.problem for link in links],
        Prefetch(
            "findings",
            queryset=Finding.objects.public().order_by("order", "id"),
            to_attr="public_findings",
        ),
    )
    return [
        (link, finding) for link in links for finding in (link.problem.public_findings or [None])
    ]


def _value(finding: Finding | None) -> str | None:
    """A finding's figure as a Swedish spreadsheet reads a number: 12,5."""
    if finding is None or finding.value is None:
        return None
    return format(finding.value.normalize(), "f").replace(".", ",")


def _current(row: tuple[Municipality, Charter | None], get: Callable[[Charter], Any]) -> Any:
    return get(row[1]) if row[1] is not None else None


def _promise_of(follow_up: FollowUp) -> Promise:
    return follow_up.activity.promise if follow_up.activity_id else follow_up.promise


# The cache scope of the national pages that list follow-ups, the CSV downloads: a change of
# a follow-up invalidates them without the other national pages (config.lib.cache.watch).
FOLLOW_UP_ROWS = "national-follow-ups"

DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "kommuner",
            gettext_lazy("Municipalities"),
            gettext_lazy("Every municipality with its county and current citizen promise."),
            MUNICIPALITY_FILTERS,
            (
                Column(
                    gettext_lazy("Municipality code"), lambda row, url: row[0].code, is_code=True
                ),
                Column(gettext_lazy("Municipality"), lambda row, url: row[0].name),
                Column(gettext_lazy("Address name"), lambda row, url: row[0].slug),
                Column(
                    gettext_lazy("County code"), lambda row, url: row[0].county.code, is_code=True
                ),
                Column(gettext_lazy("County"), lambda row, url: row[0].county.name),
                Column(
                    gettext_lazy("Police region"),
                    lambda row, url: row[0].county.police_region.name,
                ),
                Column(gettext_lazy("Page"), lambda row, url: url(row[0].get_absolute_url())),
                Column(
                    gettext_lazy("Current citizen promise id"),
                    lambda row, url: _current(row, lambda charter: charter.pk),
                    is_code=True,
                ),
                Column(
                    gettext_lazy("Current citizen promise"),
                    lambda row, url: _current(row, lambda charter: charter.title),
                ),
                Column(
                    gettext_lazy("Current citizen promise page"),
                    lambda row, url: _current(
                        row, lambda charter: url(charter_path(charter, row[0]))
                    ),
                ),
            ),
            _municipality_rows,
        ),
        Dataset(
            "medborgarloften",
            gettext_lazy("Citizen promises"),
            gettext_lazy("Every published or closed citizen promise."),
            CHARTER_FILTERS,
            (
                *_charter_columns(lambda charter: charter),
                Column(gettext_lazy("County"), lambda row, url: row.municipality.county.name),
                Column(gettext_lazy("Local police area"), lambda row, url: row.police_area.name),
                Column(gettext_lazy("Period start"), lambda row, url: row.period_start),
                Column(gettext_lazy("Period end"), lambda row, url: row.period_end),
                Column(gettext_lazy("Status"), _label(Charter, "status")),
                Column(gettext_lazy("Signed on"), lambda row, url: row.signed_on),
                Column(gettext_lazy("Published"), lambda row, url: row.published_at),
                _page_column(lambda charter: charter),
            ),
            _charter_rows,
        ),
        Dataset(
            "loften",
            gettext_lazy("Promises"),
            gettext_lazy("Every promise of the published or closed citizen promises."),
            CHARTER_FILTERS,
            (
                *_charter_columns(lambda promise: promise.charter),
                Column(gettext_lazy("Order"), lambda row, url: row.order),
                Column(gettext_lazy("Owner"), _label(Promise, "owner")),
                Column(gettext_lazy("Short title"), lambda row, url: row.title),
                Column(gettext_lazy("Promise"), lambda row, url: row.text),
                Column(
                    gettext_lazy("Focus areas"), lambda row, url: _names(row.focus_areas.all())
                ),
                Column(gettext_lazy("Assessment"), lambda row, url: assessment_label(row.verdict)),
                _page_column(lambda promise: promise.charter),
            ),
            _promise_rows,
        ),
        Dataset(
            "aktiviteter",
            gettext_lazy("Activities"),
            gettext_lazy("Every public activity of the published or closed citizen promises."),
            CHARTER_FILTERS,
            (
                *_charter_columns(lambda activity: activity.promise.charter),
                # The activity's number on the site: it stays when the activity is edited or
                # moved, and the follow-ups name it.
                Column(gettext_lazy("Activity id"), lambda row, url: row.pk, is_code=True),
                Column(gettext_lazy("Promise order"), lambda row, url: row.promise.order),
                Column(
                    gettext_lazy("Promise"), lambda row, url: row.promise.title or row.promise.text
                ),
                Column(gettext_lazy("Order"), lambda row, url: row.order),
                Column(gettext_lazy("Activity"), lambda row, url: row.title),
                Column(gettext_lazy("Description"), lambda row, url: row.description),
                Column(gettext_lazy("Kind"), _label(Activity, "kind")),
                Column(
                    gettext_lazy("Responsible party"),
                    _label(Activity, "responsible_party"),
                ),
                Column(
                    gettext_lazy("Responsible function"), lambda row, url: row.responsible_function
                ),
                Column(gettext_lazy("Places"), lambda row, url: _names(row.places.all())),
                Column(gettext_lazy("Start"), lambda row, url: row.start_date),
                Column(gettext_lazy("End"), lambda row, url: row.end_date),
                Column(gettext_lazy("When"), lambda row, url: row.recurrence),
                Column(gettext_lazy("Repeats"), _label(Activity, "repeats")),
                Column(gettext_lazy("Dates"), lambda row, url: ", ".join(row.dates)),
                Column(gettext_lazy("Expected effect"), lambda row, url: row.expected_effect),
                _page_column(lambda activity: activity.promise.charter),
            ),
            _activity_rows,
        ),
        Dataset(
            "uppfoljningar",
            gettext_lazy("Follow-ups"),
            gettext_lazy(
                "What came of each public activity and promise, from every published "
                "follow-up report."
            ),
            CHARTER_FILTERS,
            (
                *_charter_columns(lambda follow_up: follow_up.round.charter),
                Column(gettext_lazy("Follow-up round"), lambda row, url: row.round.title),
                Column(gettext_lazy("Round start"), lambda row, url: row.round.period_start),
                Column(gettext_lazy("Round end"), lambda row, url: row.round.period_end),
                Column(gettext_lazy("Report published"), lambda row, url: row.round.published_at),
                Column(gettext_lazy("Promise order"), lambda row, url: _promise_of(row).order),
                Column(
                    gettext_lazy("Activity order"),
                    lambda row, url: row.activity.order if row.activity_id else None,
                ),
                Column(
                    gettext_lazy("Activity id"), lambda row, url: row.activity_id, is_code=True
                ),
                Column(
                    gettext_lazy("Activity or promise"),
                    lambda row, url: (
                        row.activity.title
                        if row.activity_id
                        else (row.promise.title or row.promise.text)
                    ),
                ),
                Column(gettext_lazy("Status"), _label(FollowUp, "status")),
                Column(gettext_lazy("Assessment"), _label(FollowUp, "assessment")),
                Column(
                    gettext_lazy("Reason for cancelling"),
                    lambda row, url: (
                        row.reason if row.status == FollowUp.Status.CANCELLED else None
                    ),
                ),
                Column(gettext_lazy("What was done"), lambda row, url: row.narrative_public),
                Column(gettext_lazy("Reported on"), lambda row, url: row.reported_on),
                _page_column(lambda follow_up: follow_up.round.charter),
            ),
            _follow_up_rows,
        ),
        Dataset(
            "kopplingar",
            gettext_lazy("Promises, problems and findings"),
            gettext_lazy(
                "Which prioritised problem of the situation report each promise answers, and "
                "the findings that show the problem: one row for each promise, problem and "
                "finding. Only public problems and findings."
            ),
            CHARTER_FILTERS,
            (
                *_charter_columns(lambda row: row[0].promise.charter),
                Column(gettext_lazy("Promise order"), lambda row, url: row[0].promise.order),
                Column(
                    gettext_lazy("Promise"),
                    lambda row, url: row[0].promise.title or row[0].promise.text,
                ),
                Column(
                    gettext_lazy("Problem id"), lambda row, url: row[0].problem.pk, is_code=True
                ),
                Column(gettext_lazy("Priority"), lambda row, url: row[0].problem.priority),
                Column(gettext_lazy("Prioritised problem"), lambda row, url: row[0].problem.title),
                Column(
                    gettext_lazy("Focus area"),
                    lambda row, url: (
                        row[0].problem.focus_area.name if row[0].problem.focus_area else None
                    ),
                ),
                Column(
                    gettext_lazy("Finding id"),
                    lambda row, url: row[1] and row[1].pk,
                    is_code=True,
                ),
                Column(gettext_lazy("Finding"), lambda row, url: row[1] and row[1].text),
                Column(gettext_lazy("Value"), lambda row, url: _value(row[1])),
                Column(gettext_lazy("Unit"), lambda row, url: row[1] and row[1].unit),
                _page_column(lambda row: row[0].promise.charter),
            ),
            _link_rows,
        ),
    )
}
