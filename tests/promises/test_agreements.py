"""Collaboration agreements in the workspace: creating and editing one with its kommuner, LPO,
period, signatories and document (an upload checked by its content and size, or a link),
linking charters to it, and the download that serves an upload."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from promises.models import Charter, CollaborationAgreement, Signatory
from promises.models.charters import DOCX, ODT, PDF
from tests.helpers import admin_url, change_form_data, form_data, sv
from tests.promises.factories import CharterFactory, CollaborationAgreementFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
WRONG_TYPE = "Filen är inte ett PDF-, ODT- eller DOCX-dokument."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def create_url() -> str:
    return reverse("promises:agreement_create")


def new_agreement_data(client, world, **fields) -> dict:
    data = form_data(client.get(create_url()))
    data.update(
        title="Samverkansöverenskommelse Kommun A 2027–2028",
        municipalities=[str(world.municipality.pk)],
        police_area=str(world.police_area.pk),
        period_start="2027-01-01",
        period_end="2028-12-31",
        description="Gemensamma prioriteringar för trygghet.",
        **{
            "signatories-0-name": "Karin Kommunalråd",
            "signatories-0-title": "Kommunstyrelsens ordförande",
            "signatories-0-party": "municipality",
            "signatories-0-organisation": "Kommun A",
        },
    )
    data.update(fields)
    return data


def agreement_of(world, **kwargs) -> CollaborationAgreement:
    return CollaborationAgreementFactory(
        police_area=world.police_area,
        municipalities=[world.municipality],
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2028, 12, 31),
        **kwargs,
    )


def edit_url(agreement: CollaborationAgreement) -> str:
    return reverse("promises:agreement_edit", kwargs={"pk": agreement.pk})


# Creating and editing ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "police_manager"])
def test_coordinator_and_police_manager_create_an_agreement_with_signatories(client, world, role):
    client.force_login(getattr(world, role))
    response = client.post(create_url(), new_agreement_data(client, world))

    agreement = CollaborationAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("promises:agreement", kwargs={"pk": agreement.pk})
    assert list(agreement.municipalities.all()) == [world.municipality]
    assert agreement.police_area == world.police_area
    assert agreement.period_label == "2027–2028"
    assert [s.name for s in agreement.signatories.all()] == ["Karin Kommunalråd"]
    assert agreement.history.earliest().history_user == getattr(world, role)
    page = client.get(response["Location"]).content.decode()
    assert "Karin Kommunalråd" in page
    assert "Kommun A" in page


def test_police_without_management_may_not_start_an_agreement(client, world):
    client.force_login(world.police)
    assert client.get(create_url()).status_code == 403


def test_a_kommun_outside_the_police_area_is_refused_in_swedish_and_nothing_typed_is_lost(
    client, world
):
    client.force_login(world.superuser)
    data = new_agreement_data(
        client, world, municipalities=[str(world.other_municipality.pk)], period_end="2026-01-01"
    )
    response = client.post(create_url(), data)

    assert response.status_code == 200
    assert not CollaborationAgreement.objects.exists()
    page = response.content.decode()
    assert sv("The local police area does not cover %(names)s.", names="Kommun B") in page
    assert sv("The period cannot end before it starts.") in page
    assert "Gemensamma prioriteringar för trygghet." in page
    assert 'value="Karin Kommunalråd"' in page
    assert 'value="Samverkansöverenskommelse Kommun A 2027–2028"' in page


def test_a_coordinator_cannot_make_an_agreement_only_of_kommuner_they_do_not_coordinate(
    client, world
):
    other = world.other_municipality
    world.police_area.municipalities.add(other)
    client.force_login(world.coordinator)
    response = client.post(
        create_url(), new_agreement_data(client, world, municipalities=[str(other.pk)])
    )

    assert response.status_code == 200
    assert not CollaborationAgreement.objects.exists()
    assert "Välj minst en kommun som du är samordnare för" in response.content.decode()


def test_an_empty_form_names_every_required_field_in_swedish(client, world):
    client.force_login(world.coordinator)
    data = form_data(client.get(create_url()))
    response = client.post(create_url(), data)

    assert response.status_code == 200
    assert response.content.decode().count(sv("This field is required.")) >= 4
    assert not CollaborationAgreement.objects.exists()


def test_a_file_and_a_link_at_once_are_refused(client, world):
    client.force_login(world.coordinator)
    data = new_agreement_data(
        client,
        world,
        document=SimpleUploadedFile("avtal.pdf", PDF_BYTES, "application/pdf"),
        document_url="https://kommun-a.example/avtal.pdf",
    )
    response = client.post(create_url(), data)

    assert response.status_code == 200
    assert sv("Give a link or upload the file, not both.") in response.content.decode()
    assert sv("A file you chose must be chosen again.") in response.content.decode()


def test_the_edit_page_saves_changes_and_refuses_a_save_made_on_an_old_version(client, world):
    agreement = agreement_of(world)
    client.force_login(world.police_manager)
    loaded = form_data(client.get(edit_url(agreement)))
    client.force_login(world.coordinator)
    first = form_data(client.get(edit_url(agreement)))
    first["title"] = "Samordnarens titel"
    assert client.post(edit_url(agreement), first).status_code == 302

    client.force_login(world.police_manager)
    loaded["title"] = "Polischefens titel"
    response = client.post(edit_url(agreement), loaded)

    assert response.status_code == 409
    agreement.refresh_from_db()
    assert agreement.title == "Samordnarens titel"
    assert 'value="Polischefens titel"' in response.content.decode()


def test_a_kommun_with_a_linked_charter_cannot_be_removed_from_its_agreement(client, world):
    agreement = agreement_of(world)
    world.police_area.municipalities.add(world.other_municipality)
    agreement.municipalities.add(world.other_municipality)
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, agreement=agreement
    )
    client.force_login(world.superuser)
    data = form_data(client.get(edit_url(agreement)))
    data["municipalities"] = [str(world.other_municipality.pk)]
    response = client.post(edit_url(agreement), data)

    assert response.status_code == 200
    assert charter.title in response.content.decode()
    assert "koppla bort det innan du tar bort Kommun A" in response.content.decode()
    assert world.municipality in agreement.municipalities.all()


# Uploads -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [(PDF_BYTES, PDF, "pdf"), (odt_bytes(), ODT, "odt"), (docx_bytes(), DOCX, "docx")],
)
def test_a_document_is_typed_by_its_content_and_stored_under_a_generated_name(
    client, world, content, kind, extension
):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("../../Avtal <script>.exe", content, "text/html")
    response = client.post(create_url(), new_agreement_data(client, world, document=upload))

    assert response.status_code == 302
    agreement = CollaborationAgreement.objects.get()
    assert agreement.document_type == kind
    name = agreement.document.name
    assert name.startswith("agreements/") and name.endswith(f".{extension}")
    assert "Avtal" not in name and "script" not in name and ".." not in name
    assert agreement.document.read() == content


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00 an executable",
        b"PK\x03\x04 not really a zip",
        b"",
    ],
    ids=["html", "exe", "broken-zip", "empty"],
)
def test_a_file_that_is_no_document_is_refused_in_swedish_whatever_its_name(
    client, world, content
):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("avtal.pdf", content, "application/pdf")
    response = client.post(create_url(), new_agreement_data(client, world, document=upload))

    assert response.status_code == 200
    assert not CollaborationAgreement.objects.exists()
    page = response.content.decode()
    assert WRONG_TYPE in page or sv("The submitted file is empty.") in page
    assert "Gemensamma prioriteringar för trygghet." in page


def test_a_zip_that_is_no_office_document_is_refused(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("avtal.docx", buffer.getvalue(), DOCX)
    response = client.post(create_url(), new_agreement_data(client, world, document=upload))

    assert response.status_code == 200
    assert WRONG_TYPE in response.content.decode()


def test_a_file_over_the_limit_is_refused_in_swedish(client, world, settings):
    settings.AGREEMENT_MAX_UPLOAD_MB = 1
    client.force_login(world.coordinator)
    content = PDF_BYTES + b"0" * (1024 * 1024)
    upload = SimpleUploadedFile("avtal.pdf", content, "application/pdf")
    response = client.post(create_url(), new_agreement_data(client, world, document=upload))

    assert response.status_code == 200
    assert not CollaborationAgreement.objects.exists()
    assert sv("The file is too large: at most %(limit)s MB.", limit=1) in (
        response.content.decode()
    )


# Serving the document ------------------------------------------------------------------------


def uploaded(world, client, content=PDF_BYTES) -> CollaborationAgreement:
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("avtal.pdf", content, "text/html")
    client.post(create_url(), new_agreement_data(client, world, document=upload))
    client.logout()
    return CollaborationAgreement.objects.get()


def document_url(agreement: CollaborationAgreement) -> str:
    return reverse("public:agreement_document", kwargs={"pk": agreement.pk})


def publish_under(agreement: CollaborationAgreement, world) -> Charter:
    return CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        agreement=agreement,
        status=Charter.Status.PUBLISHED,
        published_at=timezone.now(),
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )


@pytest.mark.parametrize(
    ("content", "kind", "extension"),
    [(PDF_BYTES, PDF, "pdf"), (docx_bytes(), DOCX, "docx")],
)
def test_the_document_of_a_public_charter_is_a_download_with_its_checked_type(
    client, world, content, kind, extension
):
    agreement = uploaded(world, client, content)
    publish_under(agreement, world)
    response = client.get(document_url(agreement))

    assert response.status_code == 200
    assert response["Content-Type"] == kind
    assert response["Content-Disposition"] == (
        f'attachment; filename="samverkansoverenskommelse-{agreement.pk}.{extension}"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_the_document_of_an_agreement_without_a_public_charter_is_only_for_its_readers(
    client, world
):
    agreement = uploaded(world, client)
    assert client.get(document_url(agreement)).status_code == 404
    client.force_login(world.other_coordinator)
    assert client.get(document_url(agreement)).status_code == 404
    client.force_login(world.viewer)
    assert client.get(document_url(agreement)).status_code == 200


def test_an_agreement_without_an_uploaded_file_has_no_download(client, world):
    agreement = agreement_of(world, document_url="https://kommun-a.example/avtal.pdf")
    publish_under(agreement, world)
    assert client.get(document_url(agreement)).status_code == 404


def test_uploaded_files_are_not_served_from_the_media_address(client, world, settings):
    agreement = uploaded(world, client)
    publish_under(agreement, world)
    with pytest.raises(Resolver404):
        resolve(f"/{settings.MEDIA_URL}{agreement.document.name}")


# Linking charters ----------------------------------------------------------------------------


def charters_url(agreement: CollaborationAgreement) -> str:
    return reverse("promises:agreement_charters", kwargs={"pk": agreement.pk})


def test_a_coordinator_links_the_kommuns_charter_and_the_agreement_page_lists_it(client, world):
    agreement = agreement_of(world)
    charter = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    client.force_login(world.coordinator)
    page = client.get(reverse("promises:agreement", kwargs={"pk": agreement.pk}))
    data = form_data(page, containing="charter")
    assert data["charter"] == ""
    response = client.post(charters_url(agreement), {**data, "charter": str(charter.pk)})

    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.agreement == agreement
    assert charter.history.latest().history_user == world.coordinator
    page = client.get(response["Location"]).content.decode()
    assert sv("%(charter)s is linked to the agreement.", charter=charter.title) in page
    assert sv("Unlink %(title)s", title=charter.title) in page

    response = client.post(charters_url(agreement), {"charter": charter.pk, "unlink": "1"})
    charter.refresh_from_db()
    assert charter.agreement is None


def test_a_charter_of_another_kommun_or_lpo_cannot_be_linked(client, world):
    agreement = agreement_of(world)
    other = CharterFactory(
        municipality=world.other_municipality, police_area=world.other_police_area
    )
    client.force_login(world.superuser)
    response = client.post(charters_url(agreement), {"charter": str(other.pk)}, follow=True)

    other.refresh_from_db()
    assert other.agreement is None
    assert "Det medborgarlöftet kan inte kopplas" in response.content.decode()


def test_the_charter_page_names_its_agreement(client, world):
    agreement = agreement_of(world)
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, agreement=agreement
    )
    client.force_login(world.viewer)
    page = client.get(reverse("promises:charter", kwargs={"pk": charter.pk})).content.decode()
    assert reverse("promises:agreement", kwargs={"pk": agreement.pk}) in page


def test_the_list_shows_only_agreements_of_the_users_kommuner(client, world):
    mine = agreement_of(world, title="Vår överenskommelse")
    CollaborationAgreementFactory(
        title="Deras överenskommelse",
        police_area=world.other_police_area,
        municipalities=[world.other_municipality],
    )
    client.force_login(world.police)
    page = client.get(reverse("promises:agreements")).content.decode()
    assert mine.title in page
    assert "Deras överenskommelse" not in page


def test_signatories_removed_and_added_on_the_edit_page(client, world):
    agreement = agreement_of(world)
    Signatory.objects.create(
        agreement=agreement, name="Gammal", title="Chef", party="police", organisation="LPO A"
    )
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(agreement)))
    data["signatories-0-DELETE"] = "on"
    data.update(
        {
            "signatories-1-name": "Ny Undertecknare",
            "signatories-1-title": "Lokalpolisområdeschef",
            "signatories-1-party": "police",
            "signatories-1-organisation": "LPO A",
        }
    )
    assert client.post(edit_url(agreement), data).status_code == 302
    assert [s.name for s in agreement.signatories.all()] == ["Ny Undertecknare"]


def test_the_admin_checks_an_uploaded_document_as_the_workspace_does(client, world):
    agreement = agreement_of(world)
    client.force_login(world.superuser)
    url = admin_url(CollaborationAgreement, "change", agreement.pk)
    data = change_form_data(client.get(url))

    data["document"] = SimpleUploadedFile("avtal.pdf", b"<html></html>", "application/pdf")
    response = client.post(url, data)
    assert response.status_code == 200
    assert WRONG_TYPE in response.content.decode()

    data["document"] = SimpleUploadedFile("avtal.pdf", PDF_BYTES, "text/html")
    assert client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.document_type == PDF
    assert client.get(document_url(agreement)).status_code == 200
