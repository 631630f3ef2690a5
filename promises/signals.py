"""Signals the promises app sends for the apps above it, which it may not import.

charter_saved: a charter was saved, new or changed, on any path (a workspace page, a step of its
workflow, the admin, a restored version, an import). Sent by promises.services.charter_save, the
one write path of a charter, inside its transaction, never from a model's save, with
sender=Charter, charter= and user= (who saved, or None). A receiver may return one sentence for
that person, or an empty string; charter_save returns what it gets.

charter_renewing: see below.
"""

from django.dispatch import Signal

charter_saved = Signal()

# charter_renewing: a published or closed charter is being renewed (promises.services.
# charter_renew, inside its transaction), with sender=Charter and charter= the old one. A
# receiver returns what the next lägesbild should start from besides the old one's findings,
# as a list of situations.services.CarriedSource (the follow-ups' outcomes), or [].
charter_renewing = Signal()

# charter_published: a charter was approved, signed and published (promises.services.
# charter_approve, inside its transaction), with sender=Charter and charter=. Residents who
# follow the kommun are told (followups.notices).
charter_published = Signal()
