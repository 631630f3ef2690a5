"""AnyOf: one array parameter on PostgreSQL, IN elsewhere, the same rows either way."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from config.lib.lookups import AnyOf
from situations.models import Municipality
from tests.situations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_rows_of_the_ids_given():
    first, _second, third = MunicipalityFactory.create_batch(3)

    found = Municipality.objects.filter(AnyOf(F("id"), [first.pk, third.pk]))

    assert set(found) == {first, third}


def test_any_of_binds_the_ids_as_one_array_on_postgresql():
    ids = [municipality.pk for municipality in MunicipalityFactory.create_batch(3)]

    with CaptureQueriesContext(connection) as queries:
        assert len(Municipality.objects.filter(AnyOf(F("id"), ids))) == 3

    if connection.vendor == "postgresql":
        assert "= ANY(" in queries[0]["sql"]
    else:
        assert "IN (" in queries[0]["sql"]


def test_any_of_no_ids_matches_nothing_without_a_query(django_assert_num_queries):
    MunicipalityFactory()

    with django_assert_num_queries(0):
        assert list(Municipality.objects.filter(AnyOf(F("id"), []))) == []
