"""Demo data for `manage.py load_demo`: two real charters, demo users and national-scale data.

`seeds` holds the two real medborgarlöften (Säffle 2017, Essunga 2021) as Python data and loads
them, `users` makes one demo user per role, `national` generates charters for every kommun.
Everything is idempotent: seed rows are matched on natural keys and updated in place, generated
rows are deleted and made again.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def upsert[M: models.Model](
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any]
) -> M:
    """Create or update the row that LOOKUP names, validate it with full_clean(), save it.

    A row that already holds VALUES is not saved again: every save records a history row, and
    a second run of the demo should not add hundreds of versions that change nothing.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is not None and all(getattr(obj, name) == value for name, value in values.items()):
        return obj
    obj = obj or model(**lookup)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj
