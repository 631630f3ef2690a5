"""Single sign-on through a real OpenID Connect provider (tests/oidc_provider/, started for the
session): matching to an existing user, never creating one, and refusing what is not right."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse

from situations.models import ExternalIdentity, Membership
from tests.accounts import sso as flow

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("followups:dashboard")
LOGIN = reverse("accounts:login")


def sign_in(client: Client, username: str, **params):
    callback = flow.consent(flow.start(client, **params), username)
    return client.get(callback)


def test_the_login_page_has_a_button_per_provider(client, sso):
    page = client.get(LOGIN).content.decode()

    assert "Logga in med Testkommunens inloggning" in page
    assert f'href="{reverse("accounts:sso_start", args=["testkommun"])}"' in page
    assert "Användarnamn" in page


def test_the_start_sends_the_person_to_the_provider_with_state_nonce_and_pkce(client, sso):
    location = flow.start(client)
    params = flow.query(location)

    assert location.startswith(sso.issuer + "/authorize/")
    assert params["client_id"] == "medborgarloften"
    assert params["redirect_uri"] == "http://testserver/konto/sso/tillbaka/"
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    assert params["state"] and params["nonce"]


def test_an_unknown_provider_answers_404(client, sso):
    assert client.get(reverse("accounts:sso_start", args=["okand"])).status_code == 404


def test_a_person_with_a_verified_address_of_a_user_reaches_the_dashboard_and_is_linked(
    client, world, sso
):
    response = sign_in(client, "anna-k")

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert client.session[SESSION_KEY] == str(world.coordinator.pk)
    identity = ExternalIdentity.objects.get()
    assert (identity.provider, identity.subject) == ("testkommun", sso.subjects["anna-k"])
    assert identity.user == world.coordinator
    assert client.get(DASHBOARD).status_code == 200


def test_a_linked_subject_finds_its_user_after_the_address_changed(client, world, sso):
    ExternalIdentity.objects.create(
        provider="testkommun", subject=sso.subjects["stina-s"], user=world.viewer
    )

    sign_in(client, "stina-s")

    assert client.session[SESSION_KEY] == str(world.viewer.pk)


def test_the_next_address_is_kept_through_the_provider(client, world, sso):
    kommun = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})

    response = sign_in(client, "anna-k", next=kommun)

    assert response["Location"] == kommun


def test_an_unknown_identity_gets_a_swedish_page_saying_whom_to_ask_and_nothing_is_created(
    client, world, sso
):
    users_before = get_user_model().objects.count()
    memberships_before = Membership.objects.count()

    response = sign_in(client, "stina-s")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Inget konto för dig här ännu" in page
    assert "stranger@example.se" in page
    assert "samordnare" in page and "systemförvaltaren" in page
    assert SESSION_KEY not in client.session
    assert get_user_model().objects.count() == users_before
    assert Membership.objects.count() == memberships_before
    assert not ExternalIdentity.objects.exists()


def test_an_address_the_provider_has_not_verified_matches_no_one(client, world, sso):
    response = sign_in(client, "urban-u")  # police@example.se, unverified

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_a_provider_trusted_for_its_addresses_matches_without_the_verified_claim(
    client, world, sso, settings
):
    settings.OIDC_PROVIDERS = {"testkommun": sso.settings(trust_email=True)}

    sign_in(client, "urban-u")

    assert client.session[SESSION_KEY] == str(world.police.pk)


def test_an_inactive_user_cannot_sign_on_even_when_linked(client, world, sso):
    ExternalIdentity.objects.create(
        provider="testkommun", subject=sso.subjects["anna-k"], user=world.coordinator
    )
    get_user_model().objects.filter(pk=world.coordinator.pk).update(is_active=False)

    response = sign_in(client, "anna-k")

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_two_users_with_the_address_are_neither_chosen(client, world, sso):
    get_user_model().objects.filter(pk=world.viewer.pk).update(email="Coordinator@example.se")

    response = sign_in(client, "anna-k")

    assert response.status_code == 403
    assert SESSION_KEY not in client.session


def test_a_tampered_state_is_refused(client, world, sso):
    callback = flow.consent(flow.start(client), "anna-k")

    response = client.get(callback.replace("state=", "state=x"))

    assert response.status_code == 400
    assert "Inloggningen fungerade inte" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_state_used_once_cannot_be_used_again(client, world, sso):
    callback = flow.consent(flow.start(client), "anna-k")
    client.get(callback)
    client.post(reverse("accounts:logout"))

    response = client.get(callback)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_callback_in_another_browser_than_the_start_is_refused(client, world, sso):
    callback = flow.consent(flow.start(client), "anna-k")

    other = Client()
    response = other.get(callback)

    assert response.status_code == 400
    assert SESSION_KEY not in other.session


def test_a_person_who_declines_at_the_provider_is_not_signed_in(client, world, sso):
    callback = flow.consent(flow.start(client), "anna-k", allow=False)
    assert "error=access_denied" in callback

    response = client.get(callback)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_password_login_can_be_switched_off(client, world, sso, settings):
    settings.PASSWORD_LOGIN = False

    page = client.get(LOGIN).content.decode()
    refused = client.post(LOGIN, {"username": "coordinator", "password": "test-password-123"})

    assert "Logga in med Testkommunens inloggning" in page
    assert "Användarnamn" not in page
    assert "Glömt lösenordet?" not in page
    assert refused.status_code == 403
    assert SESSION_KEY not in client.session
    assert client.get(reverse("accounts:password_reset")).status_code == 404
    sign_in(client, "anna-k")
    assert client.session[SESSION_KEY] == str(world.coordinator.pk)


def test_the_admin_login_goes_to_the_login_page(client):
    response = client.get(reverse("admin:login") + "?next=/admin/auth/user/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/auth/user/"


def test_a_coordinator_signed_on_is_not_asked_for_a_second_factor(client, world, sso):
    # The provider asks for its own; the workspace asks only after a password.
    sign_in(client, "anna-k")

    assert client.get(DASHBOARD).status_code == 200


def test_the_login_and_sign_on_pages_are_in_english_for_who_chose_it(client, world, sso):
    client.cookies["django_language"] = "en"

    login = client.get(LOGIN).content.decode()
    unknown = sign_in(client, "stina-s").content.decode()

    assert "Log in with Testkommunens inloggning" in login
    assert "Or log in with a username and password" in login
    assert "No account for you here yet" in unknown
    assert "Ask your municipality's coordinator" in unknown
