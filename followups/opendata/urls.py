"""Open data: the JSON API, CSV downloads, Atom feeds and the iCal calendar, with their
documentation. Everything here is public, cached and readable from any origin."""

from django.urls import path

from followups.opendata import feeds, index, spreadsheet, views

app_name = "opendata"

urlpatterns = [
    path("oppna-data/", views.docs, name="api_docs"),
    path(
        "oppna-data/exempel-medborgarlofte.json",
        views.example_charter,
        name="example_charter",
    ),
    path("api/v1/", index.api_index, name="api_index"),
    path("api/v1/kommuner/", views.municipality_list, name="api_municipalities"),
    path("api/v1/kommuner/<slug:slug>/", views.municipality_detail, name="api_municipality"),
    path("api/v1/medborgarloften/", views.charter_list, name="api_charters"),
    path("api/v1/medborgarloften/<int:pk>/", views.charter_detail, name="api_charter"),
    path("api/v1/<str:dataset>.csv", views.csv_download, name="api_csv"),
    path("api/v1/<str:dataset>.xlsx", spreadsheet.xlsx_download, name="api_xlsx"),
    path("flode.atom", feeds.NationalFeed(), name="national_feed"),
    path("kommuner/<slug:slug>/flode.atom", feeds.MunicipalityFeed(), name="municipality_feed"),
    path("kommuner/<slug:slug>/aktiviteter.ics", feeds.activities_ical, name="activities_ical"),
]
