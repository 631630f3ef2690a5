"""The queries of the kommun and charter pages: the same whatever the charter's size, and on
PostgreSQL sent together, so that the page waits for the database three times."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg import pq

from tests.followups.test_kommun_page import published_charter
from tests.helpers import WEDNESDAY_NOON, public_kommun_url
from tests.situations.factories import MunicipalityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def queries_for(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_kommun_page_runs_the_same_queries_for_1_and_50_promises(
    client, django_assert_num_queries
):
    small = published_charter(promises=1)
    large = published_charter(
        municipality=MunicipalityFactory(name="Storkommun", slug="storkommun"), promises=50
    )

    # The municipality; sent together, its public charters (the current one and the archive,
    # with their LPO and report), its LPOs, its published reports to the council, its open
    # surveys and the places its tip form offers; sent together, the charter's signatories,
    # contacts, promises, activities, focus areas, places, indicators, measurements,
    # published rounds, their latest follow-ups, and its report's public findings, sources
    # and problems, which findings show each problem and which problems each promise answers.
    with django_assert_num_queries(21):
        client.get(public_kommun_url(small.municipality))
    assert queries_for(client, public_kommun_url(large.municipality)) == queries_for(
        client, public_kommun_url(small.municipality)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelines are PostgreSQL's")
def test_on_postgresql_the_kommun_page_waits_for_the_database_three_times(client):
    charter = published_charter(promises=3)
    cache.clear()
    outside: list[str] = []

    def counted(execute, sql, params, many, context):
        if connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF:
            outside.append(sql)
        return execute(sql, params, many, context)

    connection.ensure_connection()
    pipeline = type(connection.connection).pipeline
    with (
        connection.execute_wrapper(counted),
        mock.patch.object(
            type(connection.connection), "pipeline", autospec=True, side_effect=pipeline
        ) as pipelines,
    ):
        assert client.get(public_kommun_url(charter.municipality)).status_code == 200

    # The municipality on its own; then the kommun's reads, then the charter's, each sent
    # together.
    assert len(outside) == 1 and "situations_municipality" in outside[0]
    assert pipelines.call_count == 2


def test_the_charter_page_runs_the_same_queries_for_1_and_50_promises(client):
    small = published_charter(promises=1)
    large = published_charter(
        municipality=MunicipalityFactory(name="Storkommun", slug="storkommun"), promises=50
    )

    assert queries_for(client, large.get_absolute_url()) == queries_for(
        client, small.get_absolute_url()
    )
