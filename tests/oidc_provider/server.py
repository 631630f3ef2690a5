"""The test OpenID Connect provider as a pytest fixture's helper: a real server on 127.0.0.1 on
a free port, in a subprocess with its own SQLite file and an RSA key made for the run."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "medborgarloften"
OTHER_CLIENT_ID = "another-application"


@dataclass
class LocalProvider:
    url: str
    private_key_pem: bytes
    client_secret: str
    subjects: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def settings(self, *, name: str = "Testkommunens inloggning", **extra) -> dict:
        """The entry of settings.OIDC_PROVIDERS for this provider."""
        return {
            "name": name,
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": self.client_secret,
            "scopes": "openid email profile",
            "trust_email": False,
            **extra,
        }

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path, users: list[dict]) -> LocalProvider:
    """Start the provider with USERS (username, password, email, email_verified) in FOLDER."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_file = folder / "provider-key.pem"
    key_file.write_bytes(pem)
    port = free_port()
    secret = secrets.token_urlsafe(24)
    setup = {
        "users": users,
        "clients": [
            {"name": "Medborgarlöften", "client_id": CLIENT_ID, "client_secret": secret},
            {
                "name": "Another application",
                "client_id": OTHER_CLIENT_ID,
                "client_secret": secrets.token_urlsafe(24),
            },
        ],
    }
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    environment.update(
        OIDC_TEST_PORT=str(port),
        OIDC_TEST_DB=str(folder / "provider.sqlite3"),
        OIDC_TEST_KEY_FILE=str(key_file),
        OIDC_TEST_SECRET_KEY=secrets.token_urlsafe(40),
        OIDC_TEST_SETUP=json.dumps(setup),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=10)
        raise RuntimeError(
            f"The test OpenID Connect provider did not start ({process.returncode})."
        )
    return LocalProvider(
        url=f"http://127.0.0.1:{port}",
        private_key_pem=pem,
        client_secret=secret,
        subjects=json.loads(line)["subjects"],
        process=process,
    )
