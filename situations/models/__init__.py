"""The models of the situations app, one module per subject.

This is the lowest app: `promises` and `followups` build on it, never the other way round.
Within it the modules depend one way too: memberships ← geography ← reports ← est, tips,
surveys (a membership names its scope by string, so that the scope's querysets can ask who
holds it). Beside memberships, and like them about users only, identities: a user's links to
single sign-on providers (the sign-in code itself is in config/accounts/).
"""

from situations.models.est import (
    OBSERVATION_DESCRIPTION_MAX_LENGTH,
    Observation,
    ReportingOrganisation,
    monday_of,
)
from situations.models.geography import (
    County,
    Municipality,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    ReferenceCoverage,
)
from situations.models.identities import ExternalIdentity
from situations.models.memberships import Membership
from situations.models.reports import (
    Finding,
    FocusArea,
    Place,
    Problem,
    SituationReport,
    Source,
)
from situations.models.surveys import (
    FREE_TEXT_MAX_LENGTH,
    SAFE_VALUES,
    SCALE_LABELS,
    Answer,
    Choice,
    Question,
    Response,
    Survey,
)
from situations.models.tips import TIP_MESSAGE_MAX_LENGTH, PageFeedback, Tip

__all__ = [
    "FREE_TEXT_MAX_LENGTH",
    "OBSERVATION_DESCRIPTION_MAX_LENGTH",
    "SAFE_VALUES",
    "SCALE_LABELS",
    "TIP_MESSAGE_MAX_LENGTH",
    "Answer",
    "Choice",
    "County",
    "ExternalIdentity",
    "Finding",
    "FocusArea",
    "Membership",
    "Municipality",
    "Observation",
    "PageFeedback",
    "Place",
    "PoliceArea",
    "PoliceDistrict",
    "PoliceRegion",
    "Problem",
    "Question",
    "ReferenceCoverage",
    "ReportingOrganisation",
    "Response",
    "SituationReport",
    "Source",
    "Survey",
    "Tip",
    "monday_of",
]
