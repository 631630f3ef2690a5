"""Following a kommun by email: asking, confirming, leaving, and what residents are told of.

The links in the mails are signed (django.core.signing), never stored: the confirmation link
carries the choices and expires after SUBSCRIPTION_CONFIRM_DAYS; the unsubscribe link never
expires. Both name the subscription and a keyed fingerprint of its address, so that a link of
a deleted subscription cannot act on a later one with the same id.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from followups.notices.models import Announcement, Subscription
from situations.models import Municipality

logger = logging.getLogger(__name__)

CONFIRM_SALT = "followups.notices.confirm"
UNSUBSCRIBE_SALT = "followups.notices.unsubscribe"


class LinkError(Exception):
    """A confirmation or unsubscribe link that cannot be used, with a Swedish message."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def normalize_email(email: str) -> str:
    return email.strip().lower()


def fingerprint(email: str) -> str:
    return salted_hmac("followups.notices.address", email, algorithm="sha256").hexdigest()[:16]


def confirm_token(
    subscription: Subscription, *, charters: bool, surveys: bool, language: str
) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {
            "s": subscription.pk,
            "a": fingerprint(subscription.email),
            "c": int(charters),
            "v": int(surveys),
            "l": language,
            "t": time.time(),  # to the microsecond: a link asked for after confirming is new
        }
    )


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(
        {"s": subscription.pk, "a": fingerprint(subscription.email)}
    )


@transaction.atomic
def subscription_request(
    *, municipality: Municipality, email: str, charters: bool, surveys: bool, language: str
) -> Subscription:
    """Someone asks to follow MUNICIPALITY at EMAIL: a confirmation link is mailed after commit.

    The answer is the same whether the address already follows the kommun or not. A confirmed
    subscription keeps its choices until the new link is followed (the link carries them), so
    that nobody can change what another person receives by typing their address.
    """
    email = normalize_email(email)
    subscription, created = Subscription.objects.select_for_update().get_or_create(
        municipality=municipality,
        email=email,
        defaults={
            "follows_charters": charters,
            "follows_surveys": surveys,
            "language": language,
        },
    )
    if not created and subscription.confirmed_at is None:
        subscription.follows_charters = charters
        subscription.follows_surveys = surveys
        subscription.language = language
        subscription.created_at = timezone.now()  # the new link's days start now
        subscription.full_clean()
        subscription.save()
    token = confirm_token(subscription, charters=charters, surveys=surveys, language=language)

    def send() -> None:
        from followups.notices import mailing

        try:
            mailing.confirmation_mail(subscription, token, language).send()
        except Exception:  # smtplib's errors too; the resident may ask again
            logger.exception(
                "Could not mail a confirmation link to subscription %s", subscription.pk
            )

    transaction.on_commit(send)
    return subscription


def _confirmable(token: str, *, lock: bool) -> tuple[Subscription, dict]:
    """The subscription a confirmation link names and what it carries, or LinkError."""
    max_age = settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 60 * 60
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(
            _(
                "The confirmation link has expired: it is valid for %(days)d days. "
                "Ask for a new one with the form on the municipality's page."
            )
            % {"days": settings.SUBSCRIPTION_CONFIRM_DAYS},
            "expired",
        ) from None
    except signing.BadSignature:
        raise LinkError(_invalid_link(), "invalid") from None
    found = Subscription.objects.select_related("municipality")
    if lock:
        found = found.select_for_update(of=("self",))
    subscription = found.filter(pk=data.get("s")).first()
    if subscription is None or fingerprint(subscription.email) != data.get("a"):
        raise LinkError(
            _(
                "The link is no longer valid: the request was removed, or you have "
                "unsubscribed since. Ask again with the form on the municipality's page."
            ),
            "gone",
        )
    asked_at = datetime.datetime.fromtimestamp(data["t"], tz=datetime.UTC)
    if subscription.confirmed_at is not None and subscription.confirmed_at >= asked_at:
        raise LinkError(
            _("The link has already been used: you already follow %(name)s.")
            % {"name": subscription.municipality.name},
            "used",
        )
    return subscription, data


def subscription_check(*, token: str) -> Subscription:
    """The subscription a confirmation link would confirm, or LinkError saying why not."""
    return _confirmable(token, lock=False)[0]


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscription:
    """Follow a confirmation link: the subscription holds the link's choices from now on."""
    subscription, data = _confirmable(token, lock=True)
    subscription.follows_charters = bool(data["c"])
    subscription.follows_surveys = bool(data["v"])
    subscription.language = data["l"]
    subscription.confirmed_at = timezone.now()
    subscription.full_clean()
    subscription.save()
    return subscription


def _invalid_link() -> str:
    return _(
        "The link is not valid. Copy the whole address from the email, or ask again with the "
        "form on the municipality's page."
    )


def subscription_for_unsubscribe(token: str) -> Subscription | None:
    """The subscription an unsubscribe link names, or None when it is already gone.

    Raises LinkError for a link that was not made here (or was cut short).
    """
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        raise LinkError(_invalid_link(), "invalid") from None
    subscription = (
        Subscription.objects.select_related("municipality").filter(pk=data.get("s")).first()
    )
    if subscription is None or fingerprint(subscription.email) != data.get("a"):
        return None
    return subscription


def subscription_cancel(*, token: str) -> Municipality | None:
    """Follow an unsubscribe link: the address is deleted, with what was sent to it.

    Returns the kommun it followed, or None when it was already gone: the same to the reader.
    """
    subscription = subscription_for_unsubscribe(token)
    if subscription is None:
        return None
    municipality = subscription.municipality
    subscription.delete()
    return municipality


def announce(
    *, kind: str, object_id: int, municipality_id: int, send: bool = True
) -> Announcement | None:
    """Record, in the caller's transaction, that KIND happened; mail it after commit (the
    first NOTICE_BATCH_SIZE subscribers, unless SEND is false; send_notices mails the rest).

    Once per object: a report republished or a charter approved again is not announced twice.
    """
    announcement, created = Announcement.objects.get_or_create(
        kind=kind, object_id=object_id, defaults={"municipality_id": municipality_id}
    )
    if not created:
        return None

    def deliver() -> None:
        from followups.notices import mailing

        try:
            mailing.notices_send(announcements=[announcement.pk], limit=settings.NOTICE_BATCH_SIZE)
        except Exception:  # the step that announced has been taken: send_notices tries again
            logger.exception("Could not mail announcement %s", announcement.pk)

    if send:
        transaction.on_commit(deliver)
    return announcement


def subscriptions_purge(*, dry_run: bool = False) -> int:
    """Delete the subscriptions never confirmed whose link has expired; how many."""
    expired = Subscription.objects.unconfirmed_expired()
    if dry_run:
        return expired.count()
    return expired.delete()[1].get(Subscription._meta.label, 0)


def follower_count(municipality: Municipality) -> int:
    return Subscription.objects.confirmed().filter(municipality=municipality).count()
