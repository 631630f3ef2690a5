from django.urls import path

from promises.views import agreements, indicators, promises, steps, walks, workspace

app_name = "promises"

urlpatterns = [
    path(
        "kommuner/<slug:slug>/medborgarloften/nytt/",
        workspace.charter_create,
        name="charter_create",
    ),
    path("medborgarloften/<int:pk>/", workspace.charter, name="charter"),
    path("medborgarloften/<int:pk>/andra/", workspace.charter_edit, name="charter_edit"),
    path(
        "medborgarloften/<int:pk>/loften/",
        promises.promises_edit,
        name="promises_edit",
    ),
    path(
        "medborgarloften/<int:pk>/loften/nytt/",
        promises.promise_create,
        name="promise_create",
    ),
    path("loften/<int:pk>/", promises.promise_edit, name="promise_edit"),
    path(
        "medborgarloften/<int:pk>/skicka/",
        steps.charter_submit,
        name="charter_submit",
    ),
    path(
        "medborgarloften/<int:pk>/tillbaka/",
        steps.charter_send_back,
        name="charter_send_back",
    ),
    path(
        "medborgarloften/<int:pk>/godkann/",
        steps.charter_approve,
        name="charter_approve",
    ),
    path(
        "medborgarloften/<int:pk>/aterkalla/",
        steps.charter_withdraw,
        name="charter_withdraw",
    ),
    path(
        "medborgarloften/<int:pk>/avsluta/",
        steps.charter_close,
        name="charter_close",
    ),
    path(
        "medborgarloften/<int:pk>/fornya/",
        steps.charter_renew,
        name="charter_renew",
    ),
    path(
        "medborgarloften/<int:pk>/historik/",
        workspace.charter_history,
        name="charter_history",
    ),
    path(
        "medborgarloften/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        workspace.charter_restore,
        name="charter_restore",
    ),
    # Collaboration agreements
    path("overenskommelser/", agreements.agreements, name="agreements"),
    path("overenskommelser/ny/", agreements.agreement_create, name="agreement_create"),
    path("overenskommelser/<int:pk>/", agreements.agreement, name="agreement"),
    path("overenskommelser/<int:pk>/andra/", agreements.agreement_edit, name="agreement_edit"),
    path(
        "overenskommelser/<int:pk>/medborgarloften/",
        agreements.agreement_charters,
        name="agreement_charters",
    ),
    path(
        "overenskommelser/<int:pk>/historik/",
        agreements.agreement_history,
        name="agreement_history",
    ),
    # Indicators
    path(
        "medborgarloften/<int:pk>/indikatorer/",
        indicators.indicators,
        name="indicators",
    ),
    path(
        "loften/<int:pk>/indikatorer/ny/",
        indicators.indicator_create,
        name="indicator_create",
    ),
    path("indikatorer/<int:pk>/", indicators.indicator_edit, name="indicator_edit"),
    path(
        "indikatorer/<int:pk>/ta-bort/",
        indicators.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "indikatorer/<int:pk>/historik/",
        indicators.indicator_history,
        name="indicator_history",
    ),
    path(
        "indikatorer/<int:pk>/historik/<str:model>/<int:history_id>/aterstall/",
        indicators.indicator_restore,
        name="indicator_restore",
    ),
    path(
        "aktiviteter/<int:pk>/trygghetsvandring/",
        walks.safety_walk,
        name="safety_walk",
    ),
    path(
        "aktiviteter/<int:pk>/trygghetsvandring/historik/",
        walks.safety_walk_history,
        name="safety_walk_history",
    ),
    path(
        "aktiviteter/<int:pk>/trygghetsvandring/historik/<str:model>/<int:history_id>/aterstall/",
        walks.safety_walk_restore,
        name="safety_walk_restore",
    ),
]
