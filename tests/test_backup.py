"""`export_all` and `import_all`: an operator's backup of every domain object, round-tripped."""

import datetime
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from config.lib import backup
from followups.models import Reminder
from promises.models import Charter
from situations.models import Municipality, PageFeedback, Place, Tip
from situations.reference import load_reference_data
from tests.followups.factories import FollowUpFactory, ReviewFactory
from tests.promises.factories import CollaborationAgreementFactory, MeasurementFactory
from tests.situations.factories import (
    MunicipalityFactory,
    PlaceFactory,
    ReportingOrganisationFactory,
    UserFactory,
)

User = get_user_model()


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_all", *args, stdout=out)
    return out.getvalue()


def import_file(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_all", str(path), *args, stdout=out)
    return out.getvalue()


def empty_database() -> None:
    """As after `migrate` on a new database: reference data, content types, permissions."""
    call_command("flush", interactive=False, verbosity=0)
    load_reference_data()


@pytest.fixture
def migrated_db(transactional_db):
    """A database as `migrate` leaves it (an earlier transactional test flushed its data)."""
    load_reference_data()


@pytest.fixture
def rich_world(migrated_db):
    """The demo, plus what the demo lacks: follow-ups, reviews, tips, history of the deleted."""
    call_command("load_demo", stdout=io.StringIO())
    review = ReviewFactory(follow_up=FollowUpFactory(round__title="Tertial 1"))
    FollowUpFactory(for_promise=True, round=review.follow_up.round)
    MeasurementFactory()
    CollaborationAgreementFactory(municipalities=[MunicipalityFactory(), MunicipalityFactory()])
    ReportingOrganisationFactory()
    saffle = Municipality.objects.get(slug="saffle")
    Tip.objects.create(
        municipality=saffle,
        message="Trasig belysning <script>alert(1)</script> vid ån\nrad två",
        name="Åsa Öberg",
        place=Place.objects.filter(municipality=saffle).first(),
    )
    PageFeedback.objects.record(page="/kommuner/saffle/", helpful=True)
    Reminder.objects.create(
        user=review.reviewer, round=review.follow_up.round, sent_on=datetime.date(2026, 1, 5)
    )
    # A history whose object is gone: its rows point at an id that no longer exists.
    PlaceFactory(municipality=saffle, name="Rivet torg").delete()
    group = Group.objects.create(name="Redaktörer")
    group.permissions.add(Permission.objects.get(codename="change_charter"))
    editor = UserFactory(username="redaktor", password="ett långt lösenord 42")
    editor.groups.add(group)
    editor.user_permissions.add(Permission.objects.get(codename="view_tip"))
    charter = Charter.objects.first()
    LogEntry.objects.log_actions(
        editor.pk, [charter], CHANGE, change_message="Rättade stavning", single_object=True
    )


def test_an_export_imported_into_an_empty_database_exports_the_same(rich_world, tmp_path):
    first = export()
    path = tmp_path / "backup.json"
    path.write_text(first, encoding="utf-8")
    empty_database()

    output = import_file(path)

    # History included: importing adds no history rows of its own.
    assert export() == first
    assert f"Importerade {len(json.loads(first))} objekt" in output


def test_the_export_holds_every_domain_model_history_users_and_their_hashes(rich_world):
    labels = {row["model"] for row in json.loads(export())}

    for model in backup.exported_models():
        if model._base_manager.exists():
            assert model._meta.label_lower in labels
    for label in (
        "auth.user",
        "situations.tip",
        "situations.historicaltip",
        "situations.historicalplace",
        "promises.historicalpromise_focus_areas",
        "followups.review",
        "followups.reminder",
        "admin.logentry",
    ):
        assert label in labels
    assert not labels & {"sessions.session", "contenttypes.contenttype", "auth.permission"}
    hashes = {
        row["pk"]: row["fields"]["password"]
        for row in json.loads(export())
        if row["model"] == "auth.user"
    }
    assert hashes == dict(User.objects.values_list("pk", "password"))
    assert all(hashes.values())


def test_after_a_restore_people_log_in_and_new_objects_get_fresh_ids(rich_world, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), stdout=io.StringIO())
    highest = Tip.objects.order_by("-pk").first().pk
    empty_database()

    import_file(path)

    login = RequestFactory().post("/konto/logga-in/")
    assert authenticate(login, username="redaktor", password="ett långt lösenord 42")
    redaktor = User.objects.get(username="redaktor")
    assert redaktor.has_perm("promises.change_charter")
    assert redaktor.has_perm("situations.view_tip")
    assert LogEntry.objects.get().content_type == ContentType.objects.get_for_model(Charter)
    # The sequence continues after the imported ids (PostgreSQL would otherwise collide).
    tip = Tip.objects.create(municipality=Municipality.objects.first(), message="Efter")
    assert tip.pk > highest


def test_a_database_with_data_is_refused_and_kept_unless_forced(rich_world, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), stdout=io.StringIO())
    first = export()
    Tip.objects.create(municipality=Municipality.objects.first(), message="Kom efter kopian")

    with pytest.raises(CommandError, match="--force") as refused:
        import_file(path)

    assert "situations.Tip" in str(refused.value)
    assert Tip.objects.filter(message="Kom efter kopian").exists()

    import_file(path, "--force")

    assert not Tip.objects.filter(message="Kom efter kopian").exists()
    assert export() == first


def test_a_broken_file_imports_nothing(migrated_db, tmp_path):
    good = json.loads(export())
    user = UserFactory(username="finns")
    path = tmp_path / "backup.json"
    # A tip that names a municipality nobody exported: the foreign key check refuses it all.
    good.append(
        {
            "model": "situations.tip",
            "pk": 1,
            "fields": {
                "municipality": 999999,
                "message": "Hej",
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            },
        }
    )
    path.write_text(json.dumps(good), encoding="utf-8")
    user.delete()

    with pytest.raises(CommandError, match="Inget importerades"):
        import_file(path)
    assert not Tip.objects.exists()
    assert Municipality.objects.count() == 290

    path.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="Inget importerades"):
        import_file(path)

    with pytest.raises(CommandError, match="Kan inte läsa"):
        import_file(tmp_path / "saknas.json")


def test_a_file_with_a_model_outside_the_backup_is_refused(migrated_db, tmp_path):
    path = tmp_path / "backup.json"
    path.write_text(
        json.dumps([{"model": "sessions.session", "pk": "x", "fields": {}}]), encoding="utf-8"
    )

    with pytest.raises(CommandError, match=r"sessions\.Session"):
        import_file(path)
