"""The privacy page says what an identity provider sends and what is kept of it, and what the
second factor stores."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_what_the_identity_provider_sends_and_what_is_kept(client):
    page = client.get(reverse("public:privacy")).content.decode()

    assert "identitetsleverantör" in page
    assert "en identifierare för personen som inte ändras" in page
    assert "vi sparar bara vilken leverantör det var, identifieraren" in page
    assert "Namnet och e-postadressen som leverantören skickar sparas inte" in page
    assert "Ett konto skapas aldrig genom inloggning." in page
    assert "appens hemliga nyckel och tio återställningskoder" in page
