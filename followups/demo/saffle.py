"""Säffle's medborgarlöfte of 2017 with lokalpolisområde Arvika, word for word as the kommun
published it (see followups/demo/seeds.py on why nothing is corrected)."""

from __future__ import annotations

from decimal import Decimal

from followups.demo.seed_types import (
    Kind,
    Party,
    SeedActivity,
    SeedCharter,
    SeedFinding,
    SeedPerson,
    SeedPoliceArea,
    SeedProblem,
    SeedPromise,
    SeedSource,
    SourceKind,
)

# The reference data's LPO Arvika, which works with Säffle, Arvika, Eda and Årjäng.
LPO_ARVIKA = SeedPoliceArea(reference_key="Arvika")

SAFFLE_VISIBILITY_EFFECT = (
    "Medborgare upplever en ökad trygghetskänsla genom att polisen och kommunen blir mer "
    "tillgängliga för allmänheten"
)

# The two figures of the lägesbild, each a finding and the problem it shows.
SAFFLE_60_PERCENT = "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis."
SAFFLE_26_PERCENT = "26 % önskar mer satsning på utemiljön."
SAFFLE_ACCESSIBLE_POLICE = "En mer tillgänglig polis"
SAFFLE_OUTDOOR_ENVIRONMENT = "Mer satsning på utemiljön"

SAFFLE_2017 = SeedCharter(
    municipality_code="1785",
    police_area=LPO_ARVIKA,
    year=2017,
    title="Medborgarlöfte 2017",
    summary=(
        "Säffle kommun och lokalpolisområde Arvika har i den gemensamma "
        "samverkansöverenskommelsen beslutat att arbeta med medborgarlöften.\n\n"
        "Syftet med medborgarlöften är att genom ökad samverkan öka tryggheten och minska "
        "brottsligheten i kommunen."
    ),
    background=(
        "Medborgarlöften är en del av polismyndighetens nya styrmodell och innebär att kommunen "
        "och polisen gemensamt ska ta fram aktuella fokusområden som sedan formas till löften. "
        "Det är den lokala lägesbilden som är utgångspunkt för polisens lokala mål och grunden "
        "till aktuella medborgarlöften. Lägesbilden tas fram genom att båda parter utför "
        "medarbetar- samt medborgardialoger. Utöver dialogerna läggs befintlig statistik som "
        "tillsammans skapar den aktuella lägesbilden."
    ),
    followup_method=(
        "Arbetet med medborgarlöften kommer kontinuerligt att följas upp och utvärderas. För att "
        "möjliggöra uppföljningen av aktiviter kommer en aktivitetsplan att knytas till arbetet. "
        "Uppföljning av effekter sker med hjälp av tillgänglig statistik samt erfarenheter från "
        "berörd personal."
    ),
    reporting_channels=(
        "Kommunikation om resultat sker via lokalmedia, kommunens hemsida och sociala medier."
    ),
    # The charter has no section of its own on taking part; these are the two invitations to
    # residents in its activities, in its own words.
    participation=(
        "Boende i det område som fått lägst trygghetsbetyg i samband med medborgardialogerna "
        "kommer att bjudas in till trygghetsvandringen.\n\n"
        "Polisen tillsammans med Säffle kommun bjuder in till ”föräldrar på stan-möte”."
    ),
    report_title="Lägesbild",
    report_summary=(
        "I Säffle kommun har följande lägesbild identifierats: 60 % av de som deltagit i "
        "dialogerna vill ha en mer tillgänglig polis. 26 % önskar mer satsning på utemiljön."
    ),
    sources=(
        SeedSource(
            SourceKind.CITIZEN_DIALOGUE,
            "Medborgardialoger",
            "Lägesbilden tas fram genom att båda parter utför medarbetar- samt medborgardialoger.",
        ),
        SeedSource(
            SourceKind.STAFF_DIALOGUE,
            "Medarbetardialoger",
            "Lägesbilden tas fram genom att båda parter utför medarbetar- samt medborgardialoger.",
        ),
        SeedSource(
            SourceKind.CRIME_STATISTICS,
            "Befintlig statistik",
            "Utöver dialogerna läggs befintlig statistik som tillsammans skapar den aktuella "
            "lägesbilden.",
        ),
        SeedSource(
            SourceKind.SAFETY_SURVEY,
            "Trygghetsundersökningen",
            "Arbetet med trygghetsundersökningen uppmärksammades i media.",
        ),
    ),
    # "De som deltagit i dialogerna" does not say which dialogues, so no source is linked.
    findings=(
        SeedFinding(
            SAFFLE_60_PERCENT,
            focus_area="Synlighet",
            value=Decimal(60),
            unit="%",
        ),
        SeedFinding(
            SAFFLE_26_PERCENT,
            focus_area="Utemiljö",
            value=Decimal(26),
            unit="%",
        ),
    ),
    # The lägesbild names its two results in this order, each in the words of its figure. It
    # gives no cause analysis, so the cause texts stay empty; nor does it name a place.
    problems=(
        SeedProblem(
            SAFFLE_ACCESSIBLE_POLICE,
            focus_area="Synlighet",
            description=SAFFLE_60_PERCENT,
            findings=(SAFFLE_60_PERCENT,),
        ),
        SeedProblem(
            SAFFLE_OUTDOOR_ENVIRONMENT,
            focus_area="Utemiljö",
            description=SAFFLE_26_PERCENT,
            findings=(SAFFLE_26_PERCENT,),
        ),
    ),
    places=("centrala Säffle", "bostadsområden", "kransorter"),
    focus_areas=("Utemiljö", "Synlighet"),
    promises=(
        SeedPromise(
            Party.JOINT,
            "Polisen tillsammans med Säffle kommun kommer att arbeta för att förbättra utemiljön",
            title="Utemiljö",
            focus_areas=("Utemiljö",),
            problems=(SAFFLE_OUTDOOR_ENVIRONMENT,),
            activities=(
                SeedActivity(
                    "Trygghetsvandring i det område som fått lägst trygghetsbetyg",
                    "Polisen tillsammans med Säffle kommun kommer att genomföra en "
                    "trygghetsvandring i det område som fått lägst trygghetsbetyg i samband med "
                    "medborgardialogerna. Med trygghetsvandring avses en genomgång av den yttre "
                    "miljön så som belysning och buskage. Även boende i området kommer att "
                    "bjudas in till vandringen. Vandringen genomförs som minst med "
                    "representanter från polis, räddningstjänst, fastighetsbolag och teknik- "
                    "och fritidsförvaltningen.",
                    Kind.SAFETY_WALK,
                    Party.JOINT,
                    expected_effect="Förbättrad fysisk miljö och upplevd trygghet",
                    responsible_function=(
                        "Polis, räddningstjänst, fastighetsbolag och teknik- och "
                        "fritidsförvaltningen"
                    ),
                ),
            ),
        ),
        SeedPromise(
            Party.JOINT,
            "Polisen tillsammans med Säffle kommun kommer att arbeta för att öka sin "
            "synlighet, därigenom även öka tillgängligheten",
            title="Synlighet",
            focus_areas=("Synlighet",),
            problems=(SAFFLE_ACCESSIBLE_POLICE,),
            # The charter states one expected effect for all activities under Synlighet.
            activities=(
                SeedActivity(
                    "Gemensam monter vid marknader",
                    "Polisen tillsammans med kommunen har gemensam monter vid marknader",
                    Kind.PUBLIC_PRESENCE,
                    Party.JOINT,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                    recurrence="Vid marknader",
                ),
                SeedActivity(
                    "”Föräldrar på stan-möte”",
                    "Polisen tillsammans med Säffle kommun bjuder in till ”föräldrar på "
                    "stan-möte”",
                    Kind.DIALOGUE_MEETING,
                    Party.JOINT,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                ),
                SeedActivity(
                    "Gemensam Facebooksida",
                    "Se över möjligheten att starta en gemensam Facebooksida för kommunikation "
                    "med medborgare.",
                    Kind.COMMUNICATION,
                    Party.JOINT,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                ),
                SeedActivity(
                    "Fotpatrullering med uniformerad polis",
                    "Fotpatrullering med uniformerad polis på utvalda platser och tidpunkter så "
                    "som centrala Säffle, bostadsområden och kransorter.",
                    Kind.PATROL,
                    Party.POLICE,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                    recurrence="På utvalda platser och tidpunkter",
                    places=("centrala Säffle", "bostadsområden", "kransorter"),
                ),
                SeedActivity(
                    "Översyn av öppettiderna för polisstationen i Säffle",
                    "Översyn av öppettiderna för polisstationen i Säffle.",
                    Kind.REVIEW,
                    Party.POLICE,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                ),
                SeedActivity(
                    "Synlighet i samtliga arbetsuppgifter",
                    "Synligheten ska beaktas i samtliga arbetsuppgifter under året, polisen ska "
                    "alltså göra sig så synlig som möjligt i de ordinarie arbetsuppgifterna.",
                    Kind.OTHER,
                    Party.POLICE,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                    recurrence="Under året",
                ),
                SeedActivity(
                    "Kommunen är synlig vid flera tillfällen under året",
                    "Kommunen är synlig vid flera tillfällen under året, exempelvis "
                    "skolavslutning, vår- och höstmarknad och skördefest",
                    Kind.PUBLIC_PRESENCE,
                    Party.MUNICIPALITY,
                    expected_effect=SAFFLE_VISIBILITY_EFFECT,
                    recurrence=(
                        "Vid flera tillfällen under året, exempelvis skolavslutning, vår- och "
                        "höstmarknad och skördefest"
                    ),
                ),
            ),
        ),
    ),
    signatories=(
        SeedPerson("Dag Rogne", "kommunalråd", Party.MUNICIPALITY, "Säffle kommun"),
        SeedPerson(
            "Christer Lööf", "lokalpolisområdeschef", Party.POLICE, "Lokalpolisområde Arvika"
        ),
    ),
)
