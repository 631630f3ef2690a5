"""Receivers of the signals of the apps below; each only calls a service."""

from __future__ import annotations

from followups import services
from promises.models import Charter


def sync_rounds(sender, *, charter: Charter, user, **kwargs) -> str:
    """A charter's period or cadence was saved: its rounds follow."""
    return services.rounds_sync(charter=charter, user=user).message
