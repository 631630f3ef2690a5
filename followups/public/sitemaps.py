"""The sitemap of the public site (/sitemap.xml): an index of sections, each a query.

Only what residents may read is listed: published and closed charters (never a draft, one in
review or a withdrawn one), the published reports of their rounds, published council reports,
and the pages of the kommuner that have any of these. A charter's print layout is left out: it
points to the charter page (followups/public/seo.py). Each section runs one query for its
items and one to count them for the index, whatever the number of kommuner; Django splits a
section into pages of 50,000 addresses.
"""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from followups.council.models import CouncilReport
from followups.models import FollowUpRound
from promises.models import Charter
from situations.models import Municipality


def latest(queryset: QuerySet, field: str = "updated_at") -> Subquery:
    """The latest FIELD of QUERYSET's rows, as an annotation (None if it has none)."""
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def newest(*stamps: datetime.datetime | None) -> datetime.datetime | None:
    found = [stamp for stamp in stamps if stamp is not None]
    return max(found) if found else None


class PublicSitemap(Sitemap):
    def get_latest_lastmod(self) -> None:
        # The index leaves lastmod to the sections: finding it would read every item again.
        return None


class PagesSitemap(PublicSitemap):
    """The pages of the site as a whole."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "public:home",
            "public:overview",
            "opendata:api_docs",
            "public:accessibility",
            "public:privacy",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class MunicipalitySitemap(PublicSitemap):
    """The page of each kommun with something public: a published or closed charter, or a
    published council report."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Municipality]:
        charters = Charter.objects.published().filter(municipality=OuterRef("pk"))
        rounds = FollowUpRound.objects.published().filter(charter__municipality=OuterRef("pk"))
        reports = CouncilReport.objects.published().filter(municipality=OuterRef("pk"))
        return (
            Municipality.objects.annotate(
                charter_changed=latest(charters),
                round_changed=latest(rounds),
                report_changed=latest(reports),
            )
            .filter(Q(charter_changed__isnull=False) | Q(report_changed__isnull=False))
            .only("pk", "slug")
            .order_by("pk")
        )

    def location(self, item: Municipality) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Municipality) -> datetime.datetime | None:
        return newest(item.charter_changed, item.round_changed, item.report_changed)


class ArchiveSitemap(MunicipalitySitemap):
    """Each kommun's archive: every charter it published and its council reports."""

    priority = 0.3

    def location(self, item: Municipality) -> str:
        return reverse("public:archive", kwargs={"slug": item.slug})


class CharterSitemap(PublicSitemap):
    def items(self) -> QuerySet[Charter]:
        rounds = FollowUpRound.objects.filter(charter=OuterRef("pk"), published_at__isnull=False)
        return (
            Charter.objects.published()
            .select_related("municipality")
            .annotate(round_changed=latest(rounds))
            .only("pk", "updated_at", "municipality__slug")
            .order_by("pk")
        )

    def location(self, item: Charter) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Charter) -> datetime.datetime | None:
        return newest(item.updated_at, item.round_changed)


class RoundReportSitemap(PublicSitemap):
    """The published follow-up reports, of charters residents may read."""

    def items(self) -> QuerySet[FollowUpRound]:
        return (
            FollowUpRound.objects.published()
            .select_related("charter__municipality")
            .only("pk", "updated_at", "charter__municipality__slug")
            .order_by("pk")
        )

    def location(self, item: FollowUpRound) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: FollowUpRound) -> datetime.datetime:
        return item.updated_at


class CouncilReportSitemap(PublicSitemap):
    def items(self) -> QuerySet[CouncilReport]:
        return (
            CouncilReport.objects.published()
            .select_related("municipality")
            .only("pk", "year", "updated_at", "municipality__slug")
            .order_by("pk")
        )

    def location(self, item: CouncilReport) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: CouncilReport) -> datetime.datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap]] = {
    "sidor": PagesSitemap,
    "kommuner": MunicipalitySitemap,
    "arkiv": ArchiveSitemap,
    "medborgarloften": CharterSitemap,
    "uppfoljningar": RoundReportSitemap,
    "rapporter": CouncilReportSitemap,
}
