"""Who may see what in the followups app's workspace pages (DESIGN.md §6).

A charter's own pages ask promises.permissions; the pages here that span a whole kommun ask
here. Follow-up rounds and reviews join this module with their pages.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from situations.models import Municipality
from situations.permissions import check, may_read, roles_in


def get_municipality_for_workspace(
    request: HttpRequest, slug: str
) -> tuple[Municipality, set[str]]:
    """A kommun whose workspace page the user may read, with their roles there.

    Kommuner are public, so a user without a reading role gets 403, not 404.
    """
    municipality = get_object_or_404(Municipality.objects.with_geography(), slug=slug)
    roles = roles_in(request.user, municipality)
    check(may_read(roles), visible=True)
    return municipality, roles
