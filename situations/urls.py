from django.urls import path

from situations.views import est, public, workspace

app_name = "situations"

urlpatterns = [
    path("kommuner/<slug:slug>/tips/", public.tip, name="tip"),
    path("synpunkt/", public.page_feedback, name="page_feedback"),
    # Workspace (login required)
    path(
        "arbetsyta/kommuner/<slug:slug>/lagesbilder/ny/",
        workspace.report_create,
        name="report_create",
    ),
    path("arbetsyta/lagesbilder/<int:pk>/", workspace.report_edit, name="report_edit"),
    path(
        "arbetsyta/lagesbilder/<int:pk>/publicering/",
        workspace.report_publish,
        name="report_publish",
    ),
    path(
        "arbetsyta/lagesbilder/<int:pk>/historik/",
        workspace.report_history,
        name="report_history",
    ),
    path(
        "arbetsyta/lagesbilder/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.report_restore,
        name="report_restore",
    ),
    path("arbetsyta/kommuner/<slug:slug>/platser/", workspace.places, name="places"),
    path(
        "arbetsyta/kommuner/<slug:slug>/platser/historik/",
        workspace.places_history,
        name="places_history",
    ),
    path(
        "arbetsyta/kommuner/<slug:slug>/platser/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.places_restore,
        name="places_restore",
    ),
    path("arbetsyta/kommuner/<slug:slug>/tips/", workspace.tips, name="tips"),
    path("arbetsyta/tips/<int:pk>/hanterat/", workspace.tip_handle, name="tip_handle"),
    # EST
    path("arbetsyta/kommuner/<slug:slug>/est/rapportera/", est.report, name="est_report"),
    path(
        "arbetsyta/est/observationer/<int:pk>/",
        est.observation_edit,
        name="est_observation_edit",
    ),
    path("arbetsyta/kommuner/<slug:slug>/est/", est.grid, name="est_grid"),
    path(
        "arbetsyta/kommuner/<slug:slug>/est/sammanstallning/",
        est.summary,
        name="est_summary",
    ),
    path(
        "arbetsyta/kommuner/<slug:slug>/est/organisationer/",
        est.organisations,
        name="est_organisations",
    ),
    path(
        "arbetsyta/est/organisationer/<int:pk>/",
        est.organisation_edit,
        name="est_organisation_edit",
    ),
]
