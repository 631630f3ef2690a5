"""Open data, schema version 1: kommuner and charters as plain dicts, and charters read back.

`export` turns what residents may read into the JSON of the API, `importer` reads that JSON
back into a new charter (manage.py import_charter), and `schema` documents every field for the
open data page.
"""

from followups.opendata.export import (
    SCHEMA_VERSION,
    charter_export,
    charter_summary,
    current_charters,
    municipality_dict,
)
from followups.opendata.importer import CharterImportError, charter_import

__all__ = [
    "SCHEMA_VERSION",
    "CharterImportError",
    "charter_export",
    "charter_import",
    "charter_summary",
    "current_charters",
    "municipality_dict",
]
