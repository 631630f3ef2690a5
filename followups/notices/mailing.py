"""The mails of followers of a kommun: the confirmation link, and one short mail per
announcement to each confirmed subscriber (`manage.py send_notices` and right after commit).

Sending follows the reminders' rule (followups.reminders): a Delivery row per subscriber and
announcement is inserted, in a savepoint, in the transaction that sends that one mail; a row
already there means the mail went, so nothing is sent twice however often or concurrently the
sender runs, and a mail that fails rolls its row back for the next run to try again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followups.models import CouncilReport, FollowUp, FollowUpRound
from followups.notices.models import Announcement, Delivery, Subscription
from followups.notices.services import unsubscribe_token
from promises.models import Charter, Promise
from promises.owners import by_owner
from situations.models import Survey

logger = logging.getLogger(__name__)


def site_url() -> str:
    """The address of the site for links in mails: SITE_URL, else the first of ALLOWED_HOSTS
    over https (as send_followup_reminders does)."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    if not hosts:
        raise ImproperlyConfigured("Set SITE_URL: the links in mails need the site's address.")
    return f"https://{hosts[0].lstrip('.')}"


def unsubscribe_url(subscription: Subscription) -> str:
    return site_url() + reverse(
        "public:unsubscribe", kwargs={"token": unsubscribe_token(subscription)}
    )


def confirmation_mail(subscription: Subscription, token: str, language: str) -> EmailMessage:
    with translation.override(language):
        municipality = subscription.municipality
        context = {
            "municipality": municipality,
            "confirm_url": site_url()
            + reverse("public:subscription_confirm", kwargs={"token": token}),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            "page_url": site_url() + municipality.get_absolute_url(),
        }
        subject = _("Confirm that you want to follow %(name)s") % {"name": municipality.name}
        body = render_to_string("followups/email/subscription_confirm.txt", context)
    return EmailMessage(subject=subject, body=body, to=[subscription.email])


@dataclass
class NoticeResult:
    mails: int = 0
    failed: int = 0  # mails that could not be sent: left for the next run


class Gone(Exception):
    """What the announcement is about is no longer public: nobody is told."""


def _content(announcement: Announcement) -> dict:
    """What the mails of ANNOUNCEMENT say, in any language: the object and its figures."""
    kind = announcement.kind
    if kind == Announcement.Kind.CHARTER:
        charter = (
            Charter.objects.published()
            .select_related("municipality")
            .filter(pk=announcement.object_id)
            .first()
        )
        if charter is None:
            raise Gone
        promises = list(charter.promises.only("owner", "charter_id"))
        return {
            "charter": charter,
            "groups": [
                (group.owner, len(group.rows)) for group in by_owner(promises, lambda p: p.owner)
            ],
            "promise_count": len(promises),
            "path": charter.get_absolute_url(),
            "municipality": charter.municipality,
        }
    if kind == Announcement.Kind.REPORT:
        round_ = (
            FollowUpRound.objects.filter(
                pk=announcement.object_id,
                published_at__isnull=False,
                charter__status__in=Charter.Status.public_values(),
            )
            .select_related("charter__municipality")
            .first()
        )
        if round_ is None:
            raise Gone
        tally = Counter(
            FollowUp.objects.filter(round=round_, promise__isnull=False).values_list(
                "assessment", flat=True
            )
        )
        return {
            "round": round_,
            "tally": [
                (choice, tally[choice.value])
                for choice in Promise.Assessment
                if tally[choice.value]
            ],
            "path": round_.get_absolute_url(),
            "municipality": round_.charter.municipality,
        }
    if kind == Announcement.Kind.COUNCIL:
        report = (
            CouncilReport.objects.filter(
                pk=announcement.object_id, status=CouncilReport.Status.PUBLISHED
            )
            .select_related("municipality")
            .first()
        )
        if report is None:
            raise Gone
        return {
            "report": report,
            "path": report.get_absolute_url(),
            "municipality": report.municipality,
        }
    survey = (
        Survey.objects.filter(pk=announcement.object_id, status=Survey.Status.PUBLISHED)
        .select_related("municipality")
        .first()
    )
    if survey is None or survey.closes_on < timezone.localdate():
        raise Gone
    return {
        "survey": survey,
        "path": survey.get_absolute_url(),
        "municipality": survey.municipality,
    }


def _subject(announcement: Announcement, content: dict) -> str:
    name = content["municipality"].name
    if announcement.kind == Announcement.Kind.CHARTER:
        return _("New citizen promise in %(name)s: %(title)s") % {
            "name": name,
            "title": content["charter"].title,
        }
    if announcement.kind == Announcement.Kind.REPORT:
        return _("Follow-up of the citizen promise in %(name)s: %(title)s") % {
            "name": name,
            "title": content["round"].display_title,
        }
    if announcement.kind == Announcement.Kind.COUNCIL:
        return _("%(name)s reports to its council on safety work in %(year)s") % {
            "name": name,
            "year": content["report"].year,
        }
    return _("Answer the survey of %(name)s: %(title)s") % {
        "name": name,
        "title": content["survey"].title,
    }


def notice_mail(
    announcement: Announcement, content: dict, subscription: Subscription
) -> EmailMessage:
    """One subscriber's mail of ANNOUNCEMENT, in their language, with one-click unsubscribe."""
    base = site_url()
    leave = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        body = render_to_string(
            f"followups/email/notice_{announcement.kind}.txt",
            {
                **content,
                "url": base + content["path"],
                "unsubscribe_url": leave,
                "page_url": base + content["municipality"].get_absolute_url(),
            },
        )
        subject = _subject(announcement, content)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{leave}>",
            # RFC 8058: mail programs may unsubscribe with one POST, no page, no login.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def pending(announcement: Announcement):
    """The subscribers ANNOUNCEMENT is still to be mailed to: confirmed before it happened,
    following its kind, not yet mailed."""
    field = (
        "follows_surveys" if announcement.kind == Announcement.Kind.SURVEY else "follows_charters"
    )
    return (
        Subscription.objects.filter(
            municipality_id=announcement.municipality_id,
            confirmed_at__lte=announcement.created_at,
            **{field: True},
        )
        .exclude(
            Exists(Delivery.objects.filter(announcement=announcement, subscription=OuterRef("pk")))
        )
        .order_by("id")
    )


def surveys_announce(today=None) -> int:
    """Announce the surveys open today that are not yet announced (those whose first day came
    after they were published); how many."""
    from followups.notices.services import announce

    today = today or timezone.localdate()
    announced = Announcement.objects.filter(
        kind=Announcement.Kind.SURVEY, object_id=OuterRef("pk")
    )
    count = 0
    for survey in (
        Survey.objects.open_on(today).exclude(Exists(announced)).only("pk", "municipality_id")
    ):
        with transaction.atomic():
            if announce(
                kind=Announcement.Kind.SURVEY,
                object_id=survey.pk,
                municipality_id=survey.municipality_id,
                send=False,
            ):
                count += 1
    return count


def notices_send(
    *, announcements: Iterable[int] | None = None, limit: int | None = None
) -> NoticeResult:
    """Mail the announcements not yet done (or those of ANNOUNCEMENTS) to their subscribers,
    at most LIMIT mails, over one connection; stop at the first failure (the server is away
    or refuses), leaving the rest to the next run."""
    result = NoticeResult()
    todo = Announcement.objects.filter(done_at__isnull=True).order_by("created_at", "id")
    if announcements is not None:
        todo = todo.filter(pk__in=list(announcements))
    connection = mailers.default
    try:
        for announcement in todo:
            try:
                content = _content(announcement)
            except Gone:
                Announcement.objects.filter(pk=announcement.pk).update(done_at=timezone.now())
                continue
            queue = pending(announcement)
            if limit is not None:
                queue = queue[: max(0, limit - result.mails)]
            for subscription in queue:
                try:
                    with transaction.atomic():
                        Delivery.objects.create(
                            announcement=announcement, subscription=subscription
                        )
                        connection.open()  # once: the mails of a run share one connection
                        connection.send_messages(
                            [notice_mail(announcement, content, subscription)]
                        )
                except IntegrityError:
                    continue  # mailed by another run meanwhile
                except OSError:  # smtplib's errors too: the row is rolled back, tried again
                    logger.exception(
                        "Could not mail announcement %s to subscription %s",
                        announcement.pk,
                        subscription.pk,
                    )
                    result.failed += 1
                    return result
                result.mails += 1
            if not pending(announcement).exists():
                Announcement.objects.filter(pk=announcement.pk).update(done_at=timezone.now())
            if limit is not None and result.mails >= limit:
                break
    finally:
        connection.close()
    return result
