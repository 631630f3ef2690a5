"""Signals the promises app sends for the apps above it, which it may not import.

charter_saved: a workspace view saved a charter's period or follow-up cadence (it was created,
edited, or an old version restored). Sent explicitly by the view inside its transaction, never
from a model's save, with sender=Charter, charter= and user= (who saved). A receiver may return
one sentence for that person, or an empty string; the view shows what it gets.
"""

from django.dispatch import Signal

charter_saved = Signal()
