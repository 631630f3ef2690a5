"""The workspace forms of the promises app: charters, promises, activities, indicators."""

from __future__ import annotations
