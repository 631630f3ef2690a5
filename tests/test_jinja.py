"""The Jinja2 environment of the public charter body (config/lib/jinja.py): Django's behaviour
where the template relies on it."""

import datetime

import pytest
from django.template import engines
from django.utils import translation
from jinja2 import UndefinedError

ENV = engines["jinja2"].env  # type: ignore[attr-defined]


def render(source: str, **context) -> str:
    with translation.override("sv"):
        return ENV.from_string(source).render(**context)


def test_a_time_is_written_in_the_sites_time_zone_and_the_readers_language():
    late = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Stockholm

    written = render('{{ when|date("j F Y H:i") }} {{ when|iso_datetime }}', when=late)

    assert written == "1 februari 2026 00:30 2026-02-01T00:30:00+01:00"


def test_text_is_escaped_once_and_the_line_break_filters_keep_it_so():
    written = render("{{ text }}|{{ text|linebreaksbr }}|{{ text|capfirst }}", text="<b>\nå")

    assert written == "&lt;b&gt;\nå|&lt;b&gt;<br>å|&lt;b&gt;\nå"


def test_gettext_and_url_are_djangos():
    written = render('{{ _("In short") }} {{ url("public:municipality", slug="ale") }}')

    assert written == "I korthet /kommuner/ale/"


def test_a_name_the_context_lacks_is_an_error_not_an_empty_string():
    with pytest.raises(UndefinedError):
        render("{{ page.title }}")


def test_a_day_is_written_in_each_readers_language_though_written_once_per_language():
    day = datetime.date(2026, 3, 14)
    source = '{{ day|date("j F Y") }}'

    with translation.override("en"):
        english = ENV.from_string(source).render(day=day)
    swedish = render(source, day=day)

    assert (swedish, english) == ("14 mars 2026", "14 March 2026")


def test_a_dictionarys_key_comes_before_its_attribute_as_in_djangos_templates():
    row = {"title": "Trygghetsvandring", "items": "tre platser"}

    written = render("{{ row.title }}, {{ row.items }}, {{ row.missing is defined }}", row=row)

    assert written == "Trygghetsvandring, tre platser, False"


def test_an_objects_attribute_is_found_as_before():
    written = render("{{ day.year }}", day=datetime.date(2026, 3, 14))

    assert written == "2026"
