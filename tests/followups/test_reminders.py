"""send_followup_reminders: mails about overdue rounds, at most one per person, round and day."""

import datetime
import io
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from followups.models import FollowUpRound, Reminder
from promises.models import Charter
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import UserFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2021, 4, 15)
BASE_URL = "https://medborgarloften.example.se"


@pytest.fixture
def overdue(world) -> FollowUpRound:
    """A round of kommun A's published charter, due DUE, with an activity not followed up."""
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        title="Medborgarlöfte Kommun A 2021",
    )
    ActivityFactory(promise=PromiseFactory(charter=charter), title="Fotpatrullering")
    return FollowUpRoundFactory(charter=charter, title="Kvartal 1", due_on=DUE)


def run(day: datetime.date) -> str:
    out = io.StringIO()
    options = [f"--today={day.isoformat()}", f"--base-url={BASE_URL}"]
    call_command("send_followup_reminders", *options, stdout=out)
    return out.getvalue()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_coordinator_and_the_police_of_the_lpo_are_mailed_in_swedish(world, overdue):
    output = run(DUE + datetime.timedelta(days=3))

    # Not the police manager, the viewer, the reporter, nor anyone of kommun B or LPO B.
    assert recipients() == ["coordinator@example.se", "police@example.se"]
    message = mail.outbox[0]
    assert message.subject.endswith("Kvartal 1, Kommun A")
    assert "Kvartal 1, Medborgarlöfte Kommun A 2021, Kommun A" in message.body
    # The date in Swedish (Django's own translation), whatever language the process runs in.
    assert "15 april 2021" in message.body
    assert (
        f"{BASE_URL}/arbetsyta/medborgarloften/{overdue.charter_id}/uppfoljning/{overdue.pk}/"
        in message.body
    )
    assert f"{BASE_URL}/arbetsyta/" in message.body
    assert output.startswith("2 ")


def test_running_twice_the_same_day_mails_each_person_once(world, overdue):
    day = DUE + datetime.timedelta(days=1)
    run(day)
    run(day)

    assert recipients() == ["coordinator@example.se", "police@example.se"]
    assert Reminder.objects.filter(round=overdue, sent_on=day).count() == 2


def test_the_next_day_they_are_mailed_again_while_the_round_is_overdue(world, overdue):
    run(DUE + datetime.timedelta(days=1))
    run(DUE + datetime.timedelta(days=2))

    assert len(mail.outbox) == 4
    assert set(Reminder.objects.values_list("sent_on", flat=True)) == {
        DUE + datetime.timedelta(days=1),
        DUE + datetime.timedelta(days=2),
    }


def test_no_mail_once_the_follow_ups_are_in(world, overdue):
    run(DUE + datetime.timedelta(days=1))
    activity = overdue.charter.promises.get().activities.get()
    FollowUpFactory(round=overdue, activity=activity)
    FollowUpFactory(round=overdue, for_promise=True, promise=activity.promise)
    mail.outbox.clear()

    run(DUE + datetime.timedelta(days=2))

    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [
        {"due_on": DUE + datetime.timedelta(days=1)},  # due today: not overdue yet
        {"published_at": datetime.datetime(2021, 4, 20, tzinfo=datetime.UTC)},
    ],
)
def test_no_mail_for_a_round_not_overdue(world, overdue, change):
    FollowUpRound.objects.filter(pk=overdue.pk).update(**change)

    run(DUE + datetime.timedelta(days=1))

    assert mail.outbox == []


def test_no_mail_for_a_round_of_a_closed_charter(world, overdue):
    Charter.objects.filter(pk=overdue.charter_id).update(status=Charter.Status.CLOSED)

    run(DUE + datetime.timedelta(days=1))

    assert mail.outbox == []


def test_a_user_without_an_email_address_is_not_mailed_nor_recorded(world, overdue):
    world.police.email = ""
    world.police.save()

    run(DUE + datetime.timedelta(days=1))

    assert recipients() == ["coordinator@example.se"]
    assert list(Reminder.objects.values_list("user__username", flat=True)) == ["coordinator"]


def test_an_inactive_user_is_not_mailed(world, overdue):
    world.coordinator.is_active = False
    world.coordinator.save()

    run(DUE + datetime.timedelta(days=1))

    assert recipients() == ["police@example.se"]


def test_one_mail_names_every_overdue_round_of_a_person(world, overdue):
    charter = overdue.charter
    FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 2",
        period_start=datetime.date(2021, 4, 1),
        period_end=datetime.date(2021, 6, 30),
        due_on=DUE + datetime.timedelta(days=1),
    )

    run(DUE + datetime.timedelta(days=5))

    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert "Kvartal 1" in message.body
    assert "Kvartal 2" in message.body
    assert Reminder.objects.count() == 4


def test_a_round_added_to_a_persons_overdue_rounds_later_the_same_day_is_mailed_alone(
    world, overdue
):
    day = DUE + datetime.timedelta(days=5)
    run(day)
    later = FollowUpRoundFactory(
        charter=overdue.charter,
        title="Kvartal 2",
        period_start=datetime.date(2021, 4, 1),
        period_end=datetime.date(2021, 6, 30),
        due_on=DUE,
    )
    mail.outbox.clear()

    run(day)

    assert recipients() == ["coordinator@example.se", "police@example.se"]
    assert "Kvartal 2" in mail.outbox[0].body
    assert "Kvartal 1" not in mail.outbox[0].body
    assert Reminder.objects.filter(round=later).count() == 2


def test_a_failed_mail_is_not_recorded_so_the_next_run_tries_again(world, overdue, monkeypatch):
    sent = []

    def fail_for_the_police(self, *args, **kwargs):
        if self.to == ["police@example.se"]:
            raise SMTPException("no mail server")
        sent.append(self.to)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail_for_the_police)
    with pytest.raises(CommandError, match="1"):
        run(DUE + datetime.timedelta(days=1))
    # The others are mailed all the same; only the failed one is left to the next run.
    assert sent == [["coordinator@example.se"]]
    assert list(Reminder.objects.values_list("user__username", flat=True)) == ["coordinator"]
    monkeypatch.undo()

    run(DUE + datetime.timedelta(days=1))

    assert recipients() == ["police@example.se"]


def test_a_second_coordinator_of_the_kommun_is_mailed_too(world, overdue):
    second = UserFactory(username="second-coordinator")
    second.memberships.create(role="coordinator", municipality=world.municipality)

    run(DUE + datetime.timedelta(days=1))

    assert "second-coordinator@example.se" in recipients()
