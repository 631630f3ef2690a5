"""EST and a trygghetsvandring for the demo: a reporting organisation in Essunga, the demo
reporter's observations of the last weeks, and a walk with findings for the Essunga charter's
safety walk activity.

Safe to run again: every row is found by what identifies it and only changed when it differs.
The observations are dated relative to this week, so that the coordinator's grid shows them
straight away; a run in a later week adds that week's set beside the earlier ones.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from followups.demo import upsert
from followups.demo.users import DEMO_USERS, ESSUNGA
from promises.models import Activity, Charter, Party, SafetyWalk, WalkFinding
from situations.models import (
    Membership,
    Municipality,
    Observation,
    Place,
    ReportingOrganisation,
    monday_of,
)

# The demo reporter, and the organisation users.py names for them.
REPORTER = next(demo for demo in DEMO_USERS if demo.role == Membership.Role.REPORTER)
ORGANISATION_KIND = ReportingOrganisation.Kind.MUNICIPALITY
PLACES = ("Nossebro centrum", "Resecentrum Nossebro", "skolmiljö")
Category = Observation.Category

# (weeks ago, place, category, level, description)
OBSERVATIONS = (
    (5, "Nossebro centrum", Category.LITTERING, 2, "Skräp runt papperskorgarna vid torget."),
    (4, "Nossebro centrum", Category.LITTERING, 3, "Överfulla papperskorgar efter helgen."),
    (3, "Nossebro centrum", Category.VANDALISM, 4, "Klotter på busskuren och en krossad ruta."),
    (2, "Nossebro centrum", Category.LITTERING, 2, ""),
    (1, "Nossebro centrum", Category.GATHERING, 3, "Bilar samlas på parkeringen sent på kvällen."),
    (0, "Nossebro centrum", Category.LITTERING, 1, "Städat och lugnt."),
    (4, "Resecentrum Nossebro", Category.UNSAFE_PLACE, 3, "Två lampor ur funktion i gångtunneln."),
    (2, "Resecentrum Nossebro", Category.UNSAFE_PLACE, 4, "Fortfarande mörkt i gångtunneln."),
    (0, "Resecentrum Nossebro", Category.UNSAFE_PLACE, 2, "Lamporna lagade, en kvar."),
    (3, "skolmiljö", Category.DRUGS, 3, "Fimpar och snusdosor bakom idrottshallen."),
    (1, "skolmiljö", Category.TRAFFIC, 2, "Höga hastigheter vid skolans infart kl 07-08."),
)

WALK_ACTIVITY = "Tätortsvandringar och dialogmöten"
WALK = {
    "date": datetime.date(2021, 9, 21),
    "organisations": "Kommunpolisen\nEssunga kommun, teknisk förvaltning\nRäddningstjänsten",
    "residents": 14,
    "summary": (
        "Vi gick genom Nossebro centrum och runt skolan en tisdagskväll. Belysningen vid "
        "gångvägen och buskagen vid lekplatsen var det som oroade mest."
    ),
}
# (location, problem, responsible party, responsible, action, status, done on)
FINDINGS = (
    (
        "Gångvägen mellan skolan och centrum",
        WalkFinding.Problem.LIGHTING,
        Party.MUNICIPALITY,
        "Teknisk förvaltning",
        "Byta tre trasiga armaturer.",
        WalkFinding.Status.DONE,
        datetime.date(2021, 10, 15),
    ),
    (
        "Lekplatsen vid Nossebro centrum",
        WalkFinding.Problem.VEGETATION,
        Party.MUNICIPALITY,
        "Teknisk förvaltning, park",
        "Klippa ner buskagen så att lekplatsen syns från gatan.",
        WalkFinding.Status.DONE,
        datetime.date(2021, 11, 2),
    ),
    (
        "Infarten till skolan",
        WalkFinding.Problem.TRAFFIC,
        Party.JOINT,
        "Kommunpolisen och teknisk förvaltning",
        "Hastighetskontroller och en ny skylt.",
        WalkFinding.Status.IN_PROGRESS,
        None,
    ),
)


def load_est_organisation() -> ReportingOrganisation:
    """The organisation the demo reporter reports for; before the demo users are loaded."""
    essunga = Municipality.objects.get(code=ESSUNGA)
    return upsert(
        ReportingOrganisation,
        lookup={"municipality": essunga, "name": REPORTER.organisation},
        values={"kind": ORGANISATION_KIND},
    )


def load_est() -> int:
    """The demo reporter's observations in Essunga; returns how many there are."""
    essunga = Municipality.objects.get(code=ESSUNGA)
    places = {
        name: upsert(
            Place,
            lookup={"municipality": essunga, "slug": slugify(name)},
            values={"name": name},
        )
        for name in PLACES
    }
    reporter = get_user_model().objects.get(username=REPORTER.username)
    organisation = load_est_organisation()
    this_week = monday_of(timezone.localdate())
    for weeks_ago, place, category, level, description in OBSERVATIONS:
        upsert(
            Observation,
            lookup={
                "municipality": essunga,
                "reporter": reporter,
                "week": this_week - datetime.timedelta(weeks=weeks_ago),
                "place": places[place],
                "category": category,
            },
            values={"organisation": organisation, "level": level, "description": description},
        )
    return Observation.objects.filter(municipality=essunga).count()


def load_safety_walk() -> SafetyWalk | None:
    """A walk with findings for the Essunga charter's safety walk activity, if it is there."""
    activity = Activity.objects.filter(
        promise__charter__municipality__code=ESSUNGA,
        promise__charter__period_start=datetime.date(2021, 1, 1),
        kind=Activity.Kind.SAFETY_WALK,
        title=WALK_ACTIVITY,
    ).first()
    if activity is None or activity.promise.charter.status == Charter.Status.DRAFT:
        return None
    walk = upsert(SafetyWalk, lookup={"activity": activity}, values=WALK)
    for location, problem, party, responsible, action, status, done_on in FINDINGS:
        upsert(
            WalkFinding,
            lookup={"walk": walk, "location": location},
            values={
                "problem": problem,
                "responsible_party": party,
                "responsible_function": responsible,
                "action": action,
                "status": status,
                "done_on": done_on,
            },
        )
    return walk
