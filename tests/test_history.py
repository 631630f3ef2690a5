"""Nothing lost (README, Workspace): every change to domain data is recorded, who, when, what,
and can be undone.

The models are walked, so a new model of our apps gets history or a reason here why not.
"""

import datetime

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from simple_history.models import HistoricalChanges

from followups.demo import national
from followups.models import Announcement, Delivery, Reminder, Subscription
from promises.models import Charter, Promise
from situations.models import (
    Answer,
    ExternalIdentity,
    FocusArea,
    PageFeedback,
    PoliceArea,
    PoliceDistrict,
    Response,
    Tip,
)
from tests.helpers import admin_url, change_form_data
from tests.situations.factories import FocusAreaFactory

OUR_APPS = ["situations", "promises", "followups"]
# Anonymous answer counts, added to with F(); see PageFeedback. A log of reminder mails sent,
# not domain data: a row is written once and never changed (see Reminder).
# Anonymous survey answers: a history would only repeat them (see Response).
# A user's link to a single sign-on provider, stamped at each sign-in; the admin's log records
# who linked one by hand.
# An e-mail address that follows a kommun: a history would keep the address after its owner
# unsubscribed, which deletes it at once (the privacy page says so). The announcements and
# their deliveries are a log of mails sent, as the reminders are.
WITHOUT_HISTORY = {
    PageFeedback,
    Reminder,
    Response,
    Answer,
    ExternalIdentity,
    Subscription,
    Announcement,
    Delivery,
}
DOMAIN_MODELS = sorted(
    (
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.auto_created and not issubclass(model, HistoricalChanges)
    ),
    key=lambda model: model._meta.label,
)
WITH_HISTORY = [model for model in DOMAIN_MODELS if model not in WITHOUT_HISTORY]


def label(model: type[Model]) -> str:
    return model._meta.label


def history_types(obj: Model, pk: int | None = None) -> list[str]:
    """The history types of OBJ's versions, oldest first; PK once OBJ is deleted."""
    records = type(obj).history.filter(id=pk or obj.pk).order_by("history_date", "history_id")
    return list(records.values_list("history_type", flat=True))


def delete_with_what_protects_it(obj: Model) -> None:
    """Delete OBJ, deleting first whatever protects it from deletion (a charter its kommun)."""
    while True:
        try:
            with transaction.atomic():
                obj.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blockers = getattr(error, "protected_objects", None) or error.restricted_objects
            for blocker in blockers:
                delete_with_what_protects_it(blocker)


def test_every_domain_model_records_history_unless_it_says_why_not():
    assert [label(model) for model in DOMAIN_MODELS if not hasattr(model, "history")] == [
        label(model) for model in sorted(WITHOUT_HISTORY, key=label)
    ]


@pytest.mark.parametrize("model", WITH_HISTORY, ids=label)
def test_creating_changing_and_deleting_a_row_is_recorded(sample, model):
    obj = sample[model]
    pk = obj.pk
    assert history_types(obj)[0] == "+"

    obj.save()
    delete_with_what_protects_it(obj)

    assert history_types(obj, pk)[-2:] == ["~", "-"]


def test_a_change_through_the_admin_records_who_made_it(login_as, world, sample):
    admin = login_as("superuser")
    charter = sample[Charter]
    url = admin_url(Charter, "change", charter.pk)
    data = change_form_data(admin.get(url))
    data["title"] = "Medborgarlöfte 2025, reviderat"

    assert admin.post(url, data).status_code == 302

    latest = charter.history.latest()
    assert (latest.history_type, latest.title) == ("~", "Medborgarlöfte 2025, reviderat")
    assert latest.history_user == world.superuser


def test_a_change_outside_a_request_records_no_user(sample):
    charter = sample[Charter]
    charter.save()
    assert charter.history.latest().history_user is None


def test_the_changed_fields_and_their_old_and_new_values_are_available(sample):
    promise = sample[Promise]
    old_text = promise.text
    promise.text = "Vi ska synas mer vid resecentrum på kvällarna."
    promise.assessment = Promise.Assessment.ONGOING
    promise.save()

    latest = promise.history.latest()
    changes = {
        change.field: (change.old, change.new)
        for change in latest.diff_against(latest.prev_record).changes
        if change.field != "updated_at"
    }

    assert changes == {
        "text": (old_text, "Vi ska synas mer vid resecentrum på kvällarna."),
        "assessment": (Promise.Assessment.NOT_ASSESSED, Promise.Assessment.ONGOING),
    }


def test_restoring_an_earlier_version_brings_the_old_values_back_and_is_recorded(sample):
    charter = sample[Charter]
    old_title = charter.title
    charter.title = "Fel titel"
    charter.save()
    earlier = charter.history.latest().prev_record

    earlier.instance.save()

    charter.refresh_from_db()
    assert charter.title == old_title
    latest = charter.history.latest()
    assert (latest.history_type, latest.title) == ("~", old_title)
    assert history_types(charter) == ["+", "~", "~"]


def test_adding_and_removing_a_focus_area_of_a_promise_is_recorded(sample):
    promise = sample[Promise]
    trafik = sample[FocusArea]
    drugs = FocusAreaFactory(name="Narkotika", slug="narkotika")

    promise.focus_areas.add(drugs)
    promise.focus_areas.remove(trafik)

    removed, added = promise.history.order_by("-history_date", "-history_id")[:2]
    assert [row.focusarea for row in added.focus_areas.all()] == [trafik, drugs]
    assert [row.focusarea for row in removed.focus_areas.all()] == [drugs]
    changes = removed.diff_against(added, included_fields=["focus_areas"]).changes
    assert [(change.field, len(change.old), len(change.new)) for change in changes] == [
        ("focus_areas", 2, 1)
    ]


def test_changing_which_kommuner_an_lpo_covers_is_recorded(world):
    area = world.police_area
    area.municipalities.add(world.other_municipality)

    latest = area.history.latest()
    assert latest.history_type == "~"
    assert {row.municipality for row in latest.municipalities.all()} == {
        world.municipality,
        world.other_municipality,
    }


def test_a_tips_history_keeps_its_handling_but_not_what_the_resident_wrote(sample):
    tip = sample[Tip]
    tip.handled = True
    tip.save()

    latest = tip.history.latest()
    assert latest.handled is True
    for private in ["message", "name", "email", "phone", "place_text"]:
        assert not hasattr(latest, private)
    assert latest.instance.message == tip.message  # restoring keeps the message as it is


def test_regenerating_national_data_leaves_no_history_of_generated_rows(db):
    for _run in range(2):
        national.generate_national(
            years=[2026], municipality_limit=2, today=datetime.date(2026, 6, 1)
        )

    # The LPOs are the reference data's: the generator makes and deletes none.
    assert not PoliceArea.objects.filter(slug__startswith=national.SLUG_PREFIX).exists()
    assert not PoliceArea.history.exists()
    assert not PoliceDistrict.history.exists()
    assert not PoliceArea.history.model.municipalities.exists()
    assert not Promise.history.exists()
