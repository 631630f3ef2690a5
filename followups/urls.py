from django.urls import path

from followups.views import area, council, imports, reports, review, rounds, workspace

app_name = "followups"

urlpatterns = [
    path("", workspace.dashboard, name="dashboard"),
    path(
        "kommuner/<slug:slug>/",
        workspace.municipality_workspace,
        name="municipality_workspace",
    ),
    path(
        "kommuner/<slug:slug>/importera/",
        imports.charter_import_page,
        name="charter_import",
    ),
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
    path(
        "medborgarloften/<int:pk>/forhandsvisning/",
        workspace.charter_preview,
        name="charter_preview",
    ),
    path(
        "uppfoljning/<int:round_pk>/publicera/",
        reports.round_publish,
        name="round_publish",
    ),
    path(
        "uppfoljning/<int:round_pk>/export.csv",
        reports.round_csv,
        name="round_csv",
    ),
    path("granskning/", review.review_dashboard, name="review"),
    path("granskning/oversikt/", area.area, name="area"),
    path("uppfoljningar/<int:pk>/", review.follow_up, name="follow_up"),
    path(
        "uppfoljningar/<int:pk>/historik/",
        review.follow_up_history,
        name="follow_up_history",
    ),
    path(
        "uppfoljningar/<int:pk>/historik/<int:history_id>/aterstall/",
        review.follow_up_restore,
        name="follow_up_restore",
    ),
    path(
        "medborgarloften/<int:pk>/uppfoljning/",
        rounds.rounds,
        name="rounds",
    ),
    path(
        "medborgarloften/<int:pk>/uppfoljning/<int:round_pk>/",
        rounds.round_entry,
        name="round_entry",
    ),
]
