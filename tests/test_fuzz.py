"""Hostile input to every form and every filter: never a 500; accepted text is kept exactly and
shown escaped.

The forms are found, not listed: every page of the URL configuration is fetched (workspace pages
as the superuser, with the objects of tests/test_workspace_permissions.py; public pages as a
resident), and every form on it is posted back with hypothesis replacing, dropping or adding
fields: very long strings, control characters and NUL, HTML and script, SQL fragments, invalid
dates and numbers, unknown ids, broken formset management data. Forms that fetch with GET (the
filters) get random query strings, and so do the open data API's endpoints. A page or form added
later is fuzzed without a change here. The workspace's pages are fuzzed by
tests/test_fuzz_workspace.py, one test per page.

Each example runs in a transaction that is rolled back, so every example starts from the same
rows, and the examples are not stored (database=None), so a run leaves no files behind.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.html import escape
from django.utils.timezone import now
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from config.lib import editing
from followups.opendata.views import FILTER_DOCS
from promises.models import Charter, Promise
from situations.models import Question, Survey, Tip
from tests.followups.factories import FollowUpRoundFactory
from tests.helpers import FormParser, form_data
from tests.situations.factories import ChoiceFactory, QuestionFactory, SurveyFactory
from tests.workspace_matrix import RULES

pytestmark = pytest.mark.django_db

# Enough for the suite to stay within a minute; FUZZ_EXAMPLES=200 searches harder.
EXAMPLES_PER_PAGE = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_PAGE,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

NASTY = [
    "",
    " ",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE situations_tip; --",
    "1' OR '1'='1",
    "1; SELECT pg_sleep(0)",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f\x9f",
    "\u202egnp.exe\u200b\ufeff",
    "𝕬 🚓 ℌ",
    "{{ request }}{% debug %}",
    "%(name)s %s %d",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "99999999999999999999999999",
    "9223372036854775808",
    "2026-02-30",
    "0000-00-00",
    "2026-13-01",
    "31/12/2026",
    "9999-12-31",
    "-0001-01-01",
    "12:61",
    "on",
    "null",
    "[]",
    "../../../etc/passwd",
    "//evil.example/",
    "javascript:alert(1)",
]
# Long values are built by repetition: drawing 20,000 random characters is slow.
LONG = st.builds(
    lambda chunk, times: chunk * times,
    st.sampled_from(["x", "å", "<b>", "9", "\x00", "\n", "' OR 1=1 -- "]),
    st.integers(min_value=300, max_value=20_000),
)
# PostgreSQL refuses NUL in text, so it gets a strategy of its own.
WITH_NUL = st.builds("{}\x00{}".format, st.text(max_size=10), st.text(max_size=10))
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=200),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    LONG,
    WITH_NUL,
)
# Parameters of the filters and lists, besides those a page's own GET forms name.
QUERY_NAMES = [*FILTER_DOCS, "q", "sida", "order", "next", "tack", "visa", "format", "o"]
# Ids that name nothing, or that no integer column can hold.
UNKNOWN_IDS = [0, 999_999, 2**31, 2**63]


class _ActionFormParser(FormParser):
    """tests.helpers' FormParser, also noting each form's method and action."""

    def __init__(self):
        super().__init__()
        self.targets: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            found = dict(attrs)
            self.targets.append(((found.get("method") or "get").lower(), found.get("action")))
        super().handle_starttag(tag, attrs)


def forms_on(response, page_url: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(method, path with query, fields) of each form of the page that stays on this site."""
    parser = _ActionFormParser()
    parser.feed(response.getvalue().decode())
    found = []
    for (method, action), fields in zip(parser.targets, parser.forms, strict=True):
        target = urlsplit(urljoin(page_url, action if action is not None else page_url))
        if target.netloc and target.netloc != "testserver":
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        if resolve(target.path).view_name in ("accounts:logout", "admin:logout"):
            continue  # it would end the session that the next example needs
        found.append((method, path, fields))
    return found


def hostile_fields(data, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """FIELDS with some values replaced by hostile ones, some dropped, some added."""
    result = []
    # The version token is mostly left alone: a tampered one is refused as a conflict (409)
    # before the fields are read, so the fields would rarely be fuzzed.
    tamper_version = data.draw(st.integers(0, 9), label="tamper version") == 0
    for name, value in fields:
        if name == "csrfmiddlewaretoken" or (name == editing.FIELD and not tamper_version):
            result.append((name, value))
            continue
        action = data.draw(st.sampled_from(["keep", "keep", "hostile", "drop"]), label=name)
        if action == "keep":
            result.append((name, value))
        elif action == "hostile":
            result.append((name, data.draw(HOSTILE, label=name)))
    names = sorted({name for name, _value in fields}) or ["x"]
    extra = st.tuples(st.one_of(st.sampled_from(names), st.text(max_size=30)), HOSTILE)
    result.extend(data.draw(st.lists(extra, max_size=3), label="extra fields"))
    return result


def hostile_query(data, names: list[str]) -> str:
    pairs = data.draw(
        st.lists(
            st.tuples(st.one_of(st.sampled_from(names), st.text(max_size=20)), HOSTILE),
            max_size=4,
        ),
        label="query",
    )
    return urlencode(pairs)


def fuzz_page(client, url: str, log_in=None) -> None:
    """Post hostile versions of every form on URL, and get it with hostile queries."""
    if log_in:
        log_in()
    page = client.get(url)
    assert page.status_code < 500, url
    html = page.status_code == 200 and page["Content-Type"].startswith("text/html")
    forms = forms_on(page, url) if html else []  # not in a CSV file or a workbook
    get_names = sorted(
        {
            *QUERY_NAMES,
            *(name for method, _path, fields in forms if method == "get" for name, _ in fields),
        }
    )

    @FUZZ
    @given(data=st.data())
    def hostile_requests(data):
        cache.clear()  # the rate limits count in the cache
        if log_in:
            log_in()
        choice = data.draw(st.integers(min_value=0, max_value=len(forms)), label="form")
        with transaction.atomic():
            if choice == len(forms) or forms[choice][0] == "get":
                if choice < len(forms):  # a filter form: mostly its own parameters
                    path = forms[choice][1].split("?")[0]
                    names = sorted({name for name, _value in forms[choice][2]}) or get_names
                else:
                    path, names = url, get_names
                target = f"{path}?{hostile_query(data, names)}"
                response = client.get(target)
            else:
                _method, target, fields = forms[choice]
                payload: dict[str, list[str]] = {}
                for name, value in hostile_fields(data, fields):
                    payload.setdefault(name, []).append(value)
                response = client.post(target, payload)
            transaction.set_rollback(True)
        assert response.status_code < 500, (target, response.status_code)

    hostile_requests()


def url_patterns(prefix_filter) -> list[tuple[str, list[str]]]:
    """(name, its kwargs) of every URL pattern whose route PREFIX_FILTER accepts."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and prefix_filter(route):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "", "")
    return sorted(found)


def public_url_names() -> list[tuple[str, list[str]]]:
    return url_patterns(lambda route: not route.startswith(("arbetsyta/", "admin/")))


def public_kwargs(world, workspace_objects, kwargs: list[str]) -> dict:
    values = {
        "slug": world.municipality.slug,
        "pk": workspace_objects.published["pk"],
        "round_pk": workspace_objects.round["round_pk"],
        "dataset": "medborgarloften",
        "uidb64": "MQ",
        "token": "abc-def",
        "year": workspace_objects.council["year"],
        "section": "kommuner",  # a section of the sitemap
        "provider": "kommunen",  # a single sign-on provider (none is configured: 404)
    }
    return {name: values[name] for name in kwargs}


# --- Never a 500 ------------------------------------------------------------------------------


def open_survey(municipality) -> Survey:
    """An open survey with a question of every kind, for the public answer form."""
    survey = SurveyFactory(municipality=municipality)
    for kind in Question.Kind:
        question = QuestionFactory(survey=survey, kind=kind)
        if kind.has_choices:
            ChoiceFactory.create_batch(3, question=question)
    return survey


def test_no_public_form_or_filter_answers_500_to_hostile_input(client, world, workspace_objects):
    # Public pages whose id is not the published charter's.
    ids = {"public:survey_answer": open_survey(world.municipality).pk}
    report = FollowUpRoundFactory(charter_id=workspace_objects.published["pk"], published_at=now())
    for name, kwargs in public_url_names():
        values = public_kwargs(world, workspace_objects, kwargs)
        if name in ids:
            values["pk"] = ids[name]
        if "round_pk" in values:
            values["round_pk"] = report.pk
        url = reverse(name, kwargs=values)
        if client.get(url).status_code == 302 and "logga-in" in client.get(url)["Location"]:
            # A page of one's own account: fuzzed as someone logged in.
            fuzz_page(client, url, log_in=lambda: client.force_login(world.superuser))
            client.logout()
        else:
            fuzz_page(client, url)


def test_unknown_ids_in_addresses_answer_404_never_500(client, world, workspace_objects):
    client.force_login(world.superuser)
    patterns = dict(url_patterns(lambda route: not route.startswith("admin/")))
    for name, kwargs in patterns.items():
        ids = [kwarg for kwarg in kwargs if kwarg == "pk" or kwarg.endswith(("_pk", "_id"))]
        if not ids:
            continue
        known = getattr(workspace_objects, RULES[name].kwargs) if name in RULES else {}
        for unknown in UNKNOWN_IDS:
            values = public_kwargs(world, workspace_objects, [k for k in kwargs if k not in known])
            values.update(known)
            values.update(dict.fromkeys(ids, unknown))
            url = reverse(name, kwargs=values)
            for response in (client.get(url), client.post(url, {})):
                assert response.status_code in (404, 405), (url, response.status_code)


# --- Accepted text is kept exactly and shown escaped ------------------------------------------

# What a person can type on a line: any character but NUL (refused, see below) and the surrogates
# that UTF-8 cannot carry. Django's CharField strips the ends, so they are not spaces; line
# breaks are left out as the pages show them as <br>.
TYPED = (
    st.text(
        alphabet=st.characters(exclude_characters="\x00\r\n", exclude_categories=("Cs",)),
        min_size=1,
        max_size=300,
    )
    .map(str.strip)
    .filter(bool)
)
SCRIPT = "<script>alert('x')</script>"


def assert_shown_escaped(html: str, text: str) -> None:
    assert SCRIPT not in html
    assert escape(text) in html


@FUZZ
@given(text=st.one_of(TYPED, TYPED.map(lambda typed: f"{typed}{SCRIPT}")))
def test_a_tip_is_stored_exactly_as_typed_and_shown_escaped(client, world, text):
    cache.clear()
    url = reverse("public:tip", kwargs={"slug": world.municipality.slug})
    with transaction.atomic():
        data = form_data(client.get(url))
        data["message"] = text
        response = client.post(url, data)
        tip = Tip.objects.filter(municipality=world.municipality).first()
        assert response.status_code == 302, response.content.decode()[:2000]
        assert tip.message == text
        client.force_login(world.coordinator)
        inbox = client.get(reverse("situations:tips", kwargs={"slug": world.municipality.slug}))
        client.logout()
        transaction.set_rollback(True)
    assert_shown_escaped(inbox.content.decode(), text)


@FUZZ
@given(text=st.one_of(TYPED, TYPED.map(lambda typed: f"{SCRIPT}{typed}")))
def test_a_charter_title_and_a_promise_text_are_stored_exactly_and_shown_escaped(
    client, world, workspace_objects, text
):
    charter = Charter.objects.get(pk=workspace_objects.draft["pk"])
    client.force_login(world.coordinator)
    with transaction.atomic():
        edit = reverse("promises:charter_edit", kwargs={"pk": charter.pk})
        data = form_data(client.get(edit))
        data["title"] = text[:200]
        response = client.post(edit, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        charter.refresh_from_db()
        assert charter.title == text[:200].strip()

        promise = charter.promises.get()
        promises = reverse("promises:promise_edit", kwargs={"pk": promise.pk})
        data = form_data(client.get(promises))
        data["promise-text"] = text
        response = client.post(promises, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Promise.objects.get(charter=charter).text == text

        page = client.get(reverse("followups:charter_preview", kwargs={"pk": charter.pk}))
        transaction.set_rollback(True)
    html = page.content.decode()
    assert_shown_escaped(html, text)
    assert escape(text[:200].strip()) in html


@pytest.mark.parametrize("text", ["\x00", "Lampan\x00är trasig"])
def test_a_tip_with_a_nul_character_is_refused_next_to_the_field_and_kept_in_it(
    client, world, text
):
    url = reverse("public:tip", kwargs={"slug": world.municipality.slug})

    response = client.post(url, {"message": text, "name": "Åsa"})

    assert response.status_code == 200
    assert not Tip.objects.exists()
    assert re.search(r'id="tip-message_error|invalid-feedback', response.content.decode())
    assert 'value="Åsa"' in response.content.decode()
