"""Importing a charter's JSON on the kommun's workspace page: upload or paste, preview, confirm."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followups.opendata import charter_export
from promises.models import Activity, Charter
from tests.followups.test_import_charter import remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(rich_charter) -> dict:
    exported = charter_export(rich_charter)
    remove(rich_charter)
    return exported


def url(world) -> str:
    return reverse("followups:charter_import", kwargs={"slug": world.municipality.slug})


def upload(data: dict) -> SimpleUploadedFile:
    text = json.dumps(data, ensure_ascii=False).encode()
    return SimpleUploadedFile("medborgarlofte.json", text, content_type="application/json")


def test_the_workspace_page_links_to_the_import(coordinator, world):
    page = reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})

    response = coordinator.get(page)

    assert url(world) in response.content.decode()
    assert "Importera medborgarlöfte (JSON)" in response.content.decode()


def test_upload_previews_the_counts_and_the_confirmation_makes_the_draft(
    coordinator, world, exported
):
    response = coordinator.post(url(world), {"file": upload(exported)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Medborgarlöfte 2021 skapas som utkast: 2 löften, 6 aktiviteter, 2 indikatorer, " in (
        page
    )
    assert "1 källa, 2 iakttagelser" in page
    assert not Charter.objects.exists()  # the preview changes nothing

    confirmed = coordinator.post(url(world), {"json": response.context["json"], "confirm": "1"})

    charter = Charter.objects.get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("promises:charter", kwargs={"pk": charter.pk})
    assert charter.status == Charter.Status.DRAFT
    assert charter.municipality == world.municipality
    assert Activity.objects.filter(promise__charter=charter).count() == 6
    followed = coordinator.get(confirmed["Location"])
    assert "importerat som utkast" in followed.content.decode()


def test_a_second_import_of_a_changed_file_previews_an_update(coordinator, world, exported):
    text = json.dumps(exported, ensure_ascii=False)
    coordinator.post(url(world), {"json": text, "confirm": "1"})
    exported["summary"] = "Ny sammanfattning."

    response = coordinator.post(url(world), {"json": json.dumps(exported)})

    assert "Utkastet Medborgarlöfte 2021 uppdateras: 2 löften" in response.content.decode()
    coordinator.post(url(world), {"json": json.dumps(exported), "confirm": "1"})
    assert Charter.objects.get().summary == "Ny sammanfattning."


def test_the_same_file_again_says_there_is_nothing_to_update(coordinator, world, exported):
    text = json.dumps(exported, ensure_ascii=False)
    coordinator.post(url(world), {"json": text, "confirm": "1"})
    updated_at = Charter.objects.get().updated_at

    response = coordinator.post(url(world), {"json": text, "confirm": "1"})

    assert response.status_code == 200
    assert "Inget att uppdatera" in response.content.decode()
    assert Charter.objects.get().updated_at == updated_at


def test_a_pasted_file_with_errors_lists_them_all_and_keeps_the_text(coordinator, world, exported):
    exported["sumary"] = exported.pop("summary")
    exported["promises"][0]["owner"] = "kommunen"
    text = json.dumps(exported, ensure_ascii=False, indent=2)

    response = coordinator.post(url(world), {"json": text, "confirm": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<code class="text-reset">sumary</code>: Okänt fält. Menade du summary?' in page
    assert (
        '<code class="text-reset">promises[0].owner</code>: ”kommunen” är ingen giltig kod' in page
    )
    assert response.context["form"]["json"].value() == text
    assert not Charter.objects.exists()


def test_text_that_is_not_json_is_refused_with_its_line(coordinator, world):
    response = coordinator.post(url(world), {"json": '{"title":\n }'})

    assert "Detta är inte giltig JSON" in response.content.decode()
    assert "rad 2" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(coordinator, world):
    big = SimpleUploadedFile("stor.json", b" " * 1_000_001, content_type="application/json")

    response = coordinator.post(url(world), {"file": big})

    assert "Filen är större än 1 MB" in response.content.decode()


def test_the_file_of_another_kommun_is_refused_on_this_kommuns_page(coordinator, world, exported):
    exported["municipality"]["code"] = world.other_municipality.code

    response = coordinator.post(url(world), {"json": json.dumps(exported)})

    assert "här kan bara ett för Kommun A" in response.content.decode()
    assert not Charter.objects.exists()


def test_another_kommuns_coordinator_may_not_import(login_as, world, exported):
    other = login_as("other_coordinator")

    assert other.get(url(world)).status_code == 403
    response = other.post(url(world), {"json": json.dumps(exported), "confirm": "1"})

    assert response.status_code == 403
    assert not Charter.objects.exists()


def test_too_many_imports_in_a_short_time_are_refused_with_the_text_kept(
    coordinator, world, settings
):
    settings.CHARTER_IMPORT_RATE_LIMIT = "1/h"
    coordinator.post(url(world), {"json": "{}"})

    response = coordinator.post(url(world), {"json": '{"title": "Kvar"}'})

    assert "För många importer på kort tid" in response.content.decode()
    assert response.context["form"]["json"].value() == '{"title": "Kvar"}'
