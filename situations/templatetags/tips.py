"""Template tags for the tip form, which kommun pages include with only the municipality."""

from __future__ import annotations

from django import template
from django.conf import settings

from situations.forms.public import TipForm
from situations.models import Municipality

register = template.Library()


@register.simple_tag
def tip_form(municipality: Municipality, form: TipForm | None = None) -> TipForm:
    """FORM if the page has one (with what the resident typed), else an empty tip form."""
    return form if isinstance(form, TipForm) else TipForm(municipality=municipality)


@register.simple_tag
def tip_retention_months() -> int:
    """How long tips are kept, in whole months, as the privacy notice states it."""
    return max(1, round(settings.TIP_RETENTION_DAYS / 30.4375))


@register.simple_tag
def site_contact_email() -> str:
    """Where residents write about accessibility and personal data."""
    return settings.SITE_CONTACT_EMAIL
