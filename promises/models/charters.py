"""Collaboration agreements and charters (medborgarlöften) with their signatories and contacts."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, CarriedOver, History, PeriodModel, TimeStampedModel
from situations.models import Membership, Municipality, PoliceArea, SituationReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Party(models.TextChoices):
    """Who owns a promise or is responsible for an activity."""

    POLICE = "police", _("the police")
    MUNICIPALITY = "municipality", _("the municipality")
    JOINT = "joint", _("together")

    @property
    def promise_heading(self) -> str:
        """The heading a charter groups this owner's promises under."""
        return {
            Party.POLICE: _("The police promise"),
            Party.MUNICIPALITY: _("The municipality promises"),
            Party.JOINT: _("Together we promise"),
        }[self]


def agreement_document_path(agreement: CollaborationAgreement, filename: str) -> str:
    """Where an uploaded agreement is stored: a generated name, never the uploader's, with
    the extension of the type its content was checked to be (promises.documents)."""
    extension = DOCUMENT_EXTENSIONS.get(agreement.document_type, "bin")
    return f"agreements/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{extension}"


# The types an uploaded agreement may be, by the Content-Type it is served with.
PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_EXTENSIONS = {PDF: "pdf", ODT: "odt", DOCX: "docx"}


class CollaborationAgreementQuerySet(models.QuerySet):
    def in_scope(
        self, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
    ) -> CollaborationAgreementQuerySet:
        """Agreements of which USER holds one of ROLES over a municipality (or its LPO)."""
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            municipalities__in=Municipality.objects.in_scope(user, roles)
        ).distinct()


class CollaborationAgreement(PeriodModel):
    """A samverkansöverenskommelse between one or more municipalities and an LPO."""

    class DocumentType(models.TextChoices):
        """What an uploaded document was checked to be: the Content-Type it is served with."""

        PDF = PDF, "PDF"
        ODT = ODT, "ODT"
        DOCX = DOCX, "DOCX"

    title = models.CharField(_("title"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="collaboration_agreements",
        verbose_name=_("municipalities"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="collaboration_agreements",
        verbose_name=_("local police area"),
    )
    description = models.TextField(_("description"), blank=True)
    signed_on = BoundedDateField(_("signed on"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to=agreement_document_path,
        blank=True,
        help_text=_("The signed agreement as a PDF, if you have it."),
    )
    document_type = models.CharField(
        _("document type"),
        max_length=100,
        choices=DocumentType.choices,
        blank=True,
        editable=False,
    )
    document_url = models.URLField(
        _("link to the document"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the signed agreement is published, for example on the municipality's web "
            "site. Give a link or upload the file, not both."
        ),
    )

    objects = CollaborationAgreementQuerySet.as_manager()

    history = History(m2m_fields=["municipalities"])

    class Meta(PeriodModel.Meta):
        ordering = ["-period_start", "title", "id"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("promises:agreement", kwargs={"pk": self.pk})

    @property
    def document_link(self) -> str:
        """Where the document is read: the checked upload through its view, or the link."""
        if self.document:
            return reverse("public:agreement_document", kwargs={"pk": self.pk})
        return self.document_url

    def clean(self) -> None:
        super().clean()
        if self.document and self.document_url:
            raise ValidationError(
                {"document_url": _("Give a link or upload the file, not both.")},
                code="document_twice",
            )


class CharterQuerySet(models.QuerySet):
    def published(self) -> CharterQuerySet:
        """Charters residents may read: published ones and the archive."""
        return self.filter(status__in=Charter.Status.public_values())

    def archived(self) -> CharterQuerySet:
        return self.filter(status=Charter.Status.CLOSED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CharterQuerySet:
        """Public charters, plus every charter of a municipality in the user's scope."""
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            Q(status__in=Charter.Status.public_values())
            | Q(municipality__in=Municipality.objects.in_scope(user, Membership.READ_ROLES))
        )

    def current_for(self, municipality: Municipality) -> Charter | None:
        """The published charter in force today for residents (see current_of())."""
        return current_of(
            self.filter(municipality=municipality, status=Charter.Status.PUBLISHED),
            timezone.localdate(),
        )

    def ended(self, today: datetime.date) -> CharterQuerySet:
        """Published charters whose period was over before TODAY: the close step's work."""
        return self.filter(status=Charter.Status.PUBLISHED, period_end__lt=today)


def current_of(charters: Iterable[Charter], today: datetime.date) -> Charter | None:
    """Among one municipality's CHARTERS, the published one in force TODAY, if any.

    A charter is in force from its start date to its end date; where two overlap, the one
    that started last has replaced the other. A charter whose period is over is never the
    current one, nor one signed ahead of its period (upcoming_of() announces it). Rows
    already loaded cost no query.
    """
    running = [
        charter
        for charter in charters
        if charter.status == Charter.Status.PUBLISHED
        and charter.period_start <= today <= charter.period_end
    ]
    return max(running, key=lambda charter: (charter.period_start, charter.pk), default=None)


def upcoming_of(charters: Iterable[Charter], today: datetime.date) -> Charter | None:
    """Among CHARTERS, the next published one whose period starts after TODAY, if any."""
    upcoming = [
        charter
        for charter in charters
        if charter.status == Charter.Status.PUBLISHED and charter.period_start > today
    ]
    return min(upcoming, key=lambda charter: (charter.period_start, charter.pk), default=None)


def ended_of(charters: Iterable[Charter], today: datetime.date) -> list[Charter]:
    """Among CHARTERS, the public ones that are over: closed, or their period ended before
    TODAY, or replaced by a CURRENT one that started later; the latest first."""
    current = current_of(charters, today)
    ended = [
        charter
        for charter in charters
        if charter.status == Charter.Status.CLOSED
        or (
            charter.status == Charter.Status.PUBLISHED
            and charter.period_start <= today
            and charter != current
        )
    ]
    return sorted(ended, key=lambda charter: (charter.period_start, charter.pk), reverse=True)


class Charter(PeriodModel):
    """A medborgarlöfte: the signed, public document for a municipality and a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

        @classmethod
        def public_values(cls) -> list[str]:
            return [cls.PUBLISHED.value, cls.CLOSED.value]

        @property
        def is_public(self) -> bool:
            return self.value in Charter.Status.public_values()

    class FollowUpCadence(models.TextChoices):
        """How often the activities are followed up: one round per period of the calendar."""

        QUARTER = "quarter", _("quarter")
        TERTIAL = "tertial", _("tertial")
        HALF_YEAR = "half_year", _("half-year")
        YEAR = "year", _("year")

        @property
        def months(self) -> int:
            """The length of one round, in months."""
            return {"quarter": 3, "tertial": 4, "half_year": 6, "year": 12}[self.value]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("local police area"),
    )
    agreement = models.ForeignKey(
        CollaborationAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("collaboration agreement"),
    )
    situation_report = models.ForeignKey(
        SituationReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("situation report"),
        help_text=_("The situation picture the promises rest on."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("As residents will read it, for example Medborgarlöfte 2021."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The introduction residents read first: the focus and the purpose."),
    )
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("What a citizen promise is here and how this one was made."),
    )
    followup_method = models.TextField(
        _("how it is followed up"),
        blank=True,
        help_text=_("Who follows up the activities, where and how often."),
    )
    reporting_channels = models.TextField(
        _("how results are reported"),
        blank=True,
        help_text=_("Where residents hear what came of the promises: web site, local media…"),
    )
    participation = models.TextField(
        _("how to take part"),
        blank=True,
        help_text=_("How residents can take part: dialogues, surveys, safety walks."),
    )
    followup_cadence = models.CharField(
        _("follow-up cadence"),
        max_length=20,
        choices=FollowUpCadence.choices,
        default=FollowUpCadence.HALF_YEAR,
        help_text=_(
            "How often the activities are followed up: the follow-up rounds of the whole "
            "period, and their due dates, are made from it."
        ),
    )
    signed_on = BoundedDateField(_("signed on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_comment = models.TextField(
        _("comment from the review"),
        blank=True,
        help_text=_("Why the police manager sent the citizen promise back for changes."),
    )
    unlinked_reason = models.TextField(
        _("why some links are missing"),
        blank=True,
        help_text=_(
            "Internal. Why the charter was sent for review with a prioritised problem that no "
            "promise answers, or a promise that answers no problem."
        ),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    import_digest = models.CharField(
        _("import fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the charter was made from a JSON file: the fingerprint of that file, so "
            "that importing a corrected file updates this draft and the same file changes "
            "nothing."
        ),
    )
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="renewals",
        verbose_name=_("renewed from"),
    )

    objects = CharterQuerySet.as_manager()

    history = History()

    class Meta(PeriodModel.Meta):
        ordering = ["municipality", "-period_start", "id"]
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["municipality", "period_start"],
                name="promises_charter_unique_municipality_period_start",
                violation_error_message=_(
                    "This municipality already has a citizen promise starting that day."
                ),
            ),
            models.CheckConstraint(
                # The signing is recorded when known; a charter brought in from an old web
                # page may not say when it was signed, and a made-up date would mislead.
                condition=Q(status__in=["draft", "review"]) | Q(published_at__isnull=False),
                name="promises_charter_public_has_publish_date",
                violation_error_message=_("A published citizen promise needs a publish date."),
            ),
            models.CheckConstraint(
                # Never deleted, only withdrawn, and residents' questions deserve an answer.
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="promises_charter_withdrawn_has_reason",
                violation_error_message=_(
                    "A withdrawn citizen promise needs the date and the reason it was withdrawn."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.municipality}"

    def get_absolute_url(self) -> str:
        return reverse(
            "public:charter_detail", kwargs={"slug": self.municipality.slug, "pk": self.pk}
        )

    @property
    def is_public(self) -> bool:
        return self.status in Charter.Status.public_values()

    @property
    def has_ended(self) -> bool:
        """Closed, or public and past its end date: residents read it as an ended period."""
        if self.status == Charter.Status.CLOSED:
            return True
        return self.status == Charter.Status.PUBLISHED and self.period_end < timezone.localdate()

    @property
    def is_upcoming(self) -> bool:
        """Published, signed ahead of its period: announced until its start date."""
        return self.status == Charter.Status.PUBLISHED and self.period_start > timezone.localdate()

    @property
    def state_label(self) -> str:
        """The state as people read it: an ended or announced period says so."""
        if self.has_ended:
            return str(_("period ended"))
        if self.is_upcoming:
            return str(_("upcoming"))
        return self.get_status_display()

    @property
    def entered_on(self) -> datetime.date:
        """The day the charter was entered in this system.

        Follow-up rounds due before it could not be followed up here: a charter imported or
        typed in after the fact has them "not followed up in the system", never overdue. The
        creation, not the publishing: an imported charter keeps the day it was published
        then, years before anyone could record a follow-up here.
        """
        if self.created_at is None:
            return timezone.localdate()
        return timezone.localdate(self.created_at)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.police_area_id and self.municipality_id:
            if not self.police_area.municipalities.filter(pk=self.municipality_id).exists():
                errors["police_area"] = _(
                    "This local police area does not cover the municipality."
                )
        if self.situation_report_id and self.municipality_id:
            if self.situation_report.municipality_id != self.municipality_id:
                errors["situation_report"] = _(
                    "The situation report belongs to another municipality."
                )
        if self.agreement_id and self.municipality_id:
            if not self.agreement.municipalities.filter(pk=self.municipality_id).exists():
                errors["agreement"] = _("The agreement does not include the municipality.")
            elif self.police_area_id and self.agreement.police_area_id != self.police_area_id:
                errors["agreement"] = _("The agreement was made with another local police area.")
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The signing date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Signatory(TimeStampedModel):
    """Someone who signed a charter or an agreement: name, title, organisation, date."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("citizen promise"),
    )
    agreement = models.ForeignKey(
        CollaborationAgreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("collaboration agreement"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For example kommunstyrelsens ordförande or lokalpolisområdeschef."),
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("For example Säffle kommun or Lokalpolisområde Arvika."),
    )
    signed_on = BoundedDateField(_("signed on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=Q(charter__isnull=False, agreement__isnull=True)
                | Q(charter__isnull=True, agreement__isnull=False),
                name="promises_signatory_exactly_one_document",
                violation_error_message=_(
                    "A signatory signs exactly one citizen promise or agreement."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(party="joint"),
                name="promises_signatory_party_not_joint",
                violation_error_message=_("A signatory signs for the police or the municipality."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError(
                {"signed_on": _("The signing date cannot be in the future.")},
                code="signed_in_future",
            )


class Contact(CarriedOver, TimeStampedModel):
    """Whom residents can contact about a charter: the kommunpolis, the coordinator."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("citizen promise"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        help_text=_("For example kommunpolis or brottsförebyggande samordnare."),
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"
