"""Export every domain object as JSON and import it into an empty database (an operator's backup).

The models come from the apps registry, not from imports: an app's data is in the backup when
its AppConfig says `backup = True`, so this module names no app, and a model added later is
covered without a change here. What the export holds, and why:

- the user accounts with their password hashes, groups and permissions, their second factor's
  keys and recovery codes and their single sign-on links: a restore must let people log in
  again, so the file is as secret as the database itself;
- every model of the domain apps, their history tables included (the record of who changed
  what is part of the data, and restore in the workspace depends on it), residents' tips (still
  within their retention period) and page feedback counts;
- the admin's log of changes.

What it leaves out: content types and permissions (migrate creates them; the export names them
by natural key, so their ids may differ), sessions, and django-axes' login attempts (short-lived
security state, not data).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import IO

from django.apps import AppConfig, apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, models, transaction

# The second factor's authenticator apps and recovery codes (django-otp), kept with the users:
# a restore must let people sign in again.
SECOND_FACTOR_MODELS = ("otp_totp.TOTPDevice", "otp_static.StaticDevice", "otp_static.StaticToken")

# Models whose ids migrate chooses: referred to by natural key, never by id.
NATURAL_KEY_MODELS = (ContentType, Permission)


class NonEmptyDatabase(Exception):
    """The database already holds data that an import would overwrite."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        super().__init__(", ".join(f"{label}: {count}" for label, count in counts.items()))


def domain_apps() -> list[AppConfig]:
    """The apps whose data the backup holds, in INSTALLED_APPS order (lower apps first)."""
    return [config for config in apps.get_app_configs() if getattr(config, "backup", False)]


def reference_models() -> set[str]:
    """Labels of the models whose rows `migrate` itself creates, with their history.

    An app names them in its AppConfig's `reference_models`; a database holding only these
    rows still counts as empty.
    """
    labels = set()
    for config in domain_apps():
        for name in getattr(config, "reference_models", ()):
            labels |= {f"{config.label}.{name}", f"{config.label}.Historical{name}"}
    return labels


def exported_models() -> list[type[models.Model]]:
    """Every model the backup holds, in an order in which each model's references come first."""
    chosen = [apps.get_model("auth", "Group"), apps.get_model("auth", "User")]
    chosen.extend(apps.get_model(label) for label in SECOND_FACTOR_MODELS)
    for config in domain_apps():
        chosen.extend(config.get_models())
    chosen.append(apps.get_model("admin", "LogEntry"))
    return chosen


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds, and a restore must not
    change when something happened (history is ordered by it)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    """Django's JSON with natural keys only for content types and permissions.

    Everything else keeps its id, so that addresses with ids still work after a restore, and so
    that history rows pointing at a since deleted object (history tables have no foreign key
    constraints) export as they are instead of failing to look up a natural key.
    """

    def handle_fk_field(self, obj, field) -> None:
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL_KEY_MODELS)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field) -> None:
        self.use_natural_foreign_keys = issubclass(field.related_model, NATURAL_KEY_MODELS)
        super().handle_m2m_field(obj, field)


def _objects(model_list: Iterable[type[models.Model]]) -> Iterator[models.Model]:
    for model in model_list:
        queryset = model._base_manager.order_by(model._meta.pk.name)
        many_to_many = [field.name for field in model._meta.local_many_to_many]
        if many_to_many:
            # One query per relation and chunk instead of one per object.
            queryset = queryset.prefetch_related(*many_to_many)
        yield from queryset.iterator(chunk_size=2000)


def export_all(stream: IO[str], *, indent: int | None = None) -> None:
    """Write every exported object to STREAM as a JSON list (loaddata reads it too)."""
    Serializer().serialize(
        _objects(exported_models()), stream=stream, indent=indent, cls=ExactJSONEncoder
    )


def _tables(model_list: Iterable[type[models.Model]]) -> list[str]:
    tables = []
    for model in model_list:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def data_counts() -> dict[str, int]:
    """Rows in exported models other than the reference data, by model label."""
    counts = {}
    reference = reference_models()
    for model in exported_models():
        if model._meta.label in reference:
            continue
        count = model._base_manager.count()
        if count:
            counts[model._meta.label] = count
    return counts


def import_all(stream: IO[str], *, force: bool = False) -> int:
    """Replace the exported models' rows with those in STREAM; return how many objects.

    Refuses a database with data (NonEmptyDatabase) unless FORCE. All or nothing: one
    transaction, and foreign keys are checked before it commits.
    """
    model_list = exported_models()
    session_model = apps.get_model("sessions", "Session")
    loaded = 0
    with transaction.atomic():
        counts = data_counts()
        if counts and not force:
            raise NonEmptyDatabase(counts)
        # Reference data (and with FORCE everything) goes first, so that the database ends up
        # exactly as the file says. Sessions go too: they name users by an id that may now
        # belong to someone else.
        tables = [*_tables(model_list), session_model._meta.db_table]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)
        models_seen = set()
        with connection.constraint_checks_disabled():
            deferred = []
            for deserialized in serializers.deserialize(
                "json", stream, handle_forward_references=True
            ):
                model = type(deserialized.object)
                if model not in model_list:
                    raise serializers.base.DeserializationError(
                        f"{model._meta.label} hör inte till en säkerhetskopia."
                    )
                # The m2m relations set below would otherwise each add a history row.
                deserialized.object.skip_history_when_saving = True  # type: ignore[attr-defined]
                deserialized.save()
                models_seen.add(model)
                if deserialized.deferred_fields:
                    deferred.append(deserialized)
                loaded += 1
            for deserialized in deferred:
                deserialized.save_deferred_fields()
        connection.check_constraints(table_names=_tables(models_seen))
        # Ids came from the file: the sequences must continue after the highest of them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), model_list):
                cursor.execute(sql)
    return loaded
