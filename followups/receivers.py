"""Receivers of the signals of the apps below; each only calls a service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from config.lib import cache
from followups import services
from followups.models import FollowUp
from followups.notices import services as notices
from followups.notices.models import Announcement
from followups.progress import CACHE_SCOPE
from promises.models import Activity, Charter, Promise
from situations.models import Problem, Survey

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def sync_rounds(
    sender: type[Charter], *, charter: Charter, user: AbstractBaseUser | None, **kwargs
) -> str:
    """A charter's period or cadence was saved: its rounds follow."""
    return services.rounds_sync(charter=charter, user=user).message


def renewal_outcomes(sender: type[Charter], *, charter: Charter, **kwargs) -> list:
    """A charter is renewed: the next lägesbild starts from its last report's outcomes."""
    return services.report_outcomes(charter=charter)


def promise_saved(sender, *, instance: Promise, created: bool, raw: bool, **kwargs) -> None:
    """A promise's owner changed: its follow-ups' copy follows (a new one has none)."""
    if not created and not raw and instance.owner_changed:
        services.follow_ups_owner_sync(promise=instance)


def activity_saved(sender, *, instance: Activity, created: bool, raw: bool, **kwargs) -> None:
    """An activity moved to another promise: its follow-ups take that promise's owner."""
    if not created and not raw and instance.promise_changed:
        services.follow_ups_owner_sync(activity=instance)


def follow_up_saved(sender, *, instance: FollowUp, created: bool, raw: bool, **kwargs) -> None:
    """A published report's status or assessment changed: the national tallies follow."""
    if not raw and instance.round.published_at and (created or instance.figures_changed):
        cache.bump([instance.round.charter.municipality_id], CACHE_SCOPE)


def follow_up_deleted(sender, *, instance: FollowUp, **kwargs) -> None:
    """A follow-up left a published report: the national tallies follow."""
    if instance.round.published_at:
        cache.bump([instance.round.charter.municipality_id], CACHE_SCOPE)


def promise_problems_changed(
    sender, *, instance: Promise | Problem, action: str, **kwargs
) -> None:
    """A promise answers other problems: the kommun's page, and the national pages that count
    the links (the start page, the overview, the open data's lists), follow.

    Either side may change the links (promise.problems or problem.promises); a promise and
    the problems it may answer are of the same kommun (Promise.check_problems).
    """
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Promise):
        municipality_id = instance.charter.municipality_id
    else:
        municipality_id = instance.report.municipality_id
    cache.bump([municipality_id])


def charter_published(sender, *, charter: Charter, **kwargs) -> None:
    """A charter was signed and published: its kommun's followers are told after commit."""
    notices.announce(
        kind=Announcement.Kind.CHARTER,
        object_id=charter.pk,
        municipality_id=charter.municipality_id,
    )


def survey_published(sender, *, survey: Survey, **kwargs) -> None:
    """A survey was published: told now if it is open today, else by send_notices the day it
    opens."""
    if survey.is_open_on(timezone.localdate()):
        notices.announce(
            kind=Announcement.Kind.SURVEY,
            object_id=survey.pk,
            municipality_id=survey.municipality_id,
        )


def purging(sender, *, dry_run: bool, **kwargs) -> str:
    """purge_expired: the addresses never confirmed whose link has expired go."""
    count = notices.subscriptions_purge(dry_run=dry_run)
    days = settings.SUBSCRIPTION_CONFIRM_DAYS
    if dry_run:
        return f"Skulle radera {count} obekräftade e-postprenumerationer äldre än {days} dagar."
    return f"Raderade {count} obekräftade e-postprenumerationer äldre än {days} dagar."
