"""`make serve` as production runs it (check --deploy, migrate, collectstatic, gunicorn), with
this test in front of it as the reverse proxy the README requires: pages and the streamed CSV
files go out compressed, a repeat with the validator gets 304 without the body, and an
unknown address is the Swedish 404 in the site's layout."""

import gzip
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "a-production-secret-key-that-is-long-and-random-enough-0123456789"
# What the proxy sends on: the original scheme (SECURE_PROXY_SSL_HEADER) and host.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
LEFT_OUT = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if (ROOT / ".env").exists():
        pytest.skip("make serve reads .env, which would override this test's settings")
    root = tmp_path_factory.mktemp("serve")
    port = free_port()
    environment = {
        **{key: value for key, value in os.environ.items() if key not in LEFT_OUT},
        "PRODUCTION": "1",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
        "STATIC_ROOT": str(root / "static"),
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "WEB_CONCURRENCY": "1",
        "REDIS_URL": "",
    }
    log = (root / "serve.log").open("w")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"make serve stopped:\n{(root / 'serve.log').read_text()}")
            try:
                if request(port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"make serve did not answer:\n{(root / 'serve.log').read_text()}")
            time.sleep(0.5)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


class Answer:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def text(self) -> str:
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.body).decode()
        return self.body.decode()


def request(port: int, path: str, **headers: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={**PROXY_HEADERS, **headers})
        return Answer(connection.getresponse())
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path, content_type, expected",
    [
        ("/kommuner/", "text/html", "Alla kommuner"),
        ("/api/v1/kommuner.csv", "text/csv", "0764"),
        ("/api/v1/kommuner/", "application/json", '"code": "0764"'),
    ],
)
def test_a_page_and_a_csv_file_come_back_compressed_and_a_repeat_gets_304(
    server, path, content_type, expected
):
    first = request(server, path, **{"Accept-Encoding": "gzip"})

    assert first.status == 200
    assert first.headers["Content-Type"].startswith(content_type)
    assert first.headers["Content-Encoding"] == "gzip"
    assert expected in first.text()
    # A browser sends back the validator and the cookies it was given (a page's forms carry
    # the reader's CSRF token, so its validator is the reader's too).
    cookies = "; ".join(c.split(";")[0] for c in first.headers.get_all("Set-Cookie") or [])
    repeat = {"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    again = request(server, path, **repeat, **({"Cookie": cookies} if cookies else {}))
    assert again.status == 304
    assert again.body == b""


def test_an_unknown_address_is_the_swedish_404_in_the_layout(server):
    answer = request(server, "/kommuner/finns-inte/")

    assert answer.status == 404
    page = answer.text()
    assert '<html lang="sv"' in page
    assert "Vi hittar inte sidan" in page
    assert 'class="site-name"' in page  # the site's header, not Django's bare page
    assert '<a href="/">Gå till startsidan</a>' in page
