"""Signals the situations app sends for the apps above it, which it may not import.

survey_published: a draft survey was published (situations.services.survey_publish, inside
its transaction), with sender=Survey and survey=. Residents who follow the kommun are told
once it opens (followups.notices).

purging: `manage.py purge_expired` deletes what the privacy notice promises to delete, with
sender=None and dry_run=. A receiver deletes its own expired rows (or only counts them when
dry_run) and returns one sentence saying what, in Swedish.
"""

from django.dispatch import Signal

survey_published = Signal()
purging = Signal()
