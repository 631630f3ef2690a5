"""A charter's promises under their owners' headings (promises.owners)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import override

from promises.models import Party
from promises.owners import by_owner


@dataclass
class Row:
    name: str
    owner: str


def test_the_police_come_first_then_the_kommun_then_both_each_in_the_order_given():
    rows = [
        Row("tillsammans 1", Party.JOINT),
        Row("kommunen 1", Party.MUNICIPALITY),
        Row("polisen 1", Party.POLICE),
        Row("kommunen 2", Party.MUNICIPALITY),
        Row("polisen 2", Party.POLICE),
    ]

    groups = by_owner(rows, owner=lambda row: row.owner)

    assert [group.owner for group in groups] == [Party.POLICE, Party.MUNICIPALITY, Party.JOINT]
    assert [[row.name for row in group.rows] for group in groups] == [
        ["polisen 1", "polisen 2"],
        ["kommunen 1", "kommunen 2"],
        ["tillsammans 1"],
    ]


def test_an_owner_without_promises_has_no_group():
    groups = by_owner([Row("tillsammans", Party.JOINT)], owner=lambda row: row.owner)

    assert [group.owner for group in groups] == [Party.JOINT]
    assert by_owner([], owner=lambda row: row.owner) == []


def test_each_group_has_the_heading_residents_read():
    groups = by_owner(
        [Row(party.label, party.value) for party in Party], owner=lambda row: row.owner
    )

    with override("sv"):
        assert [str(group.heading) for group in groups] == [
            "Polisen lovar",
            "Kommunen lovar",
            "Tillsammans lovar",
        ]
