"""How the promises of many charters and the prioritised problems of their situation reports
answer each other, as residents may read it: for the overview, the start page and the open
data's lists, beside figures_of() (followups.public.selectors)."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from followups.progress import LinkShares
from promises.models import Charter, Promise
from situations.models import SituationReport


def links_of(charters: list[int] | QuerySet) -> dict[int, LinkShares]:
    """The LinkShares of CHARTERS (ids, or a query of ids) by charter id: two grouped queries
    whatever their number.

    Only public problems of the charter's own report count, and only when that report is
    published (LinkShares says how a charter without one counts).
    """
    promises = (  # 1: each charter's promises, and those that answer a public problem
        Promise.objects.filter(charter__in=charters)
        .order_by()
        .values_list("charter_id")
        .annotate(
            total=Count("pk", distinct=True),
            linked=Count(
                "pk",
                distinct=True,
                filter=Q(
                    problems__is_internal=False,
                    problems__report_id=F("charter__situation_report_id"),
                ),
            ),
        )
    )
    counts = {charter_id: (total, linked) for charter_id, total, linked in promises}
    public = Q(situation_report__problems__is_internal=False)
    problems = (  # 2: the public problems of each published report, and those answered
        Charter.objects.filter(
            pk__in=charters, situation_report__status=SituationReport.Status.PUBLISHED
        )
        .order_by()
        .values_list("pk")
        .annotate(
            total=Count("situation_report__problems", distinct=True, filter=public),
            answered=Count(
                "situation_report__problems",
                distinct=True,
                filter=public & Q(situation_report__problems__promises__charter=F("pk")),
            ),
        )
    )
    shares = {
        charter_id: LinkShares.of(promises=total, linked=linked, problems=0, answered=0)
        for charter_id, (total, linked) in counts.items()
    }
    for charter_id, total, answered in problems:
        promise_total, linked = counts.get(charter_id, (0, 0))
        shares[charter_id] = LinkShares.of(
            promises=promise_total, linked=linked, problems=total, answered=answered
        )
    return shares
