"""full_clean() keeps EST observations sound whatever writes them (the admin, a service): a
place and an organisation of the observation's kommun, no personal data in the description. The
database constraints are tested in test_constraints.py.
"""

import pytest
from django.core.exceptions import ValidationError

from tests.situations.factories import (
    ObservationFactory,
    PlaceFactory,
    ReportingOrganisationFactory,
)

pytestmark = pytest.mark.django_db


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
