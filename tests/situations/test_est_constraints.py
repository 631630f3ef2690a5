"""The database keeps EST observations sound whatever writes them: a level from 1 to 5, a week
stored as its Monday, a short description, a place and an organisation of the same kommun.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.situations.factories import (
    ObservationFactory,
    PlaceFactory,
    ReportingOrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"level": 0},
        {"level": 6},
        {"week": datetime.date(2026, 3, 4)},
        {"description": "x" * 501},
    ],
)
def test_the_database_refuses_an_unsound_observation(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(**fields)


def test_full_clean_refuses_a_place_and_an_organisation_of_another_kommun():
    observation = ObservationFactory()
    observation.place = PlaceFactory()
    observation.organisation = ReportingOrganisationFactory()

    with pytest.raises(ValidationError) as error:
        observation.full_clean()

    assert {"place", "organisation"} <= set(error.value.message_dict)


def test_full_clean_refuses_personal_data_in_the_description():
    observation = ObservationFactory(description="")
    observation.description = "Kontakta kalle@example.se"

    with pytest.raises(ValidationError) as error:
        observation.full_clean()

    assert error.value.message_dict["description"][0].startswith(
        "The description contains what looks like an email address."
    )
