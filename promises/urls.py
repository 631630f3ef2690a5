from django.urls import path

from promises.views import public

app_name = "promises"

urlpatterns = [
    path("", public.home, name="home"),
    path("kommuner/", public.overview, name="overview"),
    path("kommuner/<slug:slug>/arkiv/", public.archive, name="archive"),
    # Workspace (login required)
]
