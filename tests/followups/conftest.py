"""Fixtures of the followups tests that more than one module uses: the round to enter, and
the charters of the open data."""

import pytest

from promises.models import Charter
from tests.followups.factories import RoundSetup, build_round_setup
from tests.followups.opendata_data import (
    charter_with_draft_report,
    charters_in_the_making,
    public_charter,
)


@pytest.fixture
def setup(world) -> RoundSetup:
    """Kommun A's published charter of 2027 and its first half-year round (build_round_setup)."""
    return build_round_setup(world, published=True)


@pytest.fixture
def rich_charter(world) -> Charter:
    """Kommun A's published charter with everything a public page shows, and internal parts
    beside it (see public_charter)."""
    return public_charter(world.municipality, world.police_area, promises=2)


@pytest.fixture
def charter_among_hidden(rich_charter, world) -> Charter:
    """The rich charter, beside kommun A's charters in the making and kommun B's charter whose
    situation report is a draft: none of those may show."""
    charters_in_the_making(world.municipality, world.police_area)
    charter_with_draft_report(world.other_municipality, world.other_police_area)
    return rich_charter
