"""Residents' tips: "Har du synpunkter, tips och idéer?" on every kommun page.

Messages are compared with what gettext gives in Swedish, the site's default language, so the
tests hold before and after the Swedish catalog has them.
"""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from config.lib import ratelimit
from situations.models import Tip
from tests.helpers import refused_by, sv
from tests.situations.factories import PlaceFactory

ADDRESS = "203.0.113.7"
USER_AGENT = "Mozilla/5.0 (TestBrowser; Säffle)"


def tip_url(municipality) -> str:
    return reverse("public:tip", kwargs={"slug": municipality.slug})


def post_tip(client: Client, municipality, address: str = ADDRESS, **data):
    return client.post(
        tip_url(municipality), data, REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT
    )


TYPED = {
    "message": "Det är mörkt i gångtunneln vid skolan på kvällarna.",
    "place_text": "Gångtunneln under Storgatan",
    "name": "Anna Andersson",
    "email": "anna@example.se",
    "phone": "070-123 45 67",
}


# --- The form ---------------------------------------------------------------------------------


def test_the_tip_page_shows_the_form_with_what_the_law_asks_residents_to_be_told(client, world):
    response = client.get(tip_url(world.municipality))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'action="{tip_url(world.municipality)}"' in page
    assert sv("A tip is not a police report.") in page
    for fact in ("112", "114 14", "https://polisen.se"):
        assert fact in page
    assert sv("We use tips to improve the safety work and the next situation picture.") in page
    assert f'href="{reverse("public:privacy")}"' in page
    with translation.override("sv"):
        retention = translation.ngettext(
            "We keep your tip for at most %(months)s month, then it is deleted.",
            "We keep your tip for at most %(months)s months, then it is deleted.",
            12,
        ) % {"months": 12}
    assert escape(retention) in page


def test_the_retention_shown_follows_the_setting(client, world, settings):
    settings.TIP_RETENTION_DAYS = 182

    response = client.get(tip_url(world.municipality))

    assert re.search(r"\b6\b", response.content.decode().split('id="tip-privacy-heading"')[1])


def test_every_field_has_a_label_and_its_help_text_is_linked(client, world):
    page = client.get(tip_url(world.municipality)).content.decode()

    for name in ("message", "place_text", "name", "email", "phone"):
        assert f'<label class="form-label fw-semibold mb-1" for="tip-{name}">' in page
    assert re.search(r'<textarea[^>]*aria-describedby="tip-message_helptext"', page)
    assert 'id="tip-message_helptext"' in page
    assert re.search(r"<textarea[^>]*required", page)
    assert sv("required") in page


def test_the_honeypot_is_hidden_from_people_and_from_the_keyboard(client, world):
    page = client.get(tip_url(world.municipality)).content.decode()

    wrapper = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', page, re.S)
    assert wrapper
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", wrapper.group(1)).group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_the_form_offers_only_the_places_of_the_kommun(client, world):
    PlaceFactory(municipality=world.municipality, name="Resecentrum")
    PlaceFactory(municipality=world.other_municipality, name="Torget i B")

    page = client.get(tip_url(world.municipality)).content.decode()

    assert "Resecentrum" in page
    assert "Torget i B" not in page


def test_the_tip_page_runs_two_queries_however_many_places_the_kommun_has(
    client, world, django_assert_num_queries
):
    PlaceFactory.create_batch(5, municipality=world.municipality)

    # The municipality with its county, then the places for the list.
    with django_assert_num_queries(2):
        assert client.get(tip_url(world.municipality)).status_code == 200


def test_a_kommun_without_places_asks_only_for_a_description_of_the_place(client, world):
    page = client.get(tip_url(world.municipality)).content.decode()

    assert 'name="place"' not in page
    assert 'name="place_text"' in page


def test_the_empty_form_is_in_the_readers_language_and_fits_each_kommun(client, world):
    PlaceFactory(municipality=world.municipality, name="Resecentrum")
    with_places, without_places = tip_url(world.municipality), tip_url(world.other_municipality)

    # The empty form's fields are rendered once per language and kind of kommun, and reused.
    swedish = [client.get(url).content.decode() for url in (with_places, without_places)]
    client.post(reverse("set_language"), {"language": "en", "next": with_places})
    english = [client.get(url).content.decode() for url in (with_places, without_places)]

    for (places, no_places), language in ((swedish, "sv"), (english, "en")):
        with translation.override(language):
            assert escape(translation.gettext("Your message")) in places
            assert escape(translation.gettext("Or describe the place")) in places
            assert 'name="place"' in places
            assert escape(translation.gettext("Describe the place")) in no_places
            assert escape(translation.gettext("Or describe the place")) not in no_places
            assert 'name="place"' not in no_places
    assert "Your message" in english[0]
    assert "Your message" not in swedish[0]


def test_the_kommun_page_carries_the_tip_form_and_it_can_be_sent_from_there(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(world.municipality.get_absolute_url()).content.decode()
    assert f'action="{tip_url(world.municipality)}"' in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    response = client.post(
        tip_url(world.municipality),
        {"message": "Bra med fler poliser i centrum.", "csrfmiddlewaretoken": token},
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == 302
    assert Tip.objects.get().municipality == world.municipality


def test_an_unknown_kommun_answers_404(client, db):
    assert client.get("/kommuner/finns-inte/tips/").status_code == 404
    assert client.post("/kommuner/finns-inte/tips/", TYPED).status_code == 404
    assert not Tip.objects.exists()


# --- Sending ----------------------------------------------------------------------------------


def test_a_tip_is_stored_for_the_right_kommun_with_exactly_what_was_typed(client, world):
    place = PlaceFactory(municipality=world.municipality, name="Resecentrum")

    response = post_tip(client, world.municipality, **TYPED, place=str(place.pk))

    assert response.status_code == 302
    tip = Tip.objects.get()
    assert tip.municipality == world.municipality
    assert (tip.message, tip.place_text, tip.name, tip.email, tip.phone) == (
        TYPED["message"],
        TYPED["place_text"],
        TYPED["name"],
        TYPED["email"],
        TYPED["phone"],
    )
    assert tip.place == place
    assert (tip.handled, tip.handled_at) == (False, None)


def test_the_stored_tip_holds_nothing_that_identifies_the_sender(client, world):
    post_tip(client, world.municipality, message="Trafiken vid skolan är farlig.")

    columns = {field.column for field in Tip._meta.concrete_fields}
    assert columns == {
        "id",
        "created_at",
        "updated_at",
        "municipality_id",
        "message",
        "name",
        "email",
        "phone",
        "place_id",
        "place_text",
        "handled",
        "handled_at",
    }
    row = Tip.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert ADDRESS not in stored
    assert "TestBrowser" not in stored
    assert (row["name"], row["email"], row["phone"]) == ("", "", "")
    assert not LogEntry.objects.exists()


def test_a_sent_tip_leads_to_a_thank_you_page_that_links_back_to_the_kommun(client, world):
    response = post_tip(client, world.municipality, message="Tack för trygghetsvandringen.")

    assert response["Location"] == f"{tip_url(world.municipality)}?tack=1"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert sv("Thank you for your tip") in thanks.content.decode()
    assert f'href="{world.municipality.get_absolute_url()}"' in thanks.content.decode()


def test_a_bot_that_fills_the_honeypot_sees_the_thank_you_page_but_nothing_is_stored(
    client, world
):
    response = post_tip(client, world.municipality, **TYPED, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == f"{tip_url(world.municipality)}?tack=1"
    assert not Tip.objects.exists()


# --- Bad input --------------------------------------------------------------------------------


def assert_typed_values_kept(page: str, typed: dict[str, str]) -> None:
    for name, value in typed.items():
        if name == "message":
            assert f">\n{escape(value)}</textarea>" in page
        else:
            assert re.search(rf'name="{name}" value="{re.escape(escape(value))}"', page), name


def test_an_empty_message_is_refused_and_every_typed_value_is_kept(client, world):
    typed = {**TYPED, "message": "   "}

    response = post_tip(client, world.municipality, **typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert sv("Write your views, tip or idea in the text box.") in page
    assert_typed_values_kept(
        page, {key: value for key, value in typed.items() if key != "message"}
    )
    assert re.search(r'<textarea[^>]*aria-invalid="true"', page)
    assert re.search(
        r'<textarea[^>]*aria-describedby="tip-message_helptext tip-message_error"', page
    )
    assert 'id="tip-message_error"' in page
    assert not Tip.objects.exists()


def test_a_message_of_4001_characters_is_refused_with_the_limit_stated(client, world):
    typed = {**TYPED, "message": "å" * 4001}

    response = post_tip(client, world.municipality, **typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        sv(
            "The message is too long: at most %(limit_value)d characters, "
            "and yours has %(show_value)d. Shorten it and send it again.",
            limit_value=4000,
            show_value=4001,
        )
        in page
    )
    assert_typed_values_kept(page, typed)
    assert not Tip.objects.exists()


def test_a_message_of_exactly_4000_characters_is_stored(client, world):
    post_tip(client, world.municipality, message="x" * 4000)

    assert len(Tip.objects.get().message) == 4000


def test_an_invalid_email_address_is_refused_and_the_typed_values_are_kept(client, world):
    typed = {**TYPED, "email": "anna(at)example"}

    response = post_tip(client, world.municipality, **typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert sv("Write the email address like namn@exempel.se, or leave the field empty.") in page
    assert_typed_values_kept(page, typed)
    assert not Tip.objects.exists()


def test_a_phone_number_without_digits_is_refused(client, world):
    response = post_tip(client, world.municipality, **{**TYPED, "phone": "ring mig"})

    assert response.status_code == 200
    assert 'id="tip-phone_error"' in response.content.decode()
    assert not Tip.objects.exists()


def test_a_place_in_another_kommun_is_refused(client, world):
    PlaceFactory(municipality=world.municipality, name="Resecentrum")
    elsewhere = PlaceFactory(municipality=world.other_municipality, name="Torget i B")

    response = post_tip(client, world.municipality, **TYPED, place=str(elsewhere.pk))

    assert response.status_code == 200
    assert (
        sv(
            "Choose one of the places in %(municipality)s in the list, or describe the place "
            "in your own words.",
            municipality="Kommun A",
        )
        in response.content.decode()
    )
    assert not Tip.objects.exists()


def test_a_place_id_that_is_not_a_number_is_refused_without_an_error_page(client, world):
    PlaceFactory(municipality=world.municipality)

    response = post_tip(client, world.municipality, **TYPED, place="1; DROP TABLE")

    assert response.status_code == 200
    assert 'id="tip-place_error"' in response.content.decode()


def test_the_error_page_lists_the_errors_with_links_to_the_fields(client, world):
    response = post_tip(client, world.municipality, **{**TYPED, "message": "", "email": "x"})

    page = response.content.decode()
    summary = page.split('id="tip-errors-heading"')[1].split("</ul>")[0]
    assert 'href="#tip-message"' in summary
    assert 'href="#tip-email"' in summary


HOSTILE = '<script>alert("hej")</script><img src=x onerror=alert(1)>'


def test_hostile_html_is_stored_as_typed(client, world):
    post_tip(client, world.municipality, message=HOSTILE, name=HOSTILE)

    tip = Tip.objects.get()
    assert (tip.message, tip.name) == (HOSTILE, HOSTILE)


def test_hostile_html_is_shown_escaped_when_the_form_comes_back(client, world):
    response = post_tip(client, world.municipality, message=HOSTILE, email="inte en adress")

    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert escape(HOSTILE) in page


def test_hostile_html_is_shown_escaped_in_the_admin(client, world):
    Tip.objects.create(municipality=world.municipality, message=HOSTILE)
    client.force_login(world.superuser)

    changelist = client.get(reverse("admin:situations_tip_changelist")).content.decode()
    change = client.get(
        reverse("admin:situations_tip_change", args=[Tip.objects.get().pk])
    ).content.decode()

    for page in (changelist, change):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    assert escape("<script>alert") in changelist


# --- Flooding ---------------------------------------------------------------------------------


def test_the_tip_form_answers_429_after_the_limit_and_stores_nothing_more(client, world, settings):
    settings.TIP_RATE_LIMIT = "2/h"
    for number in range(2):
        assert post_tip(client, world.municipality, message=f"Tips {number}").status_code == 302

    response = post_tip(client, world.municipality, **TYPED)

    assert response.status_code == 429
    assert Tip.objects.count() == 2
    assert 1 <= int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    with translation.override("sv"):
        minutes = ratelimit.Limit(False, int(response["Retry-After"])).retry_after_minutes
        wait = translation.ngettext(
            "So many forms have been sent from your connection that we have to pause for a "
            "while. Please try again in %(minutes)s minute.",
            "So many forms have been sent from your connection that we have to pause for a "
            "while. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
    assert escape(wait) in page
    assert_typed_values_kept(page, TYPED)


def test_the_limit_counts_each_client_address_separately(client, world, settings):
    settings.TIP_RATE_LIMIT = "1/h"
    assert post_tip(client, world.municipality, message="Ett").status_code == 302

    assert post_tip(client, world.municipality, message="Två").status_code == 429
    assert post_tip(client, world.municipality, "198.51.100.1", message="Tre").status_code == 302


def test_a_forged_x_forwarded_for_header_does_not_escape_the_limit(client, world, settings):
    settings.TIP_RATE_LIMIT = "1/h"
    post_tip(client, world.municipality, message="Ett")

    response = client.post(
        tip_url(world.municipality),
        {"message": "Två"},
        REMOTE_ADDR=ADDRESS,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, world, settings):
    settings.TIP_RATE_LIMIT = "1/h"
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"

    def send(forwarded_for: str):
        return client.post(
            tip_url(world.municipality),
            {"message": "Hej"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert send("198.51.100.1").status_code == 302
    assert send("198.51.100.2").status_code == 302
    assert send("6.6.6.6, 198.51.100.1").status_code == 429


def test_a_form_with_errors_does_not_use_up_the_limit(client, world, settings):
    settings.TIP_RATE_LIMIT = "1/h"
    post_tip(client, world.municipality, message="")

    assert post_tip(client, world.municipality, message="Nu rätt").status_code == 302


def test_the_rate_limit_state_lives_only_in_the_cache(client, world, settings):
    settings.TIP_RATE_LIMIT = "1/h"
    post_tip(client, world.municipality, message="Ett")

    with CaptureQueriesContext(connection) as queries:
        assert post_tip(client, world.municipality, message="Två").status_code == 429

    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    keys = [key for key in cache._cache if "ratelimit:tip:" in key]
    assert keys
    assert not any(ADDRESS in key for key in keys)


# --- The database and the coordinators' side ------------------------------------------------


def test_the_database_refuses_an_empty_message(world):
    with refused_by(Tip, "situations_tip_message_not_empty"):
        Tip.objects.create(municipality=world.municipality, message="")


def test_the_database_refuses_a_message_over_the_limit(world):
    with refused_by(Tip, "situations_tip_message_max_length"):
        Tip.objects.create(municipality=world.municipality, message="x" * 4001)


def test_the_database_refuses_a_handled_tip_without_a_time(world):
    tip = Tip.objects.create(municipality=world.municipality, message="Hej")

    with refused_by(Tip, "situations_tip_handled_has_date"):
        Tip.objects.filter(pk=tip.pk).update(handled=True)


def test_ticking_handled_records_when(world):
    tip = Tip.objects.create(municipality=world.municipality, message="Hej")
    tip.handled = True
    tip.full_clean()
    tip.save()

    assert tip.handled_at is not None


def test_a_tip_cannot_name_a_place_in_another_kommun(world):
    elsewhere = PlaceFactory(municipality=world.other_municipality)
    tip = Tip(municipality=world.municipality, message="Hej", place=elsewhere)

    with pytest.raises(ValidationError) as error:
        tip.full_clean()

    assert "place" in error.value.message_dict


def test_an_administrator_marks_selected_tips_as_handled(client, world):
    tips = [
        Tip.objects.create(municipality=world.municipality, message=f"Tips {n}") for n in (1, 2)
    ]
    other = Tip.objects.create(municipality=world.municipality, message="Inte vald")
    client.force_login(world.superuser)

    response = client.post(
        reverse("admin:situations_tip_changelist"),
        {"action": "mark_handled", "_selected_action": [str(tip.pk) for tip in tips]},
    )

    assert response.status_code == 302
    assert Tip.objects.filter(handled=True, handled_at__isnull=False).count() == 2
    other.refresh_from_db()
    assert not other.handled


def test_the_admin_filters_tips_by_handled_and_county(client, world):
    Tip.objects.create(municipality=world.municipality, message="Ohanterat")
    client.force_login(world.superuser)

    response = client.get(
        reverse("admin:situations_tip_changelist"),
        {"handled__exact": "0", "municipality__county__id__exact": world.municipality.county_id},
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


# --- The rate limit itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "rate, expected",
    [("5/h", (5, 3600)), ("30/10m", (30, 600)), ("100/d", (100, 86400)), ("2/s", (2, 1))],
)
def test_a_rate_is_read_as_a_count_per_period(rate, expected):
    parsed = ratelimit.parse_rate(rate)
    assert (parsed.count, parsed.seconds) == expected


@pytest.mark.parametrize("rate", ["", "5", "5/x", "0/h", "5/0m", "-1/h", "h/5"])
def test_a_malformed_rate_is_refused_loudly(rate):
    with pytest.raises(Exception, match="Ogiltig gräns"):
        ratelimit.parse_rate(rate)
