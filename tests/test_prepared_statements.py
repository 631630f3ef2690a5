"""Server-side prepared statements on PostgreSQL: on by default, off with
DATABASE_PREPARED_STATEMENTS=0 (a transaction-pooling PgBouncer), and really used."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from promises.models import Charter

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://medborgarloften@127.0.0.1:5432/medborgarloften"


def database_options(**environment: str) -> dict:
    """The default database's OPTIONS as config.settings reads them from ENVIRONMENT."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    kept = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_PREPARED_STATEMENTS", "PRODUCTION"}
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**kept, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_statements_by_default():
    options = database_options(DATABASE_URL=POSTGRES_URL)

    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    options = database_options(DATABASE_URL=POSTGRES_URL, DATABASE_PREPARED_STATEMENTS="0")

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    assert options["connect_timeout"] == 3


def test_sqlite_gets_no_postgresql_options():
    assert database_options() == {}


@pytest.mark.django_db
def test_a_query_run_repeatedly_is_prepared_on_the_postgresql_server():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    if not connection.settings_dict["OPTIONS"].get("prepare_threshold"):
        pytest.skip("turned off with DATABASE_PREPARED_STATEMENTS=0")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5

    for pk in range(6):
        list(Charter.objects.filter(pk=pk).values_list("title", flat=True))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"promises_charter"."title"%'],
        )
        assert cursor.fetchone()[0] == 1
