from django.urls import path

from situations import views

app_name = "situations"

urlpatterns = [
    path("kommuner/<slug:slug>/tips/", views.tip, name="tip"),
    path("synpunkt/", views.page_feedback, name="page_feedback"),
]
