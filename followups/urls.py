from django.urls import path

from followups.views import feeds, opendata, public, reports, review, rounds, workspace

app_name = "followups"

urlpatterns = [
    path("kommuner/<slug:slug>/", public.municipality, name="municipality"),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/",
        public.charter_detail,
        name="charter_detail",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/utskrift/",
        public.charter_print,
        name="charter_print",
    ),
    path(
        "kommuner/<slug:slug>/medborgarloften/<int:pk>/uppfoljning/<int:round_pk>/",
        public.round_report,
        name="round_report",
    ),
    # Workspace (login required)
    path("arbetsyta/", workspace.dashboard, name="dashboard"),
    path(
        "arbetsyta/kommuner/<slug:slug>/",
        workspace.municipality_workspace,
        name="municipality_workspace",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/forhandsvisning/",
        workspace.charter_preview,
        name="charter_preview",
    ),
    path(
        "arbetsyta/uppfoljning/<int:round_pk>/publicera/",
        reports.round_publish,
        name="round_publish",
    ),
    path(
        "arbetsyta/uppfoljning/<int:round_pk>/export.csv",
        reports.round_csv,
        name="round_csv",
    ),
    path("arbetsyta/granskning/", review.review_dashboard, name="review"),
    path("arbetsyta/uppfoljningar/<int:pk>/", review.follow_up, name="follow_up"),
    path(
        "arbetsyta/uppfoljningar/<int:pk>/historik/",
        review.follow_up_history,
        name="follow_up_history",
    ),
    path(
        "arbetsyta/uppfoljningar/<int:pk>/historik/<int:history_id>/aterstall/",
        review.follow_up_restore,
        name="follow_up_restore",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/uppfoljning/",
        rounds.rounds,
        name="rounds",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/uppfoljning/<int:round_pk>/",
        rounds.round_entry,
        name="round_entry",
    ),
    # Feeds
    path("flode.atom", feeds.NationalFeed(), name="national_feed"),
    path("kommuner/<slug:slug>/flode.atom", feeds.MunicipalityFeed(), name="municipality_feed"),
    path("kommuner/<slug:slug>/aktiviteter.ics", feeds.activities_ical, name="activities_ical"),
    # Open data
    path("oppna-data/", opendata.docs, name="api_docs"),
    path("api/v1/kommuner/", opendata.municipality_list, name="api_municipalities"),
    path("api/v1/kommuner/<slug:slug>/", opendata.municipality_detail, name="api_municipality"),
    path("api/v1/medborgarloften/", opendata.charter_list, name="api_charters"),
    path("api/v1/medborgarloften/<int:pk>/", opendata.charter_detail, name="api_charter"),
    path("api/v1/<str:dataset>.csv", opendata.csv_download, name="api_csv"),
]
