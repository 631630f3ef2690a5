"""{% rendered_once %}: a partial that depends only on the language, rendered once per process
and language, in each reader's language and with nothing of the page in it."""

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template('{% load rendered_once %}{% rendered_once "public/_tip_police_note.html" %}')


def render(language: str, **context) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context(context))


def test_the_partial_is_in_each_readers_language():
    swedish, english, swedish_again = render("sv"), render("en"), render("sv")

    assert "Ett tips är inte en polisanmälan." in swedish
    assert "A tip is not a police report." in english
    assert swedish_again == swedish


def test_the_partial_never_sees_the_pages_context(tmp_path, settings):
    partial = tmp_path / "partial.html"
    partial.write_text("[{{ secret }}]")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}, *settings.TEMPLATES[1:]]
    page = Template('{% load rendered_once %}{% rendered_once "partial.html" %}')

    with translation.override("sv"):
        written = page.render(Context({"secret": "en läsares adress"}))

    assert written == "[]"
