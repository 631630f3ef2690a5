"""Mail reminders of overdue follow-up rounds to those who write them, once a day
(`manage.py send_followup_reminders`)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from followups.models import FollowUpRound, Reminder
from situations.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


@dataclass
class ReminderResult:
    mails: int = 0
    skipped: int = 0  # people already reminded today of every one of their overdue rounds
    failed: int = 0  # people whose mail could not be sent


def responsible_for(rounds: Iterable[FollowUpRound]) -> dict[int, list[FollowUpRound]]:
    """The rounds each responsible person answers for, by user id; one query.

    Responsible are the coordinators of the round's kommun and the community police officers
    of the charter's LPO: they write the follow-ups. Police managers review and are not
    reminded; nor are users without an email address or whose account is inactive.
    """
    rounds = list(rounds)
    by_kommun: dict[int, list[FollowUpRound]] = {}
    by_area: dict[int, list[FollowUpRound]] = {}
    for round_ in rounds:
        by_kommun.setdefault(round_.charter.municipality_id, []).append(round_)
        by_area.setdefault(round_.charter.police_area_id, []).append(round_)
    memberships = Membership.objects.filter(user__is_active=True, user__email__gt="").filter(
        Q(role=Membership.Role.COORDINATOR, municipality__in=list(by_kommun))
        | Q(role=Membership.Role.POLICE, police_area__in=list(by_area))
    )
    result: dict[int, list[FollowUpRound]] = {}
    for user_id, role, municipality_id, area_id in memberships.values_list(
        "user_id", "role", "municipality_id", "police_area_id"
    ):
        if role == Membership.Role.COORDINATOR:
            found = by_kommun.get(municipality_id, [])
        else:
            found = by_area.get(area_id, [])
        mine = result.setdefault(user_id, [])
        mine.extend(round_ for round_ in found if round_ not in mine)
    return result


def reminders_send(*, today: datetime.date, base_url: str) -> ReminderResult:
    """Mail each responsible person once a day about their overdue rounds.

    For each person, one transaction: a Reminder row per (person, round, day) is inserted
    first, each in a savepoint; a round already in the table for today is left out, and the
    mail names the rest. The unique constraint makes this hold when the command runs twice at
    once: the second insert waits for the first transaction and then fails. The mail is sent
    inside the transaction, so if sending fails the rows are rolled back and the next run
    tries again.
    """
    rounds = list(
        FollowUpRound.objects.overdue(today)
        .select_related("charter__municipality", "charter__police_area")
        .order_by("due_on", "charter__municipality__name", "id")
    )
    people = responsible_for(rounds)
    users = get_user_model().objects.in_bulk(list(people))
    result = ReminderResult()
    for user_id, their_rounds in sorted(people.items()):
        user = users[user_id]
        try:
            sent = _remind(user, their_rounds, today, base_url)
        except OSError:  # smtplib's errors too: the rows are rolled back, tried again next run
            logger.exception("Could not mail a follow-up reminder to user %s", user.pk)
            result.failed += 1
            continue
        if sent:
            result.mails += 1
        else:
            result.skipped += 1
    return result


@transaction.atomic
def _remind(user: User, rounds: list[FollowUpRound], today: datetime.date, base_url: str) -> bool:
    """Record and mail USER's reminder of those ROUNDS not yet reminded today; False if none."""
    fresh = []
    for round_ in rounds:
        try:
            with transaction.atomic():
                Reminder.objects.create(user=user, round=round_, sent_on=today)
        except IntegrityError:
            continue  # already reminded of this round today, by this run or another
        fresh.append(round_)
    if fresh:
        _reminder_mail(user, fresh, today, base_url).send()
    return bool(fresh)


def _reminder_mail(user: User, rounds: list[FollowUpRound], today, base_url: str) -> EmailMessage:
    # Swedish, whatever the language of the process that runs the command.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "rounds": [
                {
                    "round": round_,
                    "days": (today - round_.due_on).days,
                    "url": base_url
                    + reverse(
                        "followups:round_entry",
                        kwargs={"pk": round_.charter_id, "round_pk": round_.pk},
                    ),
                }
                for round_ in rounds
            ],
            "dashboard_url": base_url + reverse("followups:dashboard"),
        }
        subject = (
            _("Follow-up overdue: %(round)s, %(municipality)s")
            % {"round": rounds[0].title, "municipality": rounds[0].charter.municipality.name}
            if len(rounds) == 1
            else _("%(count)d follow-up rounds are overdue") % {"count": len(rounds)}
        )
        body = render_to_string("followups/email/reminder.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])
