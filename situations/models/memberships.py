"""Memberships and roles: who may do what where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.lib.models import History, TimeStampedModel

if TYPE_CHECKING:
    from situations.models.geography import Municipality, PoliceArea, PoliceDistrict


class Membership(TimeStampedModel):
    """Who may do what where: a user's role in a municipality, an LPO or a police district."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        POLICE = "police", _("community police officer")
        POLICE_MANAGER = "police_manager", _("police manager")
        REPORTER = "reporter", _("EST reporter")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        "situations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        "situations.PoliceArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("local police area"),
    )
    police_district = models.ForeignKey(
        "situations.PoliceDistrict",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("police district"),
        help_text=_("Only for police managers who cover a whole police district."),
    )
    organisation = models.ForeignKey(
        "situations.ReportingOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("reporting organisation"),
        help_text=_("For EST reporters: the organisation they report for."),
    )

    # Roles that may read unpublished content in their scope; reporters see only their reports.
    READ_ROLES = frozenset({Role.COORDINATOR, Role.POLICE, Role.POLICE_MANAGER, Role.VIEWER})
    EDIT_ROLES = frozenset({Role.COORDINATOR, Role.POLICE, Role.POLICE_MANAGER})

    # Which scope each role may have; the database refuses any other combination.
    SCOPES = {
        Role.COORDINATOR: {"municipality"},
        Role.POLICE: {"police_area"},
        Role.POLICE_MANAGER: {"police_area", "police_district"},
        Role.REPORTER: {"municipality"},
        Role.VIEWER: {"municipality", "police_area"},
    }

    history = History()

    class Meta:
        ordering = ["user", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        municipality__isnull=False,
                        police_area__isnull=True,
                        police_district__isnull=True,
                    )
                    | Q(
                        municipality__isnull=True,
                        police_area__isnull=False,
                        police_district__isnull=True,
                    )
                    | Q(
                        municipality__isnull=True,
                        police_area__isnull=True,
                        police_district__isnull=False,
                    )
                ),
                name="situations_membership_exactly_one_scope",
                violation_error_message=_(
                    "A membership applies to exactly one municipality, local police area "
                    "or police district."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=["coordinator", "reporter"], municipality__isnull=False)
                    | Q(role="police", police_area__isnull=False)
                    | Q(role="police_manager", municipality__isnull=True)
                    | Q(role="viewer", police_district__isnull=True)
                ),
                name="situations_membership_role_fits_scope",
                violation_error_message=_(
                    "Coordinators and reporters belong to a municipality, police officers to a "
                    "local police area, managers to a local police area or a police district, "
                    "viewers to a municipality or a local police area."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(role="reporter"),
                name="situations_membership_organisation_only_for_reporters",
                violation_error_message=_("Only EST reporters report for an organisation."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="situations_membership_unique_municipality_role",
                violation_error_message=_("The user already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "police_area"],
                condition=Q(police_area__isnull=False),
                name="situations_membership_unique_police_area_role",
                violation_error_message=_("The user already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "police_district"],
                condition=Q(police_district__isnull=False),
                name="situations_membership_unique_police_district_role",
                violation_error_message=_("The user already has this role here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self) -> Municipality | PoliceArea | PoliceDistrict | None:
        return self.municipality or self.police_area or self.police_district

    def clean(self) -> None:
        # The scope and role rules are the database constraints above; full_clean() reports
        # them through validate_constraints(), so they are not repeated here.
        super().clean()
        if self.organisation_id and self.municipality_id:
            if self.organisation.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"organisation": _("The organisation belongs to another municipality.")},
                    code="organisation_municipality",
                )
