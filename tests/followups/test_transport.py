"""What reaches a client through the reverse proxy: compressed responses, validators and 304,
the big CSV file streamed, and a public page cache keyed by what changes a page.

The client here acts as the proxy does in production (README): it forwards the client's
address and scheme, and asks for gzip as browsers do.
"""

import gzip

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from promises.models import Charter
from tests.helpers import WEDNESDAY_NOON, public_kommun_url

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

FORWARDED = {"x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https"}
PROXY = {**FORWARDED, "accept-encoding": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def csv_url(dataset: str = "uppfoljningar") -> str:
    return reverse("opendata:api_csv", kwargs={"dataset": dataset})


def body(response) -> bytes:
    return response.getvalue()


def cached_pages() -> int:
    """How many public pages the (local-memory) cache holds."""
    return sum(1 for key in cache._cache if "public-page:" in key)


# --- Compression ----------------------------------------------------------------------------


def test_the_kommun_page_comes_back_gzipped_and_whole(client, charter_among_hidden):
    response = client.get(public_kommun_url(charter_among_hidden.municipality), headers=PROXY)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert charter_among_hidden.municipality.name in html
    assert html.rstrip().endswith("</html>")


def test_the_big_csv_file_is_streamed_gzipped_and_whole(client, charter_among_hidden):
    response = client.get(csv_url(), headers=PROXY)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert not response.has_header("Content-Length")
    text = gzip.decompress(body(response)).decode()
    assert text.startswith("\ufeff")
    assert text.count("\n") > 2


def test_later_readers_get_the_kept_gzipped_copy_without_a_query(
    client, charter_among_hidden, django_assert_num_queries
):
    plain = body(client.get(csv_url(), headers=FORWARDED))

    with django_assert_num_queries(0):
        zipped = client.get(csv_url(), headers=PROXY)
        unzipped = client.get(csv_url(), headers=FORWARDED)

    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(zipped)) == plain
    assert not unzipped.has_header("Content-Encoding")
    assert body(unzipped) == plain
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in unzipped["Vary"]
    assert unzipped["Content-Disposition"] == zipped["Content-Disposition"]


def test_a_client_that_asks_for_no_compression_gets_the_plain_page(client, charter_among_hidden):
    response = client.get(public_kommun_url(charter_among_hidden.municipality))

    assert not response.has_header("Content-Encoding")
    assert charter_among_hidden.municipality.name in response.content.decode()


# --- Validators and 304 -----------------------------------------------------------------------


def urls(charter: Charter) -> dict[str, str]:
    slug = charter.municipality.slug
    return {
        "kommun page": public_kommun_url(charter.municipality),
        "national feed": reverse("opendata:national_feed"),
        "kommun feed": reverse("opendata:municipality_feed", kwargs={"slug": slug}),
        "API JSON": reverse("opendata:api_municipality", kwargs={"slug": slug}),
        "big CSV": csv_url(),
    }


@pytest.mark.parametrize(
    "name", ["kommun page", "national feed", "kommun feed", "API JSON", "big CSV"]
)
def test_a_second_request_with_the_etag_gets_304(client, charter_among_hidden, name):
    url = urls(charter_among_hidden)[name]
    first = client.get(url, headers=PROXY)
    body(first)
    etag = first["ETag"]

    again = client.get(url, headers={**PROXY, "if-none-match": etag})

    assert again.status_code == 304
    assert body(again) == b""
    # The 304 is not compressed, so its ETag is not marked weak as the gzipped 200's is.
    assert again["ETag"] == etag.removeprefix("W/")


@pytest.mark.parametrize("name", ["kommun page", "national feed", "API JSON", "big CSV"])
def test_after_a_change_the_old_etag_gets_the_new_content(
    client, charter_among_hidden, name, django_capture_on_commit_callbacks
):
    url = urls(charter_among_hidden)[name]
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        charter_among_hidden.title = "Nytt namn på löftet"
        charter_among_hidden.save()

    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_feeds_answer_if_modified_since_with_304(client, charter_among_hidden):
    url = reverse("opendata:national_feed")
    last_modified = client.get(url)["Last-Modified"]

    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(url, headers={"if-modified-since": earlier}).status_code == 200


def test_the_csv_file_answers_304_without_reading_the_database(
    client, charter_among_hidden, django_assert_num_queries
):
    etag = client.get(csv_url())["ETag"]

    with django_assert_num_queries(0):
        response = client.get(csv_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_each_filter_of_a_csv_file_has_its_own_etag(client, charter_among_hidden):
    whole = client.get(csv_url("medborgarloften"))["ETag"]
    filtered = client.get(csv_url("medborgarloften"), {"kommun": "kommun-a"})["ETag"]
    tracked = client.get(csv_url("medborgarloften"), {"utm_source": "x"})["ETag"]

    assert filtered != whole
    assert tracked == whole


def test_a_reader_given_another_readers_etag_gets_the_page_with_a_token_of_their_own(
    charter_among_hidden,
):
    url = public_kommun_url(charter_among_hidden.municipality)
    first, other = Client(), Client()
    page = first.get(url)
    assert "csrfmiddlewaretoken" in page.content.decode()

    assert first.get(url, headers={"if-none-match": page["ETag"]}).status_code == 304
    response = other.get(url, headers={"if-none-match": page["ETag"]})

    # The copy the first reader has carries the first reader's token: the other gets the page.
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    assert "Cookie" in response["Vary"]


def test_a_new_csrf_cookie_makes_the_copy_with_the_old_token_stale(charter_among_hidden):
    url = public_kommun_url(charter_among_hidden.municipality)
    reader = Client()
    etag = reader.get(url)["ETag"]
    reader.cookies.pop("csrftoken")  # as after a login, which rotates the token

    assert reader.get(url, headers={"if-none-match": etag}).status_code == 200


# --- The cache keyed by the parameters a page reads ---------------------------------------


def test_parameters_a_page_does_not_read_share_one_cache_entry(
    client, charter_among_hidden, django_assert_num_queries
):
    overview = reverse("public:overview")
    client.get(overview, {"utm_x": "1"})
    assert cached_pages() == 1

    with django_assert_num_queries(0):
        assert client.get(overview, {"utm_x": "2"}).status_code == 200
    client.get(overview)
    assert cached_pages() == 1


def test_a_parameter_a_page_reads_has_its_own_cache_entry(
    client, charter_among_hidden, django_assert_num_queries
):
    overview = reverse("public:overview")
    client.get(overview)
    client.get(overview, {"state": "none", "utm_x": "1"})

    assert cached_pages() == 2
    with django_assert_num_queries(0):
        assert client.get(overview, {"state": "none"}).status_code == 200
    assert cached_pages() == 2
    client.get(overview, {"sida": "2"})
    assert cached_pages() == 3


def test_the_overview_pages_do_not_carry_unread_parameters_in_their_links(
    client, charter_among_hidden
):
    html = client.get(reverse("public:overview"), {"utm_x": "spårad", "state": ""}).content
    assert "utm_x" not in html.decode()


def test_each_host_name_gets_its_own_copy_of_the_feed(client, settings, charter_among_hidden):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    url = reverse("opendata:national_feed")
    first = client.get(url, headers={**FORWARDED, "host": "a.example"}).content.decode()
    second = client.get(url, headers={**FORWARDED, "host": "b.example"}).content.decode()

    assert "https://a.example/" in first
    assert "https://b.example/" in second
    assert "a.example" not in second


def test_the_json_api_keeps_the_links_of_its_host_and_scheme(
    client, settings, charter_among_hidden
):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    url = reverse("opendata:api_municipalities")
    client.get(url, headers={"host": "a.example"})
    second = client.get(url, headers={**FORWARDED, "host": "b.example"}).content.decode()

    assert "https://b.example/" in second
    assert "a.example" not in second


def test_a_version_evicted_from_the_cache_does_not_bring_back_an_older_page(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    """Under maxmemory with allkeys-lru, Redis may drop a version and keep a page cached under
    an older one: the version must not start again where that page was made."""
    url = public_kommun_url(charter_among_hidden.municipality)
    client.get(url)
    old_page = next(key for key in cache._cache if "public-page:" in key)
    kept = cache._cache[old_page]
    with django_capture_on_commit_callbacks(execute=True):
        charter_among_hidden.title = "Nytt namn på löftet"
        charter_among_hidden.save()
    assert "Nytt namn på löftet" in client.get(url).content.decode()

    cache.delete(f"public-version:{charter_among_hidden.municipality_id}")
    cache._cache[old_page] = kept  # the page as it was before the change

    assert "Nytt namn på löftet" in client.get(url).content.decode()
