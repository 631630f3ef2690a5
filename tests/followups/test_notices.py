"""Residents follow a kommun by email: subscribing with double opt-in, the mails sent when a
report is published, a charter signed or a survey opens, one-click unsubscribe; every mail
through a real SMTP server (aiosmtpd, tests/smtp_server.py)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from followups.council.services import council_report_publish, council_report_unpublish
from followups.models import FollowUpRound
from followups.notices.models import Announcement, Delivery, Subscription
from followups.services import round_publish
from promises.models import Party, Signatory
from promises.services import charter_approve
from situations.models import Survey
from situations.services import survey_publish
from tests.followups.factories import approved_rounds
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import QuestionFactory, SurveyFactory
from tests.smtp_server import SITE_URL, free_port

pytestmark = pytest.mark.django_db

ADDRESS = "invanare@example.se"
LINK = re.compile(r"https?://\S+")


def subscribe_url(slug: str = "kommun-a") -> str:
    return reverse("public:subscribe", kwargs={"slug": slug})


def ask(client, *, email: str = ADDRESS, follows=("charters", "surveys"), language="sv", **extra):
    return client.post(
        subscribe_url(),
        {"email": email, "follows": list(follows), "language": language},
        **extra,
    )


def links(body: str) -> list[str]:
    return LINK.findall(body)


def without_token(response) -> str:
    """The page, without the CSRF token that differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def path_of(url: str) -> str:
    assert url.startswith(SITE_URL), url
    return url.removeprefix(SITE_URL)


def follow(client, smtp, callbacks, *, email: str = ADDRESS, **choices) -> Subscription:
    """Subscribe EMAIL and confirm from the mail that arrives."""
    with callbacks(execute=True):
        ask(client, email=email, **choices)
    confirm = next(url for url in links(smtp.body(smtp.to(email)[-1])) if "/bekrafta/" in url)
    assert client.post(path_of(confirm)).status_code == 200
    smtp.messages.clear()
    return Subscription.objects.get(email=email)


@pytest.fixture
def publishable(world) -> FollowUpRound:
    """A round of kommun A's published charter with every follow-up in and approved."""
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte Kommun A 2027",
        published=True,
    )
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    activity = ActivityFactory(promise=promise, title="Fotpatrullering")
    return approved_rounds(activity, world.police, due_after_days=100)


def publish(round_: FollowUpRound, world, callbacks) -> None:
    with callbacks(execute=True):
        round_publish(
            round_=round_, summary="Fotpatrulleringen är genomförd.", user=world.coordinator
        )


# --- Subscribing -------------------------------------------------------------------------


def test_the_kommun_page_offers_the_form_and_says_how_the_address_is_handled(client, world):
    page = client.get(reverse("public:municipality", kwargs={"slug": "kommun-a"})).content.decode()
    assert "Följ via e-post" in page
    assert f'action="{subscribe_url()}"' in page
    assert "Kommun A är personuppgiftsansvarig för adressen" in page
    assert "raderas adressen" in page


def test_a_resident_confirms_from_the_mail_and_follows_the_kommun(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Vi har skickat en länk till adressen du angav" in page

    [mail] = smtp_server.to(ADDRESS)
    assert mail["Subject"] == "Bekräfta att du vill följa Kommun A"
    [confirm] = [url for url in links(smtp_server.body(mail)) if "/bekrafta/" in url]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    # Opening the link confirms nothing (mail scanners open links); the button does.
    assert "Bekräfta" in client.get(path_of(confirm)).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    page = client.post(path_of(confirm)).content.decode()
    assert "Du följer Kommun A" in page
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert (subscription.follows_charters, subscription.follows_surveys) == (True, True)
    assert subscription.language == "sv"


def test_the_answer_is_the_same_for_a_known_and_a_new_address(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    follow(client, smtp_server, django_capture_on_commit_callbacks, follows=["charters"])

    known = ask(Client(), follows=["surveys"])
    new = ask(Client(), email="ny@example.se", follows=["surveys"])
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert without_token(Client().get(known["Location"])) == without_token(
        Client().get(new["Location"])
    )
    # Typing someone's address changes nothing they receive until their link is followed.
    subscription = Subscription.objects.get(email=ADDRESS)
    assert (subscription.follows_charters, subscription.follows_surveys) == (True, False)


def test_a_confirmed_resident_changes_choices_by_following_a_new_link(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    follow(client, smtp_server, django_capture_on_commit_callbacks, follows=["charters"])
    subscription = follow(
        client, smtp_server, django_capture_on_commit_callbacks, follows=["surveys"], language="en"
    )
    assert (subscription.follows_charters, subscription.follows_surveys) == (False, True)
    assert subscription.language == "en"


def test_the_empty_form_is_in_each_readers_language_and_never_shows_what_another_typed(
    client, world, settings
):
    kommun_page = reverse("public:municipality", kwargs={"slug": "kommun-a"})
    ask(client, email="inte en adress", follows=["surveys"], language="en")
    swedish = client.get(kommun_page).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(kommun_page).content.decode()

    assert "E-postadress" in swedish and "Email address" not in swedish
    assert re.search(r'value="sv" id="follow-language_\d" checked', swedish)
    assert "Email address" in english and "E-postadress" not in english
    assert re.search(r'value="en" id="follow-language_\d" checked', english)
    for page in (swedish, english):
        assert "inte en adress" not in page
        assert re.search(r'value="charters" id="follow-follows_0" checked', page)


def test_an_invalid_address_gets_a_swedish_message_and_keeps_what_was_typed(client, world):
    response = ask(client, email="inte en adress", follows=["surveys"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv e-postadressen som namn@exempel.se." in page
    assert 'value="inte en adress"' in page
    assert re.search(r'value="surveys"[^>]*checked', page)
    assert not Subscription.objects.exists()


def test_nothing_chosen_to_follow_gets_a_swedish_message(client, world):
    page = ask(client, follows=[]).content.decode()
    assert "Välj minst en sak att följa." in page
    assert not Subscription.objects.exists()


def test_an_unknown_kommun_gets_a_swedish_message(client, world):
    response = client.post(
        subscribe_url("ingen-kommun"),
        {"email": ADDRESS, "follows": ["charters"], "language": "sv"},
    )
    assert response.status_code == 404
    assert "Vi hittar inte den kommunen" in response.content.decode()
    assert not Subscription.objects.exists()


def test_an_expired_link_is_refused_with_a_swedish_message(
    client, world, smtp_server, django_capture_on_commit_callbacks, settings
):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            ask(client)
        [confirm] = [
            u for u in links(smtp_server.body(smtp_server.messages[0])) if "/bekrafta/" in u
        ]
    with time_machine.travel(datetime.datetime(2026, 3, 4, 13, tzinfo=datetime.UTC), tick=False):
        response = client.post(path_of(confirm))
    assert response.status_code == 400
    assert "Bekräftelselänken har gått ut" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_a_reused_link_says_it_was_used(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client)
    [confirm] = [u for u in links(smtp_server.body(smtp_server.messages[0])) if "/bekrafta/" in u]
    client.post(path_of(confirm))
    again = client.post(path_of(confirm))
    assert "Länken har redan använts: du följer redan Kommun A." in again.content.decode()


def test_a_tampered_link_is_refused(client, world):
    response = client.get(reverse("public:subscription_confirm", kwargs={"token": "abc:def"}))
    assert response.status_code == 400
    assert "Länken är inte giltig" in response.content.decode()
    response = client.post(reverse("public:unsubscribe", kwargs={"token": "abc:def"}))
    assert response.status_code == 400


def test_requests_are_limited_per_client(client, world, settings):
    settings.SUBSCRIPTION_RATE_LIMIT = "2/h"
    for number in range(2):
        assert ask(client, email=f"person{number}@example.se").status_code == 302
    refused = ask(client, email="person9@example.se")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Inget skickades" in page
    assert 'value="person9@example.se"' in page  # nothing typed is lost
    assert Subscription.objects.count() == 2


def test_requests_are_limited_per_address_from_any_client(world, settings):
    settings.SUBSCRIPTION_RATE_LIMIT = "2/h"
    for number in range(2):
        assert ask(Client(REMOTE_ADDR=f"10.0.0.{number}")).status_code == 302
    assert ask(Client(REMOTE_ADDR="10.0.0.9")).status_code == 429
    assert ask(Client(REMOTE_ADDR="10.0.0.9"), email="annan@example.se").status_code == 302


# --- Mails -------------------------------------------------------------------------------


def test_a_published_report_is_mailed_with_unsubscribe_headers_and_links_that_work(
    client, world, smtp_server, django_capture_on_commit_callbacks, publishable
):
    subscription = follow(client, smtp_server, django_capture_on_commit_callbacks)
    publish(publishable[0], world, django_capture_on_commit_callbacks)

    [mail] = smtp_server.to(ADDRESS)
    assert mail["Subject"] == ("Uppföljning av medborgarlöftet i Kommun A: Kvartal 1")
    body = smtp_server.body(mail)
    assert "Fotpatrulleringen är genomförd." in body
    assert "Infriat: 1" in body
    unsubscribe = mail["List-Unsubscribe"]
    assert re.fullmatch(rf"<{re.escape(SITE_URL)}/folj/avsluta/[^>]+/>", unsubscribe)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    report_url = SITE_URL + publishable[0].get_absolute_url()
    assert report_url in body
    assert client.get(path_of(report_url)).status_code == 200
    assert unsubscribe.strip("<>") in body
    assert Delivery.objects.filter(subscription=subscription).count() == 1


def test_one_click_unsubscribe_needs_no_token_nor_login_and_stops_the_next_mail(
    world, smtp_server, django_capture_on_commit_callbacks, publishable
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks)
    publish(publishable[0], world, django_capture_on_commit_callbacks)
    url = path_of(smtp_server.to(ADDRESS)[0]["List-Unsubscribe"].strip("<>"))

    # A mail program's POST (RFC 8058): no cookie, no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    page = mail_program.get(url)
    assert "Sluta få e-post" in page.content.decode()
    assert Subscription.objects.exists()  # looking at the page unsubscribes nobody
    response = mail_program.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Du får inga fler e-postmeddelanden" in response.content.decode()
    assert not Subscription.objects.exists()
    # Again: the same answer.
    assert without_token(mail_program.post(url)) == without_token(response)

    smtp_server.messages.clear()
    publish(publishable[1], world, django_capture_on_commit_callbacks)
    assert smtp_server.to(ADDRESS) == []


def test_only_confirmed_followers_of_the_kommun_who_chose_reports_are_mailed(
    world, smtp_server, django_capture_on_commit_callbacks, publishable
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks, email="rapporter@example.se")
    follow(
        Client(),
        smtp_server,
        django_capture_on_commit_callbacks,
        email="enkater@example.se",
        follows=["surveys"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(Client(), email="obekraftad@example.se")
    Subscription.objects.create(
        municipality=world.other_municipality,
        email="kommun-b@example.se",
        follows_charters=True,
        follows_surveys=True,
        language="sv",
        confirmed_at=timezone.now(),
    )
    smtp_server.messages.clear()
    publish(publishable[0], world, django_capture_on_commit_callbacks)
    assert [m["To"] for m in smtp_server.messages] == ["rapporter@example.se"]


def test_a_follower_who_chose_english_is_mailed_in_english(
    world, smtp_server, django_capture_on_commit_callbacks, publishable
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks, language="en")
    publish(publishable[0], world, django_capture_on_commit_callbacks)
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Follow-up of the citizen promise in Kommun A: Kvartal 1"
    assert "Stop these emails" in smtp_server.body(mail)


def test_a_signed_charter_is_mailed_with_the_tally_of_its_promises(
    world, smtp_server, django_capture_on_commit_callbacks
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks)
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte 2028",
        status="review",
    )
    PromiseFactory(charter=charter, owner=Party.POLICE)
    PromiseFactory(charter=charter, owner=Party.POLICE)
    PromiseFactory(charter=charter, owner=Party.JOINT)
    with django_capture_on_commit_callbacks(execute=True):
        charter_approve(
            charter=charter,
            user=world.police_manager,
            signed_on=charter.period_start,
            signatories=[
                Signatory(
                    name="Anna",
                    title="Ordförande",
                    party=Party.MUNICIPALITY,
                    organisation="Kommun A",
                ),
                Signatory(name="Per", title="Chef", party=Party.POLICE, organisation="Polisen"),
            ],
        )
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Nytt medborgarlöfte i Kommun A: Medborgarlöfte 2028"
    body = smtp_server.body(mail)
    assert "3 löften" in body
    assert "Polisen lovar: 2" in body and "Tillsammans lovar: 1" in body
    assert SITE_URL + charter.get_absolute_url() in body


def test_a_survey_is_mailed_when_published_open_or_on_the_day_it_opens(
    world, smtp_server, django_capture_on_commit_callbacks
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks, follows=["surveys"])
    today = timezone.localdate()
    open_now = SurveyFactory(municipality=world.municipality, draft=True, title="Enkät nu")
    later = SurveyFactory(
        municipality=world.municipality,
        draft=True,
        title="Enkät sen",
        opens_on=today + datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=20),
    )
    for survey in (open_now, later):
        QuestionFactory(survey=survey)
        with django_capture_on_commit_callbacks(execute=True):
            survey_publish(survey=survey, user=world.coordinator)
    assert [m["Subject"] for m in smtp_server.messages] == [
        "Svara på enkäten från Kommun A: Enkät nu"
    ]
    call_command("send_notices", stdout=io.StringIO())
    assert len(smtp_server.messages) == 1  # not yet open: nothing
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        call_command("send_notices", stdout=io.StringIO())
        call_command("send_notices", stdout=io.StringIO())
    assert [m["Subject"] for m in smtp_server.messages][1:] == [
        "Svara på enkäten från Kommun A: Enkät sen"
    ]
    assert Survey.objects.count() == 2


def test_mails_go_in_batches_and_the_command_sends_the_rest_once(
    world, smtp_server, django_capture_on_commit_callbacks, publishable, settings
):
    for number in range(3):
        follow(
            Client(),
            smtp_server,
            django_capture_on_commit_callbacks,
            email=f"f{number}@example.se",
        )
    settings.NOTICE_BATCH_SIZE = 2
    publish(publishable[0], world, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2
    call_command("send_notices", stdout=io.StringIO())
    call_command("send_notices", stdout=io.StringIO())
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "f0@example.se",
        "f1@example.se",
        "f2@example.se",
    ]
    assert Announcement.objects.get().done_at is not None


def test_a_failing_server_leaves_the_mails_to_be_retried_without_sending_twice(
    world, smtp_server, django_capture_on_commit_callbacks, publishable
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks)
    smtp_server.fail = True  # 451: try again later
    publish(publishable[0], world, django_capture_on_commit_callbacks)
    assert smtp_server.messages == []
    assert not Delivery.objects.exists()
    assert Announcement.objects.get().done_at is None
    with pytest.raises(CommandError):
        call_command("send_notices", stdout=io.StringIO())

    smtp_server.fail = False
    call_command("send_notices", stdout=io.StringIO())
    call_command("send_notices", stdout=io.StringIO())
    assert len(smtp_server.to(ADDRESS)) == 1
    assert Delivery.objects.count() == 1


def test_a_server_that_does_not_answer_leaves_the_mails_to_be_retried(
    world, smtp_server, django_capture_on_commit_callbacks, publishable, settings
):
    follow(Client(), smtp_server, django_capture_on_commit_callbacks)
    server_port = settings.MAILERS["default"]["OPTIONS"]["port"]
    settings.MAILERS["default"]["OPTIONS"]["port"] = free_port()  # nobody listens
    publish(publishable[0], world, django_capture_on_commit_callbacks)  # no 500: logged
    assert not Delivery.objects.exists()
    settings.MAILERS["default"]["OPTIONS"]["port"] = server_port
    call_command("send_notices", stdout=io.StringIO())
    assert len(smtp_server.to(ADDRESS)) == 1


# --- Purge and the coordinator's count ----------------------------------------------------


def test_purge_expired_deletes_addresses_never_confirmed_after_the_link_expired(world, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 3
    now = timezone.now()

    def subscription(email: str, created_days_ago: int, confirmed: bool) -> Subscription:
        return Subscription.objects.create(
            municipality=world.municipality,
            email=email,
            follows_charters=True,
            follows_surveys=False,
            language="sv",
            created_at=now - datetime.timedelta(days=created_days_ago),
            confirmed_at=now if confirmed else None,
        )

    subscription("gammal@example.se", 4, confirmed=False)
    subscription("ny@example.se", 2, confirmed=False)
    subscription("bekraftad@example.se", 40, confirmed=True)
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "Skulle radera 1 obekräftade e-postprenumerationer" in out.getvalue()
    assert Subscription.objects.count() == 3
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert "Raderade 1 obekräftade e-postprenumerationer" in out.getvalue()
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "bekraftad@example.se",
        "ny@example.se",
    ]


def test_the_coordinator_sees_how_many_follow_never_who(client, world):
    for number, confirmed in enumerate([True, True, False]):
        Subscription.objects.create(
            municipality=world.municipality,
            email=f"hemlig{number}@example.se",
            follows_charters=True,
            follows_surveys=True,
            language="sv",
            confirmed_at=timezone.now() if confirmed else None,
        )
    client.force_login(world.coordinator)
    page = client.get(
        reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    ).content.decode()
    assert "2 invånare följer kommunen via e-post." in page
    assert "hemlig" not in page


def test_a_published_council_report_is_mailed_once(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    follow(client, smtp_server, django_capture_on_commit_callbacks)
    CharterFactory(municipality=world.municipality, police_area=world.police_area, published=True)
    year = 2021
    for _ in range(2):  # published, withdrawn, published again: told once
        with django_capture_on_commit_callbacks(execute=True):
            council_report_publish(
                municipality=world.municipality,
                year=year,
                foreword="Ett år av samverkan i Kommun A.",
                user=world.coordinator,
            )
        council_report_unpublish(
            municipality=world.municipality, year=year, user=world.coordinator
        )
    [mail] = smtp_server.to(ADDRESS)
    assert (
        mail["Subject"] == "Kommun A rapporterar till kommunfullmäktige om trygghetsarbetet 2021"
    )
    body = smtp_server.body(mail)
    assert "Ett år av samverkan i Kommun A." in body
    assert SITE_URL + "/kommuner/kommun-a/rapport-till-kommunfullmaktige/2021/" in body
