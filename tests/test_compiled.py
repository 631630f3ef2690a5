"""CompiledQuery: built and compiled once per database, run with new values, the same rows
and instances as the queryset it was built from."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.lib.compiled import CompiledQuery, Param, ParamList, together
from config.lib.lookups import AnyOf
from followups.models import FollowUpRound
from promises.models import Activity, Indicator, Measurement
from tests.followups.factories import FollowUpRoundFactory
from tests.promises.factories import (
    ActivityFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)

pytestmark = pytest.mark.django_db


def activities_of_promise() -> CompiledQuery:
    return CompiledQuery(
        lambda: Activity.objects.filter(promise_id=Param("promise")).order_by("order", "id"),
        "id",
        "title",
        "is_public",
        "created_at",
    )


def test_rows_are_those_of_values_list_with_the_values_given():
    first, second = PromiseFactory(), PromiseFactory()
    ActivityFactory.create_batch(2, promise=first)
    ActivityFactory(promise=second, is_public=False)
    query = activities_of_promise()

    # Eight runs: PostgreSQL prepares the statement after the fifth.
    for promise in (first, second) * 4:
        expected = list(
            Activity.objects.filter(promise=promise)
            .order_by("order", "id")
            .values_list("id", "title", "is_public", "created_at")
        )
        assert query.rows(promise=promise.pk) == expected


def test_rows_come_converted_to_the_fields_types():
    activity = ActivityFactory(is_public=False)

    ((_pk, title, is_public, created_at),) = activities_of_promise().rows(
        promise=activity.promise_id
    )

    assert (title, is_public) == (activity.title, False)
    assert isinstance(created_at, datetime.datetime) and created_at == activity.created_at


def test_the_query_is_compiled_once_and_runs_as_the_same_sql():
    first, second = PromiseFactory(), PromiseFactory()
    query = activities_of_promise()

    with (
        mock.patch.object(query, "build", wraps=query.build) as build,
        CaptureQueriesContext(connection) as queries,
    ):
        query.rows(promise=first.pk)
        query.rows(promise=second.pk)

    assert build.call_count == 2  # once for the model's database, once to compile
    assert len(queries) == 2 and queries[0]["sql"].split("WHERE")[0] in queries[1]["sql"]


def test_dicts_name_the_fields():
    activity = ActivityFactory()

    (row,) = activities_of_promise().dicts(promise=activity.promise_id)

    assert row["id"] == activity.pk and row["title"] == activity.title


def test_dates_and_times_are_given_as_values_of_their_type():
    indicator = MeasurementFactory(date=datetime.date(2026, 3, 1)).indicator
    MeasurementFactory(indicator=indicator, date=datetime.date(2026, 5, 1))
    since = CompiledQuery(
        lambda: Measurement.objects.filter(
            indicator_id=Param("indicator"),
            date__gte=Param("day"),
            created_at__lte=Param("moment"),
        ).order_by("date"),
        "date",
    )

    found = since.rows(
        indicator=indicator.pk, day=datetime.date(2026, 4, 1), moment=timezone.now()
    )

    assert found == [(datetime.date(2026, 5, 1),)]


def test_objects_are_the_instances_the_queryset_gives_with_related_rows_and_annotations(
    django_assert_num_queries,
):
    walk = SafetyWalkFactory(activity__is_public=True)
    WalkFindingFactory(walk=walk)
    plain = ActivityFactory(promise=walk.activity.promise)
    query = CompiledQuery(
        lambda: (
            Activity.objects.filter(promise_id=Param("promise"))
            .select_related("safety_walk")
            .annotate(findings=Count("safety_walk__findings"))
            .order_by("id")
        )
    )

    with django_assert_num_queries(1):
        found = query.objects(promise=walk.activity.promise_id)
        assert found == [walk.activity, plain]
        assert found[0].safety_walk == walk and found[0].findings == 1
        assert found[0].title == walk.activity.title
        assert found[1].findings == 0
        with pytest.raises(Activity.safety_walk.RelatedObjectDoesNotExist):
            assert found[1].safety_walk is None  # known to be missing, without a query


def test_objects_of_a_window_query_with_only_some_fields():
    promises = PromiseFactory.create_batch(2)
    for promise in promises:
        ActivityFactory.create_batch(3, promise=promise)
    latest = CompiledQuery(
        lambda: (
            Activity.objects.filter(promise__charter_id=Param("charter"))
            .only("id", "promise_id", "title")
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("promise_id")], order_by=F("id").desc())
            )
            .filter(rank=1)
            .order_by("promise_id")
        )
    )

    found = latest.objects(charter=promises[0].charter_id)

    assert found == [promises[0].activities.order_by("-id")[0]]
    assert found[0].rank == 1 and found[0].get_deferred_fields() >= {"description"}


def test_a_prefetch_is_refused():
    query = CompiledQuery(lambda: Indicator.objects.prefetch_related("measurements"))

    with pytest.raises(ValueError):
        query.objects()


def rounds_after() -> CompiledQuery:
    return CompiledQuery(
        lambda: (
            FollowUpRound.objects.filter(AnyOf(F("pk"), ParamList("ids")))
            .filter(due_on__gt=Param("after"))
            .order_by("pk")
            .values("pk", "due_on", charter_title=F("charter__title"))
        )
    )


@pytest.fixture
def rounds():
    return [
        FollowUpRoundFactory(due_on=datetime.date(2026, 3, day), charter__title=f"Löfte {day}")
        for day in (10, 20, 30)
    ]


def test_a_list_of_values_is_one_parameter_of_the_same_sql_whatever_its_length(rounds):
    first, second, third = rounds
    query = rounds_after()

    with CaptureQueriesContext(connection) as queries:
        for ids, after in (
            ([first.pk, second.pk, third.pk], datetime.date(2026, 3, 15)),
            ([first.pk, third.pk], datetime.date(2026, 3, 1)),
            ([third.pk], datetime.date(2026, 3, 1)),
        ) * 3:  # nine runs: PostgreSQL prepares the statement after the fifth
            expected = list(
                FollowUpRound.objects.filter(pk__in=ids, due_on__gt=after)
                .order_by("pk")
                .values("pk", "due_on", charter_title=F("charter__title"))
            )
            assert query.dicts(ids=ids, after=after) == expected

    assert query.dicts(ids=[first.pk, third.pk], after=datetime.date(2026, 3, 1)) == [
        {"pk": first.pk, "due_on": datetime.date(2026, 3, 10), "charter_title": "Löfte 10"},
        {"pk": third.pk, "due_on": datetime.date(2026, 3, 30), "charter_title": "Löfte 30"},
    ]
    # The SQL of each run is the text of the first, but for its values (SQLite's log shows
    # them in place).
    shapes = {query["sql"].split("WHERE")[0] for query in queries}
    assert len(shapes) == 1
    compiled = query._compiled[connection.alias]
    assert [type(param) for param in compiled.params].count(ParamList) == 1
    expected_sql = "= ANY(%s)" if connection.vendor == "postgresql" else "json_each(%s)"
    assert compiled.sql is not None and expected_sql in compiled.sql


def test_an_empty_list_gives_no_rows(rounds):
    query = rounds_after()

    assert query.dicts(ids=[], after=datetime.date(2026, 1, 1)) == []
    assert len(query.dicts(ids=[rounds[0].pk], after=datetime.date(2026, 1, 1))) == 1


def test_a_list_of_texts(rounds):
    query = CompiledQuery(
        lambda: FollowUpRound.objects.filter(
            AnyOf(F("charter__title"), ParamList("titles"))
        ).order_by("pk"),
        "pk",
    )

    assert query.rows(titles=["Löfte 10", "Löfte 30", "x"]) == [(rounds[0].pk,), (rounds[2].pk,)]
    assert query.rows(titles=[]) == []


def test_a_list_is_compared_with_any_of():
    query = CompiledQuery(lambda: FollowUpRound.objects.filter(pk=ParamList("ids")), "pk")

    with pytest.raises(TypeError):
        query.rows(ids=[1])


def test_a_query_that_can_give_no_rows_gives_none_without_running():
    ActivityFactory()
    empty_page = CompiledQuery(lambda: Activity.objects.order_by("id")[0:0])
    of_no_promise = CompiledQuery(lambda: Activity.objects.filter(pk__in=[]), "id")

    with CaptureQueriesContext(connection) as queries:
        assert empty_page.objects() == []
        assert of_no_promise.rows() == []

    assert len(queries) == 0


def test_a_list_of_dates(rounds):
    query = CompiledQuery(
        lambda: FollowUpRound.objects.filter(AnyOf(F("due_on"), ParamList("days"))),
        "pk",
    )

    assert query.rows(days=[datetime.date(2026, 3, 20)]) == [(rounds[1].pk,)]


# --- together() ---------------------------------------------------------------------------


def test_queries_run_together_give_what_each_gives_alone():
    promise = PromiseFactory()
    ActivityFactory.create_batch(2, promise=promise)
    indicator = IndicatorFactory(promise=promise)
    MeasurementFactory(indicator=indicator, value=12)
    titles = activities_of_promise()
    activities = CompiledQuery(
        lambda: Activity.objects.filter(promise_id=Param("promise")).order_by("id")
    )
    measured = CompiledQuery(
        lambda: Measurement.objects.filter(indicator__promise_id=Param("promise")).values(
            "indicator_id", "value"
        )
    )
    nothing = CompiledQuery(lambda: Activity.objects.none())

    # Eight runs: PostgreSQL prepares the statements after the fifth.
    for _ in range(8):
        rows, objects, dicts, empty = together(
            titles.later("rows", promise=promise.pk),
            activities.later(promise=promise.pk),
            measured.later("dicts", promise=promise.pk),
            nothing.later(),
        )

        assert rows == titles.rows(promise=promise.pk)
        assert [(a.pk, a.title, a.promise_id) for a in objects] == [
            (a.pk, a.title, a.promise_id) for a in activities.objects(promise=promise.pk)
        ]
        assert (
            dicts
            == measured.dicts(promise=promise.pk)
            == [{"indicator_id": indicator.pk, "value": 12}]
        )
        assert empty == []


def test_queries_run_together_are_counted_each_and_on_postgresql_sent_as_one():
    promise = PromiseFactory()
    ActivityFactory(promise=promise)
    titles = activities_of_promise()
    seen: list[object] = []

    def pipelined(execute, sql, params, many, context):
        if connection.vendor == "postgresql":
            seen.append(connection.connection.pgconn.pipeline_status)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(pipelined):
        together(*(titles.later("rows", promise=promise.pk) for _ in range(3)))

    assert len(queries) == 3
    if connection.vendor == "postgresql":
        from psycopg import pq

        assert seen == [pq.PipelineStatus.ON] * 3


def test_a_query_is_asked_for_rows_dicts_or_objects():
    with pytest.raises(ValueError, match="rows, dicts or objects"):
        activities_of_promise().later("values")
