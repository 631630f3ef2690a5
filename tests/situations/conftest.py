"""Fixtures of the situations tests that more than one module uses."""

import pytest

from situations.models import Place, SituationReport
from tests.situations.factories import (
    FindingFactory,
    Kit,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
    make_survey,
    submit_response,
)


@pytest.fixture
def report(world) -> SituationReport:
    """A draft lägesbild of kommun A with a source and a finding drawn from it."""
    report = SituationReportFactory(municipality=world.municipality)
    source = SourceFactory(report=report, title="Trygghetsmätning 2020")
    FindingFactory(report=report, source=source, text="Många känner sig otrygga.")
    return report


@pytest.fixture
def torget(world) -> Place:
    return PlaceFactory(municipality=world.municipality, name="Torget", slug="torget")


@pytest.fixture
def eight(world) -> Kit:
    """Eight responses to a survey of kommun A, whose figures test_survey_results.py works out
    by hand."""
    kit = make_survey(world.municipality)
    submit_response(
        kit, scale=5, single="Ofta", multiple=["Trafik"], places=["Stationen"], text="Mer ljus"
    )
    submit_response(
        kit,
        scale=5,
        single="Ofta",
        multiple=["Trafik", "Narkotika"],
        places=["Centrum", "Stationen"],
    )
    submit_response(
        kit, scale=4, single="Ofta", multiple=["Trafik", "Skadegörelse"], places=["Stationen"]
    )
    submit_response(
        kit, scale=4, single="Ibland", multiple=["Narkotika"], places=["Stationen"], other="Parken"
    )
    submit_response(kit, scale=4, single="Ibland", places=["Centrum"], text="Fler vuxna ute")
    submit_response(kit, scale=3, single="Aldrig", text="Bra kommun")
    submit_response(kit, scale=2)
    submit_response(kit, scale=1)
    return kit
