"""The collaboration agreement in the open data JSON and its import (schema version 1): the
agreement a charter rests on goes out with its kommuner, LPO, period, signatories and document
address, and comes back in."""

from __future__ import annotations

import datetime
import json

import pytest

from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import Charter, CollaborationAgreement, Signatory
from tests.followups.test_import_charter import comparable, remove
from tests.promises.factories import CollaborationAgreementFactory
from tests.situations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(world) -> CollaborationAgreement:
    neighbour = MunicipalityFactory(name="Grannkommun", slug="grannkommun", code="9999")
    world.police_area.municipalities.add(neighbour)
    agreement = CollaborationAgreementFactory(
        title="Samverkansöverenskommelse 2020–2023",
        police_area=world.police_area,
        municipalities=[world.municipality, neighbour],
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        signed_on=datetime.date(2019, 12, 1),
        description="Trygghet i centrum.",
        document_url="https://kommun-a.example/overenskommelse.pdf",
    )
    for order, party in enumerate(["municipality", "police"]):
        Signatory.objects.create(
            agreement=agreement,
            name=f"Undertecknare {order}",
            title="Ordförande",
            party=party,
            organisation="Org",
            signed_on=datetime.date(2019, 12, 1),
            order=order,
        )
    return agreement


@pytest.fixture
def charter(rich_charter, agreement) -> Charter:
    rich_charter.agreement = agreement
    rich_charter.save()
    return rich_charter


def exported_without(charter: Charter, *, agreement_too: bool) -> dict:
    data = json.loads(json.dumps(charter_export(charter)))
    agreement = charter.agreement
    remove(charter)
    if agreement_too:
        agreement.delete()
    return data


def test_the_export_names_the_agreement_its_parties_signatories_and_document(charter):
    data = charter_export(charter)["agreement"]

    assert data["title"] == "Samverkansöverenskommelse 2020–2023"
    assert data["period"] == {"start": "2020-01-01", "end": "2023-12-31"}
    assert [m["name"] for m in data["municipalities"]] == ["Grannkommun", "Kommun A"]
    assert data["police_area"] == {"name": "LPO A"}
    assert data["document_url"] == "https://kommun-a.example/overenskommelse.pdf"
    assert [s["name"] for s in data["signatories"]] == ["Undertecknare 0", "Undertecknare 1"]


def test_a_charter_without_an_agreement_exports_null(rich_charter):
    assert charter_export(rich_charter)["agreement"] is None


def test_the_round_trip_makes_the_agreement_again_with_the_same_json(charter):
    first = exported_without(charter, agreement_too=True)
    assert not CollaborationAgreement.objects.exists()

    imported = charter_import(data=first, published=True).charter
    again = charter_export(Charter.objects.get(pk=imported.pk))

    assert comparable(again) == comparable(first)
    made = CollaborationAgreement.objects.get()
    assert {m.name for m in made.municipalities.all()} == {"Grannkommun", "Kommun A"}
    assert made.signatories.count() == 2


def test_the_import_links_the_agreement_this_site_has_without_changing_it(charter, agreement):
    data = exported_without(charter, agreement_too=False)
    data["agreement"]["description"] = "En annan text"

    imported = charter_import(data=data).charter

    assert imported.agreement == agreement
    agreement.refresh_from_db()
    assert agreement.description == "Trygghet i centrum."
    assert CollaborationAgreement.objects.count() == 1


def test_an_uploaded_document_goes_out_as_its_address_and_comes_back_as_a_link(charter, agreement):
    agreement.document_url = ""
    agreement.document = "agreements/2020/abc.pdf"
    agreement.document_type = "application/pdf"
    agreement.save()

    data = json.loads(
        json.dumps(charter_export(charter, absolute=lambda path: f"https://site.example{path}"))
    )
    url = f"https://site.example/overenskommelser/{agreement.pk}/dokument/"
    assert data["agreement"]["document_url"] == url
    remove(charter)
    agreement.delete()

    charter_import(data=data)
    made = CollaborationAgreement.objects.get()
    assert made.document_url == url
    assert not made.document


def errors_of(data) -> dict[str, str]:
    with pytest.raises(CharterImportError) as raised:
        charter_import(data=data)
    return dict(raised.value.errors_by_path)


def test_an_agreement_of_another_police_area_or_without_the_kommun_is_refused(charter, world):
    data = exported_without(charter, agreement_too=True)
    data["agreement"]["municipalities"] = [{"code": world.other_municipality.code}]
    data["agreement"]["police_area"] = {"name": "LPO A"}

    errors = errors_of(data)
    assert (
        "Lokalpolisområdet omfattar inte Kommun B." in errors["agreement.municipalities[0].code"]
    )

    data["agreement"]["municipalities"] = [{"code": "9999"}]
    errors = errors_of(data)
    assert errors["agreement.municipalities"] == "Överenskommelsen omfattar inte kommunen."

    data["agreement"]["police_area"] = {"name": "LPO B"}
    assert "agreement.police_area.name" in errors_of(data)
    assert not CollaborationAgreement.objects.exists()
    assert not Charter.objects.exists()
