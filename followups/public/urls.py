"""The public site: what residents read and send without logging in."""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from followups.public.sitemaps import SITEMAPS
from followups.public.views import (
    council,
    documents,
    kommun,
    national,
    notices,
    site,
    surveys,
    tips,
)

app_name = "public"

urlpatterns = [
    path("", national.home, name="home"),
    path("kommuner/", national.overview, name="overview"),
    # A kommun: its current charter, every earlier one, the follow-up reports.
    path("kommuner/<slug:slug>/", kommun.municipality, name="municipality"),
    path("kommuner/<slug:slug>/arkiv/", kommun.archive, name="archive"),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        kommun.charter_detail,
        name="charter_detail",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/utskrift/",
        kommun.charter_print,
        name="charter_print",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/andringar/",
        kommun.charter_changes,
        name="charter_changes",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljning/<int:round_pk>/",
        kommun.round_report,
        name="round_report",
    ),
    # The signed collaboration agreement a charter rests on, as an uploaded file.
    path(
        "overenskommelser/<int:pk>/dokument/",
        documents.agreement_document,
        name="agreement_document",
    ),
    # The kommunstyrelse's report to the council, once published.
    path(
        "kommuner/<slug:slug>/rapport-till-kommunfullmaktige/<int:year>/",
        council.council_report,
        name="council_report",
    ),
    path(
        "kommuner/<slug:slug>/rapport-till-kommunfullmaktige/<int:year>.csv",
        council.council_report_csv,
        name="council_report_csv",
    ),
    # Taking part: surveys, tips, "Did the information help you?"
    path("kommuner/<slug:slug>/enkater/<int:pk>/", surveys.survey_answer, name="survey_answer"),
    path("kommuner/<slug:slug>/tips/", tips.tip, name="tip"),
    path("synpunkt/", tips.page_feedback, name="page_feedback"),
    # Following a kommun by email: the form, the confirmation link, one-click unsubscribe.
    path("kommuner/<slug:slug>/folj/", notices.subscribe, name="subscribe"),
    path("folj/bekrafta/<str:token>/", notices.subscription_confirm, name="subscription_confirm"),
    path("folj/avsluta/<str:token>/", notices.unsubscribe, name="unsubscribe"),
    path("tillganglighet/", site.accessibility, name="accessibility"),
    path("personuppgifter/", site.privacy, name="privacy"),
    # For search engines: what to crawl, and every public page to find.
    path("robots.txt", site.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "public:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
