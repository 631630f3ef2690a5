"""The models of the promises app, one module per subject.

Built on situations (kommuner, the lägesbild, places, focus areas), never the other way round.
Within the app the modules depend one way: charters ← activities (promises and activities) ←
indicators, walks; charters ← corrections.
"""

from promises.models.activities import Activity, Promise
from promises.models.charters import (
    Charter,
    CollaborationAgreement,
    Contact,
    Party,
    Signatory,
    current_of,
    ended_of,
    upcoming_of,
)
from promises.models.corrections import CharterCorrection
from promises.models.indicators import Indicator, Measurement
from promises.models.walks import SafetyWalk, WalkFinding

__all__ = [
    "Activity",
    "Charter",
    "CharterCorrection",
    "CollaborationAgreement",
    "Contact",
    "Indicator",
    "Measurement",
    "Party",
    "Promise",
    "SafetyWalk",
    "Signatory",
    "WalkFinding",
    "current_of",
    "ended_of",
    "upcoming_of",
]
