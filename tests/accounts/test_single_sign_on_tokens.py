"""An ID token is accepted only if the test provider signed it for this application, it names
that provider as its issuer and it has not expired; tokens are made with the provider's own key
(the one its JWKS publishes) or come from its token endpoint."""

import datetime
import time

import jwt
import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation
from jwcrypto.jwk import JWK

from config.accounts.oidc import SignOnBackend, get_provider
from tests.accounts import sso as flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(sso) -> SignOnBackend:
    backend = SignOnBackend()
    backend.configure(get_provider("testkommun"))
    return backend


def id_token(provider, *, key_pem: bytes | None = None, **claims) -> str:
    """An ID token signed with the provider's key (or KEY_PEM), under the kid of its JWKS."""
    now = int(time.time())
    payload = {
        "iss": provider.issuer,
        "aud": "medborgarloften",
        "sub": provider.subjects["anna-k"],
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        **claims,
    }
    kid = JWK.from_pem(provider.private_key_pem).thumbprint()
    return jwt.encode(
        payload, key_pem or provider.private_key_pem, algorithm="RS256", headers={"kid": kid}
    )


def test_a_token_signed_by_the_provider_for_this_application_is_accepted(backend, sso):
    payload = backend.verify_token(id_token(sso), nonce="n-1")

    assert payload["sub"] == sso.subjects["anna-k"]


def test_a_token_for_another_audience_is_refused(backend, sso):
    with pytest.raises(SuspiciousOperation, match=r"(?i)audience"):
        backend.verify_token(id_token(sso, aud="another-application"), nonce="n-1")


def test_a_token_from_another_issuer_is_refused(backend, sso):
    with pytest.raises(SuspiciousOperation, match=r"(?i)issuer"):
        backend.verify_token(id_token(sso, iss="https://login.example.net/o"), nonce="n-1")


def test_an_expired_token_is_refused(backend, sso):
    expired = id_token(sso, iat=int(time.time()) - 900, exp=int(time.time()) - 600)

    with pytest.raises(SuspiciousOperation, match=r"(?i)expired"):
        backend.verify_token(expired, nonce="n-1")


def test_a_token_without_an_expiry_is_refused(backend, sso):
    token = id_token(sso)
    payload = jwt.decode(token, options={"verify_signature": False})
    del payload["exp"]
    kid = jwt.get_unverified_header(token)["kid"]
    unlimited = jwt.encode(payload, sso.private_key_pem, algorithm="RS256", headers={"kid": kid})

    with pytest.raises(SuspiciousOperation, match="exp"):
        backend.verify_token(unlimited, nonce="n-1")


def test_a_token_signed_with_another_key_is_refused(backend, sso):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )

    with pytest.raises(SuspiciousOperation):
        backend.verify_token(id_token(sso, key_pem=other), nonce="n-1")


def test_a_token_for_another_sign_in_is_refused_by_its_nonce(backend, sso):
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        backend.verify_token(id_token(sso), nonce="another-nonce")


def test_an_id_token_that_expired_before_the_callback_is_refused(client, world, sso, caplog):
    callback = flow.consent(flow.start(client), "anna-k")

    # The provider makes ID tokens that last five minutes; the callback comes ten minutes
    # later by the application's clock (the code itself is still fresh at the provider).
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=True):
        response = client.get(callback)

    assert response.status_code == 400
    assert "Inloggningen fungerade inte" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert "expired" in caplog.text


def test_a_code_issued_to_another_application_is_refused(client, world, sso):
    authorize = flow.start(client).replace(
        "client_id=medborgarloften", "client_id=another-application"
    )
    callback = flow.consent(authorize, "anna-k")

    response = client.get(callback)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session
