"""The Nu HTML checker in the browser tests' audit catches what it is there for, on the HTML the
server sent, and names the page, the message and where."""

import pytest

from tests.e2e import htmlcheck

PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head>
<body><main><h1>Prov</h1><h3>Hoppar</h3>
<p>Senast uppdaterad <time datetime="2026-12-07T14:22:13.996780+01:00">7 december</time></p>
<input id="id_ar"><input id="id_ar"></span>
</main></body></html>
"""


@pytest.fixture
def served(page):
    """A page as a server sends it: a stray end tag only the source shows."""
    page.route(
        "http://nu.test/prov/",
        lambda route: route.fulfill(body=PAGE, content_type="text/html; charset=utf-8"),
    )
    page.goto("http://nu.test/prov/")
    return page


def test_an_error_fails_the_audit_naming_the_page_the_message_and_the_line(
    served, html_audit, monkeypatch
):
    if html_audit.checker is None:
        pytest.skip(htmlcheck.unavailable_reason)
    # The errors made on purpose here stay out of the session's count.
    monkeypatch.setattr(htmlcheck, "totals", dict(htmlcheck.totals))
    monkeypatch.setattr(htmlcheck, "warnings_seen", [])
    html_audit.check(served, "provsidan")

    with pytest.raises(AssertionError) as failure:
        html_audit.assert_clean()

    report = str(failure.value)
    assert "provsidan (http://nu.test/prov/): 4 Nu HTML checker error(s)" in report
    assert "A fraction of a second must be one, two, or three digits" in report
    assert "Duplicate ID “id_ar”" in report
    assert "The heading “h3” (with computed level 3) follows the heading “h1”" in report
    # The DOM that page.content() gives has no stray end tag: this is the server's HTML.
    assert "line 5: Stray end tag “span”" in report
    assert '<time datetime="2026-12-07T14:22:13.996780+01:00">' in report


def test_a_clean_page_passes(page, html_audit):
    if html_audit.checker is None:
        pytest.skip(htmlcheck.unavailable_reason)
    page.set_content(
        '<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head>'
        '<body><main><h1>Prov</h1><p><time datetime="2026-12-07T14:22:13+01:00">7 december'
        "</time></p></main></body></html>"
    )
    html_audit.check(page, "ren sida")

    html_audit.assert_clean()
