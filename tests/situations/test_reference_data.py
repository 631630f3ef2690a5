"""The police organisation as reference data: 94 lokalpolisområden in 27 polisområden, loaded
by a migration and `load_reference_data`, never undoing what an administrator corrected."""

import io
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from promises.models import Charter
from situations import reference
from situations.models import (
    Membership,
    Municipality,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    ReferenceCoverage,
)
from situations.reference import load_reference_data
from tests.helpers import form_data
from tests.promises.factories import CharterFactory
from tests.situations.factories import (
    MembershipFactory,
    PoliceAreaFactory,
    PoliceDistrictFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WITHOUT_LPO = ["Färgelanda", "Kinda", "Ydre"]


def area(key: str) -> PoliceArea:
    return PoliceArea.objects.get(reference_key=key)


def kommun(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def kommun_names(police_area: PoliceArea) -> list[str]:
    return sorted(police_area.municipalities.values_list("name", flat=True))


def counts() -> tuple[int, int, int, int]:
    return (
        PoliceDistrict.objects.count(),
        PoliceArea.objects.count(),
        PoliceArea.municipalities.through.objects.count(),
        ReferenceCoverage.objects.count(),
    )


def reload() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


# --- After migrate -------------------------------------------------------------------------


def test_migrate_loads_94_lpos_in_27_districts_covering_287_kommuner():
    assert PoliceDistrict.objects.exclude(reference_key="").count() == 27
    assert PoliceArea.objects.exclude(reference_key="").count() == 94
    covered = Municipality.objects.filter(police_areas__isnull=False).distinct()
    assert covered.count() == 287
    assert sorted(Municipality.objects.exclude(pk__in=covered).values_list("name", flat=True)) == (
        WITHOUT_LPO
    )
    assert ReferenceCoverage.objects.count() == 297


def test_the_lpos_have_the_police_authoritys_names_districts_and_regions():
    arvika = area("Arvika")
    assert arvika.name == "Lokalpolisområde Arvika"
    assert (arvika.district.name, arvika.district.region.name) == (
        "Polisområde Värmland",
        "Bergslagen",
    )
    assert kommun_names(arvika) == ["Arvika", "Eda", "Säffle", "Årjäng"]
    assert kommun_names(area("Västra Skaraborg")) == [
        "Essunga",
        "Grästorp",
        "Götene",
        "Lidköping",
        "Skara",
        "Vara",
    ]
    assert kommun("Stockholm").police_areas.count() == 7
    assert area("Enköping/Håbo").slug == "lokalpolisomrade-enkoping-habo"


def test_each_pair_keeps_its_source_and_how_sure_it_is():
    coverage = ReferenceCoverage.objects.get(area_key="Arvika", municipality_name="Säffle")
    assert coverage.police_area == area("Arvika")
    assert coverage.source_url.startswith("https://polisen.se/")
    assert coverage.confidence == ReferenceCoverage.Confidence.STATED
    assert ReferenceCoverage.objects.filter(confidence="inferred").count() == 42


# --- Reloading -----------------------------------------------------------------------------


def test_a_reload_changes_nothing_and_says_what_it_holds():
    before = counts()

    output = reload()

    assert counts() == before
    assert "27 polisområden och 94 lokalpolisområden som arbetar med 287 kommuner" in output
    assert "Tillagt nu: 0 polisområden, 0 lokalpolisområden och 0 kopplingar" in output


def test_a_reload_keeps_an_administrators_corrections():
    arvika = area("Arvika")
    arvika.name = "Lokalpolisområde Arvika-Säffle"
    arvika.save()
    arvika.municipalities.remove(kommun("Eda"))
    # Grästorp moves from västra to östra Skaraborg.
    area("Västra Skaraborg").municipalities.remove(kommun("Grästorp"))
    area("Östra Skaraborg").municipalities.add(kommun("Grästorp"))
    district = arvika.district
    district.name = "Polisområde Värmlands län"
    district.save()
    area("Torsby").delete()  # merged into another LPO, say

    load_reference_data()

    arvika.refresh_from_db()
    assert arvika.name == "Lokalpolisområde Arvika-Säffle"
    assert kommun_names(arvika) == ["Arvika", "Säffle", "Årjäng"]
    assert "Grästorp" not in kommun_names(area("Västra Skaraborg"))
    assert "Grästorp" in kommun_names(area("Östra Skaraborg"))
    assert PoliceDistrict.objects.get(pk=district.pk).name == "Polisområde Värmlands län"
    assert not PoliceArea.objects.filter(name="Lokalpolisområde Torsby").exists()
    assert PoliceArea.objects.count() == 93


def test_a_reload_adds_a_pair_new_in_the_file(tmp_path, monkeypatch):
    for name in ("lan.csv", "kommuner.csv", "lokalpolisomraden.csv"):
        shutil.copy(reference.DATA_DIR / name, tmp_path / name)
    with (tmp_path / "lokalpolisomraden.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "Väst,Fyrbodal,Västra Fyrbodal,1439,Färgelanda,https://example.org/,2026,stated\n"
        )
    monkeypatch.setattr(reference, "DATA_DIR", tmp_path)

    result = load_reference_data()

    assert (result.added_districts, result.added_areas, result.added_pairs) == (0, 0, 1)
    assert "Färgelanda" in kommun_names(area("Västra Fyrbodal"))


def test_an_lpo_made_by_hand_before_is_adopted_with_its_charters():
    """A database from before the reference data: its own LPO Arvika, with a charter."""
    Charter.objects.all().delete()
    ReferenceCoverage.objects.all().delete()
    PoliceArea.objects.all().delete()
    PoliceDistrict.objects.all().delete()
    saffle = kommun("Säffle")
    own = PoliceAreaFactory(
        name="Lokalpolisområde Arvika",
        slug="lpo-arvika",
        district=PoliceDistrictFactory(
            name="Polisområde Värmland", region=PoliceRegion.objects.get(name="Bergslagen")
        ),
        municipalities=[saffle],
    )
    charter = CharterFactory(municipality=saffle, police_area=own)
    elsewhere = PoliceAreaFactory(name="Lokalpolisområde Karlstad")  # in another region

    load_reference_data()

    assert area("Arvika") == own
    assert PoliceArea.objects.exclude(reference_key="").count() == 94
    assert PoliceDistrict.objects.exclude(reference_key="").count() == 27
    own.refresh_from_db()
    assert (own.slug, own.district.reference_key) == ("lpo-arvika", "Värmland")
    assert kommun_names(own) == ["Arvika", "Eda", "Säffle", "Årjäng"]
    charter.refresh_from_db()
    assert charter.police_area == own
    assert area("Karlstad").name == "Lokalpolisområde Karlstad (Polisområde Värmland)"
    assert PoliceArea.objects.get(pk=elsewhere.pk).reference_key == ""


# --- A kommun's pages ----------------------------------------------------------------------


def test_the_public_kommun_page_names_its_lpo(client):
    page = client.get(kommun("Säffle").get_absolute_url()).content.decode()

    assert "Polisen i kommunen" in page
    assert "Lokalpolisområde Arvika" in page
    assert "Polisområde Värmland" in page


def test_the_public_page_of_a_kommun_with_several_lpos_names_them_all(client):
    page = client.get(kommun("Stockholm").get_absolute_url()).content.decode()

    for key in ("Norrmalm", "Södermalm", "Järva"):
        assert f"Lokalpolisområde {key}" in page


def test_the_public_page_of_a_kommun_without_an_lpo_says_so(client):
    response = client.get(kommun("Färgelanda").get_absolute_url())

    assert response.status_code == 200
    assert "Vilket lokalpolisområde som arbetar med kommunen är inte registrerat här ännu." in (
        response.content.decode()
    )


def coordinator_of(municipality: Municipality):
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.COORDINATOR, municipality=municipality
    ).user


def test_the_workspace_kommun_page_names_its_lpo(client):
    client.force_login(coordinator_of(kommun("Essunga")))

    response = client.get(reverse("followups:municipality_workspace", kwargs={"slug": "essunga"}))

    assert "Lokalpolisområde Västra Skaraborg (Polisområde Skaraborg)" in (
        response.content.decode()
    )


def test_a_kommun_without_an_lpo_gets_a_charter_once_an_administrator_links_one(client):
    faergelanda = kommun("Färgelanda")
    client.force_login(coordinator_of(faergelanda))
    workspace = client.get(
        reverse("followups:municipality_workspace", kwargs={"slug": faergelanda.slug})
    )
    assert workspace.status_code == 200
    assert "inget registrerat ännu" in workspace.content.decode()
    url = reverse("promises:charter_create", kwargs={"slug": faergelanda.slug})
    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Inget lokalpolisområde är kopplat till kommunen ännu." in form_page.content.decode()

    fyrbodal = area("Västra Fyrbodal")
    fyrbodal.municipalities.add(faergelanda)  # as an administrator does in the admin
    load_reference_data()
    data = form_data(client.get(url))
    data.update(
        title="Medborgarlöfte 2027",
        period_start="2027-01-01",
        period_end="2027-12-31",
        police_area=str(fyrbodal.pk),
    )
    response = client.post(url, data)

    assert response.status_code == 302
    assert Charter.objects.get(municipality=faergelanda).police_area == fyrbodal
    assert "Färgelanda" in kommun_names(fyrbodal)


def test_the_admin_shows_where_an_lpos_kommuner_come_from(admin_client):
    response = admin_client.get(
        reverse("admin:situations_policearea_change", args=[area("Arvika").pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Källor i referensdatan" in content or "källor i referensdatan" in content
    assert "polisen.se/om-polisen/medborgarloften" in content
