"""A charter's promises grouped by who made them: "Polisen lovar", "Kommunen lovar",
"Tillsammans lovar".

The public charter page, its round reports, the round's entry page and the indicators page all
group this way; here, so that the workspace (promises, followups) and the public pages
(followups) group alike. Whatever stands for a promise on a page (the promise, or a row built
from it) is grouped, as the group's rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from promises.models import Party


@dataclass
class OwnerGroup[T]:
    """The promises of one owner, under the heading the charter gives them."""

    owner: Party
    rows: list[T]  # the promises, or what a page shows of each

    @property
    def heading(self) -> str:
        return self.owner.promise_heading


def by_owner[T](promises: Iterable[T], owner: Callable[[T], str]) -> list[OwnerGroup[T]]:
    """PROMISES under their owners: the police first, then the kommun, then both together, each
    in the order given; an owner without promises is left out. OWNER tells a promise's owner.
    """
    grouped: dict[str, list[T]] = {party.value: [] for party in Party}
    for promise in promises:
        # An owner that is no Party (only a database changed by hand) has no heading to go under.
        if (group := grouped.get(owner(promise))) is not None:
            group.append(promise)
    return [OwnerGroup(party, grouped[party.value]) for party in Party if grouped[party.value]]
