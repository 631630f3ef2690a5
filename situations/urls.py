from django.urls import path

from situations.views import est, public, survey_public, surveys, workspace

app_name = "situations"

urlpatterns = [
    path("kommuner/<slug:slug>/tips/", public.tip, name="tip"),
    path("synpunkt/", public.page_feedback, name="page_feedback"),
    path(
        "kommuner/<slug:slug>/enkater/<int:pk>/",
        survey_public.survey_answer,
        name="survey_answer",
    ),
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
    # Surveys
    path("arbetsyta/kommuner/<slug:slug>/enkater/", surveys.surveys, name="surveys"),
    path(
        "arbetsyta/kommuner/<slug:slug>/enkater/ny/", surveys.survey_create, name="survey_create"
    ),
    path("arbetsyta/enkater/<int:pk>/", surveys.survey_edit, name="survey_edit"),
    path("arbetsyta/enkater/<int:pk>/publicera/", surveys.survey_publish, name="survey_publish"),
    path("arbetsyta/enkater/<int:pk>/stang/", surveys.survey_close, name="survey_close"),
    path("arbetsyta/enkater/<int:pk>/kopiera/", surveys.survey_copy, name="survey_copy"),
    path("arbetsyta/enkater/<int:pk>/historik/", surveys.survey_history, name="survey_history"),
    path(
        "arbetsyta/enkater/<int:pk>/resultat/",
        surveys.survey_results_page,
        name="survey_results",
    ),
    path(
        "arbetsyta/enkater/<int:pk>/resultat/<int:question_pk>/fritext/",
        surveys.survey_free_text,
        name="survey_free_text",
    ),
    path("arbetsyta/enkater/<int:pk>/resultat.csv", surveys.survey_csv, name="survey_csv"),
    path("arbetsyta/enkater/<int:pk>/lagesbild/", surveys.survey_attach, name="survey_attach"),
    path("arbetsyta/enkater/<int:pk>/iakttagelse/", surveys.survey_finding, name="survey_finding"),
]
