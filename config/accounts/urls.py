"""The addresses under /konto/: logging in and out, the password, the second factor and single
sign-on."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from config.accounts import oidc, second_factor, views

app_name = "accounts"

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("tvastegsverifiering/", second_factor.verify, name="second_factor"),
    path("tvastegsverifiering/ny/", second_factor.setup, name="second_factor_setup"),
    path("sso/tillbaka/", oidc.SignOnCallback.as_view(), name="sso_callback"),
    path("sso/<slug:provider>/", oidc.SignOnStart.as_view(), name="sso_start"),
    # POST only, as Django's LogoutView requires: a link could log someone out from another site.
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logga-ut-overallt/", views.logout_everywhere, name="logout_everywhere"),
    path(
        "losenord/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "aterstall/",
        views.password_login_only(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "aterstall/skickat/",
        views.password_login_only(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        views.password_login_only(
            auth_views.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("accounts:password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        views.password_login_only(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
