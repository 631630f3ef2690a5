"""config.lib.text: the public pages' fast line-break filter writes what Django's does."""

import pytest
from django.template.defaultfilters import linebreaksbr as djangos_linebreaksbr
from django.utils.safestring import SafeString

from config.lib.text import linebreaksbr


@pytest.mark.parametrize(
    "text",
    [
        "",
        "En rad",
        "Två\nrader",
        "Windows\r\nrader\r\noch\rgammal Mac",
        "<script>alert('x')</script> & \"citat\"",
        "Tomma\n\n\nrader\n",
        "Redan &amp; kodad",
    ],
)
def test_the_html_is_djangos(text):
    written = linebreaksbr(text)

    assert written == djangos_linebreaksbr(text, autoescape=True)
    assert isinstance(written, SafeString)
