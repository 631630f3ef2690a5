"""The admin of the situations app, for the system administrator, one module per subject.

Importing the modules registers their admins. The helpers every app's admin shares are in
config/lib/admin.py; `limit_places` is for the admins above that offer a kommun's places.
"""

from situations.admin import geography, identities, memberships, participation, reports
from situations.admin.reports import limit_places

__all__ = ["geography", "identities", "limit_places", "memberships", "participation", "reports"]
