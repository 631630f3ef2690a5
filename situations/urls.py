from django.urls import path

from situations.views import public

app_name = "situations"

urlpatterns = [
    path("kommuner/<slug:slug>/tips/", public.tip, name="tip"),
    path("synpunkt/", public.page_feedback, name="page_feedback"),
]
