"""Template tags for the surveys that kommun pages link to."""

from __future__ import annotations

from django import template
from django.utils import timezone

from situations.models import Municipality, Survey

register = template.Library()


@register.simple_tag
def open_surveys(municipality: Municipality) -> list[Survey]:
    """The surveys of MUNICIPALITY that residents can answer today: one query."""
    return list(
        Survey.objects.open_on(timezone.localdate())
        .filter(municipality=municipality)
        .select_related("municipality")
        .order_by("closes_on", "id")
    )
