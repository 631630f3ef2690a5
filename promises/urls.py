from django.urls import path

from promises.views import indicators, public, walks, workspace

app_name = "promises"

urlpatterns = [
    path("", public.home, name="home"),
    path("kommuner/", public.overview, name="overview"),
    path("kommuner/<slug:slug>/arkiv/", public.archive, name="archive"),
    # Workspace (login required)
    path(
        "arbetsyta/kommuner/<slug:slug>/medborgarloften/nytt/",
        workspace.charter_create,
        name="charter_create",
    ),
    path("arbetsyta/medborgarloften/<int:pk>/", workspace.charter, name="charter"),
    path("arbetsyta/medborgarloften/<int:pk>/andra/", workspace.charter_edit, name="charter_edit"),
    path(
        "arbetsyta/medborgarloften/<int:pk>/loften/",
        workspace.promises_edit,
        name="promises_edit",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/skicka/",
        workspace.charter_submit,
        name="charter_submit",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/tillbaka/",
        workspace.charter_send_back,
        name="charter_send_back",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/godkann/",
        workspace.charter_approve,
        name="charter_approve",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/aterkalla/",
        workspace.charter_withdraw,
        name="charter_withdraw",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/avsluta/",
        workspace.charter_close,
        name="charter_close",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/historik/",
        workspace.charter_history,
        name="charter_history",
    ),
    path(
        "arbetsyta/medborgarloften/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.charter_restore,
        name="charter_restore",
    ),
    # Workspace: indicators
    path(
        "arbetsyta/medborgarloften/<int:pk>/indikatorer/",
        indicators.indicators,
        name="indicators",
    ),
    path(
        "arbetsyta/loften/<int:pk>/indikatorer/ny/",
        indicators.indicator_create,
        name="indicator_create",
    ),
    path("arbetsyta/indikatorer/<int:pk>/", indicators.indicator_edit, name="indicator_edit"),
    path(
        "arbetsyta/indikatorer/<int:pk>/ta-bort/",
        indicators.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "arbetsyta/indikatorer/<int:pk>/historik/",
        indicators.indicator_history,
        name="indicator_history",
    ),
    path(
        "arbetsyta/indikatorer/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        indicators.indicator_restore,
        name="indicator_restore",
    ),
    path(
        "arbetsyta/aktiviteter/<int:pk>/trygghetsvandring/",
        walks.safety_walk,
        name="safety_walk",
    ),
    path(
        "arbetsyta/aktiviteter/<int:pk>/trygghetsvandring/historik/",
        walks.safety_walk_history,
        name="safety_walk_history",
    ),
    path(
        "arbetsyta/aktiviteter/<int:pk>/trygghetsvandring/historik/<str:model>/<int:history_id>/"
        "aterstall/",
        walks.safety_walk_restore,
        name="safety_walk_restore",
    ),
]
