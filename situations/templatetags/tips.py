"""Template tags for the tip form, which kommun pages include with only the municipality."""

from __future__ import annotations

import math

from django import template
from django.conf import settings

from situations.forms.public import TipForm
from situations.models import Municipality

register = template.Library()

# 365.25 / 12: a year of retention is 12 months, half a year (182 days) is 6.
AVERAGE_MONTH_DAYS = 30.4375


@register.simple_tag
def tip_form(municipality: Municipality, form: TipForm | None = None) -> TipForm:
    """FORM if the page has one (with what the resident typed), else an empty tip form."""
    return form if isinstance(form, TipForm) else TipForm(municipality=municipality)


@register.simple_tag
def tip_retention_months() -> int:
    """How long tips are kept, in whole months, as the privacy notice states it.

    Rounded up: the notice says "at most N months", which must hold for every tip.
    """
    return max(1, math.ceil(settings.TIP_RETENTION_DAYS / AVERAGE_MONTH_DAYS))


@register.simple_tag
def site_contact_email() -> str:
    """Where residents write about accessibility and personal data."""
    return settings.SITE_CONTACT_EMAIL
