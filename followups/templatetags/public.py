"""Template tags of the public site's static pages (privacy, accessibility): settings only,
never a query."""

from __future__ import annotations

from django import template
from django.conf import settings

from situations.forms.public import tip_retention_months as retention_months

register = template.Library()


@register.simple_tag
def tip_retention_months() -> int:
    """How long tips are kept, in whole months, as the tip form's notice states it."""
    return retention_months()


@register.simple_tag
def site_contact_email() -> str:
    """Where residents write about accessibility and personal data."""
    return settings.SITE_CONTACT_EMAIL


@register.simple_tag
def subscription_confirm_days() -> int:
    """How long a link to confirm following a kommun is valid, and an unconfirmed address kept."""
    return settings.SUBSCRIPTION_CONFIRM_DAYS
