from django.urls import path

from situations.views import est, surveys, workspace

app_name = "situations"

urlpatterns = [
    path(
        "kommuner/<slug:slug>/lagesbilder/ny/",
        workspace.report_create,
        name="report_create",
    ),
    path("lagesbilder/<int:pk>/", workspace.report_edit, name="report_edit"),
    path(
        "lagesbilder/<int:pk>/publicering/",
        workspace.report_publish,
        name="report_publish",
    ),
    path(
        "lagesbilder/<int:pk>/historik/",
        workspace.report_history,
        name="report_history",
    ),
    path(
        "lagesbilder/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.report_restore,
        name="report_restore",
    ),
    path("kommuner/<slug:slug>/platser/", workspace.places, name="places"),
    path(
        "kommuner/<slug:slug>/platser/historik/",
        workspace.places_history,
        name="places_history",
    ),
    path(
        "kommuner/<slug:slug>/platser/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.places_restore,
        name="places_restore",
    ),
    path("kommuner/<slug:slug>/tips/", workspace.tips, name="tips"),
    path("tips/<int:pk>/hanterat/", workspace.tip_handle, name="tip_handle"),
    # EST
    path("kommuner/<slug:slug>/est/rapportera/", est.report, name="est_report"),
    path(
        "est/observationer/<int:pk>/",
        est.observation_edit,
        name="est_observation_edit",
    ),
    path("kommuner/<slug:slug>/est/", est.grid, name="est_grid"),
    path(
        "kommuner/<slug:slug>/est/sammanstallning/",
        est.summary,
        name="est_summary",
    ),
    path(
        "kommuner/<slug:slug>/est/organisationer/",
        est.organisations,
        name="est_organisations",
    ),
    path(
        "est/organisationer/<int:pk>/",
        est.organisation_edit,
        name="est_organisation_edit",
    ),
    # Surveys
    path("kommuner/<slug:slug>/enkater/", surveys.surveys, name="surveys"),
    path("kommuner/<slug:slug>/enkater/ny/", surveys.survey_create, name="survey_create"),
    path("enkater/<int:pk>/", surveys.survey_edit, name="survey_edit"),
    path("enkater/<int:pk>/publicera/", surveys.survey_publish, name="survey_publish"),
    path("enkater/<int:pk>/stang/", surveys.survey_close, name="survey_close"),
    path("enkater/<int:pk>/kopiera/", surveys.survey_copy, name="survey_copy"),
    path("enkater/<int:pk>/historik/", surveys.survey_history, name="survey_history"),
    path(
        "enkater/<int:pk>/resultat/",
        surveys.survey_results_page,
        name="survey_results",
    ),
    path(
        "enkater/<int:pk>/resultat/<int:question_pk>/fritext/",
        surveys.survey_free_text,
        name="survey_free_text",
    ),
    path("enkater/<int:pk>/resultat.csv", surveys.survey_csv, name="survey_csv"),
    path("enkater/<int:pk>/lagesbild/", surveys.survey_attach, name="survey_attach"),
    path("enkater/<int:pk>/iakttagelse/", surveys.survey_finding, name="survey_finding"),
]
