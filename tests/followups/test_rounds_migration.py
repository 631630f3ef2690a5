"""Charters saved before cadences existed get their rounds from a data migration."""

import datetime
from importlib import import_module

from django.apps import apps

from followups.models import FollowUpRound
from tests.followups.factories import FollowUpRoundFactory
from tests.promises.factories import CharterFactory

migration = import_module("followups.migrations.0005_rounds_for_earlier_charters")
D = datetime.date


def test_a_charter_without_rounds_gets_the_rounds_of_its_period_and_cadence(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2025, 3, 1),
        period_end=D(2025, 12, 31),
        followup_cadence="tertial",
    )

    migration.add_rounds(apps, None)

    assert [
        (r.title, r.period_start, r.period_end, r.due_on)
        for r in FollowUpRound.objects.filter(charter=charter).order_by("period_start")
    ] == [
        ("Tertial 1 2025", D(2025, 3, 1), D(2025, 4, 30), D(2025, 5, 31)),
        ("Tertial 2 2025", D(2025, 5, 1), D(2025, 8, 31), D(2025, 9, 30)),
        ("Tertial 3 2025", D(2025, 9, 1), D(2025, 12, 31), D(2026, 1, 31)),
    ]


def test_a_charter_with_rounds_keeps_them_as_they_are(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        followup_cadence="quarter",
    )
    own = FollowUpRoundFactory(
        charter=charter,
        title="Hela året",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        due_on=D(2026, 1, 31),
    )

    migration.add_rounds(apps, None)

    assert list(FollowUpRound.objects.filter(charter=charter)) == [own]
