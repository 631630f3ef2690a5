from django.urls import path

from promises import views

app_name = "promises"

urlpatterns = [
    path("", views.home, name="home"),
    path("kommuner/", views.overview, name="overview"),
    path("kommuner/<slug:slug>/arkiv/", views.archive, name="archive"),
]
