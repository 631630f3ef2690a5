"""The database constraints of a published charter's corrections (its public change log)."""

import pytest

from promises.models import CharterCorrection, Party
from tests.helpers import refused_by
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db

COVERED_CONSTRAINTS = {
    "promises_charter_correction_has_reason",
    "promises_charter_correction_party_not_joint",
}


def test_a_correction_has_a_reason():
    charter = CharterFactory()

    with refused_by(CharterCorrection, "promises_charter_correction_has_reason"):
        CharterCorrection.objects.create(charter=charter, reason="", party=Party.MUNICIPALITY)
    CharterCorrection.objects.create(charter=charter, reason="Fel datum", party=Party.POLICE)


def test_a_correction_is_made_by_one_party_never_jointly():
    with refused_by(CharterCorrection, "promises_charter_correction_party_not_joint"):
        CharterCorrection.objects.create(
            charter=CharterFactory(), reason="Stavfel", party=Party.JOINT
        )
