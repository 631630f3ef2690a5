"""The two real medborgarlöften of the demo, Säffle 2017 and Essunga 2021, as Python data.

The texts are copied from the charters as the kommuner published them, word for word and typos
included ("aktiviter", "trygghetfrågor", "främja den fysiska och psykiska ohälsan"): the demo
shows real charters, so nothing is corrected or added. Where a model needs a value the text does
not give, the choice is named in a comment next to it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from followups.demo import upsert
from followups.models import FollowUpRound
from promises.models import Activity, Charter, Contact, Party, Promise, Signatory
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    SituationReport,
    Source,
)

Kind = Activity.Kind
SourceKind = Source.Kind

# The focus areas of the seeds, in the order the taxonomy lists them.
FOCUS_AREAS = ["Trafik", "Alkohol och droger", "Stölder och inbrott", "Utemiljö", "Synlighet"]


@dataclass(frozen=True)
class SeedPoliceArea:
    name: str
    slug: str
    district: str
    region: str
    municipality_codes: tuple[str, ...]


@dataclass(frozen=True)
class SeedSource:
    kind: str
    title: str
    description: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class SeedFinding:
    text: str
    focus_area: str | None = None
    value: Decimal | None = None
    unit: str = ""
    source: str | None = None  # the title of one of the report's sources


@dataclass(frozen=True)
class SeedActivity:
    title: str
    description: str
    kind: str
    party: str
    expected_effect: str = ""
    responsible_function: str = ""
    recurrence: str = ""
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeedPromise:
    owner: str
    text: str
    title: str = ""
    focus_areas: tuple[str, ...] = ()
    activities: tuple[SeedActivity, ...] = ()


@dataclass(frozen=True)
class SeedPerson:
    name: str
    title: str
    party: str
    organisation: str = ""


@dataclass(frozen=True)
class SeedCharter:
    municipality_code: str
    police_area: SeedPoliceArea
    year: int
    title: str
    summary: str
    background: str
    followup_method: str
    reporting_channels: str
    participation: str
    report_title: str
    report_summary: str
    promises: tuple[SeedPromise, ...]
    report_limitations: str = ""
    report_selection_rationale: str = ""
    sources: tuple[SeedSource, ...] = ()
    findings: tuple[SeedFinding, ...] = ()
    places: tuple[str, ...] = ()
    signatories: tuple[SeedPerson, ...] = ()
    contacts: tuple[SeedPerson, ...] = ()
    focus_areas: tuple[str, ...] = ()

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


# --- Säffle 2017 ---------------------------------------------------------------------------

LPO_ARVIKA = SeedPoliceArea(
    name="Lokalpolisområde Arvika",
    slug="lokalpolisomrade-arvika",
    district="Polisområde Värmland",
    region="Bergslagen",
    # The charter names only Säffle; the LPO bears the name of Arvika, its seat, so it covers
    # Arvika too (and the national generator then makes no second "Lokalpolisområde Arvika").
    municipality_codes=("1785", "1784"),
)

SAFFLE_VISIBILITY_EFFECT = (
    "Medborgare upplever en ökad trygghetskänsla genom att polisen och kommunen blir mer "
    "tillgängliga för allmänheten"
)

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
            "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis.",
            focus_area="Synlighet",
            value=Decimal(60),
            unit="%",
        ),
        SeedFinding(
            "26 % önskar mer satsning på utemiljön.",
            focus_area="Utemiljö",
            value=Decimal(26),
            unit="%",
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


# --- Essunga 2021 --------------------------------------------------------------------------

LPO_VASTRA_SKARABORG = SeedPoliceArea(
    name="Lokalpolisområde västra Skaraborg",
    slug="lokalpolisomrade-vastra-skaraborg",
    district="Polisområde Skaraborg",
    region="Väst",
    # Essunga, Grästorp and Vara: the kommunpoliser of the charter cover all three.
    municipality_codes=("1445", "1444", "1470"),
)

ESSUNGA_SURVEY = (
    "En enkät om upplevd trygghet i samarbete mellan kommun och Polis.\n\n"
    "Vi vill veta mer om kommuninvånarnas erfarenheter och synpunkter om den upplevda "
    "tryggheten i kommunen.\n\n"
    "Kommun och polisen samverkar sedan några år i trygghetfrågor i syfte att öka den upplevda "
    "tryggheten och minska brottsligheten. För att hantera lokala problem och för att få in "
    "synpunkter har Polisen och Essunga kommun en gemensam elektronisk enkät som alla som "
    "vistas eller som bor i kommunen här får möjlighet att besvara. Enkäten besvaras helt "
    "anonymt.\n\n"
    "ANDRA FÖRUTSÄTTNINGAR\n\n"
    "I år är förutsättningarna för fysiska medborgardialoger INTE optimala. Vanligtvis brukar "
    "kommun och polis i samverkan vara ute bland medborgarna och föra dialoger om upplevd "
    "trygghet för att fånga upp era känslor och synpunkter. Med anledning av Coronakrisen är "
    "det i år lite annorlunda. Det blir inte så mycket fysiska möten och därför får alla "
    "medborgare, oavsett ålder, möjlighet att elektroniskt lämna svar och åsikter om hur man "
    "önskar att kommun och polis i samverkan ska öka den upplevda tryggheten och minska "
    "brottsligheten.\n\n"
    "Det är viktigt att vi får reda på era erfarenheter, synpunkter och upplevelser av "
    "trygghet i kommunen. Genom att ta tillvara på den samlade kunskapen som finns i "
    "lokalsamhället kan vi tillsammans göra rätt saker.\n\n"
    "- När vi fått in alla svar från enkäten kommer vi få en överblick och en gemensam "
    "lägesbild för att göra rätt insatser med de resurser som finns tillgängliga hos både "
    "polis och kommun. Liksom tidigare år kommer resultatet ligga som grund för att se över om "
    "det finns någon extra insats som kan formuleras som ett MEDBORGARLÖFTE. Allt detta gör vi "
    "i syfte att kommuninvånarna ska känna sig tryggare, säger kommunpoliserna Torbjörn "
    "Walthersson och Kristoffer Hjelm\n\n"
    "Här svarar du på medborgarenkäten fram till den 1 september."
)

ESSUNGA_2021 = SeedCharter(
    municipality_code="1445",
    police_area=LPO_VASTRA_SKARABORG,
    year=2021,
    title="Medborgarlöfte 2021",
    summary=(
        "Polisen och Essunga kommuns medborgarlöfte för 2021 har ett fokus på trafik, alkohol "
        "och droger\n\n"
        "Polisen och Essunga kommuns medborgarlöfte är ett fortsatt arbete med att skapa en "
        "trygg miljö för kommuninnevånarna genom att ha fokus på trafik, alkohol och droger. I "
        "samverkan ska vi förebygga och förhindra tidigt bruk av droger i skolmiljö och övriga "
        "otrygga platser. Vi kommer även att arbeta med att förebygga och förhindra stölder och "
        "inbrott."
    ),
    background=(
        "Ett medborgarlöfte är en del av lokalpolisområde västra Skaraborg och Essunga kommuns "
        "samverkansöverenskommelse i det långsiktiga brottsförebyggande och trygghetsskapande "
        "arbetet.\n\n"
        "Ett medborgarlöfte utgår från en lägesbild som tagits fram genom medborgardialoger, "
        "medarbetardialoger, statistik, kunskapsbaserad brottsprevention i EST och övriga "
        "erfarenhet som finns inom polisen och kommunens egen organisation."
    ),
    followup_method=(
        "Uppföljning av insatser ska ske kontinuerligt i EEST som är en variant av ett lokalt "
        "BRÅ, till polisens ledningsgrupp och i kanaler som kan nås av medborgarna via kommunens "
        "hemsida, kommunens information till hushåll, Facebook polisen västra Skaraborg och "
        "lokal media."
    ),
    reporting_channels=(
        "Kanaler som kan nås av medborgarna via kommunens hemsida, kommunens information till "
        "hushåll, Facebook polisen västra Skaraborg och lokal media."
    ),
    participation=(
        "Medborgarenkät 2021 – Trygg i Essunga kommun: en enkät om upplevd trygghet i samarbete "
        "mellan kommun och Polis, som alla som vistas eller som bor i kommunen får möjlighet att "
        "besvara. Enkäten besvaras helt anonymt. Här svarar du på medborgarenkäten fram till den "
        "1 september.\n\n"
        "Polisen och Essunga kommun genomför tätortsvandringar och dialogmöten med tillhörande "
        "uppföljning och återkoppling i samverkan med intresseföreningar, polis och "
        "kommuninvånare."
    ),
    # The report covers the charter's year: it rests on the dialogues and surveys of 2020 and
    # is kept current through EEST and the survey of 2021.
    report_title="Lägesbild – identifierade områden",
    report_summary=(
        "Lägesbilden visar att medborgarna önskar en mer synlig och tillgänglig polis och pekar "
        "också ut några områden som extra viktiga för en ökad upplevd trygghet. Det finns en oro "
        "för droger, trafik och stölder\n\n"
        "Ett fortsatt arbete med Essunga Effektiv Samordning för Trygghet (EEST) för att få en "
        "aktuell lägesbild genom kontinuerliga telefonmöten med inrapportörer från olika "
        "verksamheter i kommunen."
    ),
    report_limitations=(
        "Under 2020 har en pandemi förhindrat många möten med medborgare. I de medborgardialoger "
        "och enkätundersökningar som genomförts har polis och kommun trots det tagit fram en "
        "lägesbild med syftet att göra insatser för att skapa en tryggare kommun."
    ),
    report_selection_rationale=(
        "Resultatet från dialoger tillsammans med statistik visar en gemensam lägesbild där "
        "droger, trafik, stölder och inbrott är prioriterade områden."
    ),
    sources=(
        SeedSource(
            SourceKind.CITIZEN_DIALOGUE,
            "Medborgardialoger",
            "Under 2020 har en pandemi förhindrat många möten med medborgare.",
        ),
        SeedSource(SourceKind.CITIZEN_SURVEY, "Enkätundersökningar"),
        SeedSource(SourceKind.STAFF_DIALOGUE, "Medarbetardialoger"),
        SeedSource(SourceKind.CRIME_STATISTICS, "Statistik"),
        SeedSource(
            SourceKind.EST,
            "Essunga Effektiv Samordning för Trygghet (EEST)",
            "Ett fortsatt arbete med Essunga Effektiv Samordning för Trygghet (EEST) för att få "
            "en aktuell lägesbild genom kontinuerliga telefonmöten med inrapportörer från olika "
            "verksamheter i kommunen. EEST är en variant av ett lokalt BRÅ.",
        ),
        SeedSource(
            SourceKind.OTHER,
            "Övrig erfarenhet inom polisen och kommunens egen organisation",
        ),
        # The survey closes on 1 September 2021, the date its knowledge is complete. The text
        # links to it without giving the address, so the link stays empty.
        SeedSource(
            SourceKind.CITIZEN_SURVEY,
            "Medborgarenkät 2021 – Trygg i Essunga kommun",
            ESSUNGA_SURVEY,
            datetime.date(2021, 9, 1),
        ),
    ),
    # "Det finns en oro för droger, trafik och stölder": one finding per worry, so that each
    # links to its focus area; the text names no source for them.
    findings=(
        SeedFinding(
            "Medborgarna önskar en mer synlig och tillgänglig polis.", focus_area="Synlighet"
        ),
        SeedFinding("Det finns en oro för droger.", focus_area="Alkohol och droger"),
        SeedFinding("Det finns en oro för trafik.", focus_area="Trafik"),
        SeedFinding("Det finns en oro för stölder.", focus_area="Stölder och inbrott"),
    ),
    places=("skolmiljö",),
    focus_areas=("Trafik", "Alkohol och droger", "Stölder och inbrott"),
    # The charter lists promises only; each promise's measure is its one activity, in its own
    # words. An expected effect is given only where the promise states its purpose.
    promises=(
        SeedPromise(
            Party.POLICE,
            "Polisen ska genomföra riktad trafikövervakning med fokus på hastighet, "
            "livsstilskriminella och påverkade förare på platser som upplevs som mindre trygga "
            "eller som är särskilt brottsutsatta.",
            focus_areas=("Trafik",),
            activities=(
                SeedActivity(
                    "Riktad trafikövervakning",
                    "Riktad trafikövervakning med fokus på hastighet, livsstilskriminella och "
                    "påverkade förare på platser som upplevs som mindre trygga eller som är "
                    "särskilt brottsutsatta.",
                    Kind.TRAFFIC_CONTROL,
                    Party.POLICE,
                ),
            ),
        ),
        SeedPromise(
            Party.POLICE,
            "Polisen ska ha täta kontakter med skola, fritid och socialtjänst för att tidigt "
            "upptäcka bruk av droger bland ungdomar.",
            focus_areas=("Alkohol och droger",),
            activities=(
                SeedActivity(
                    "Täta kontakter med skola, fritid och socialtjänst",
                    "Täta kontakter med skola, fritid och socialtjänst för att tidigt upptäcka "
                    "bruk av droger bland ungdomar.",
                    Kind.PREVENTION,
                    Party.POLICE,
                    expected_effect="Tidigt upptäcka bruk av droger bland ungdomar.",
                ),
            ),
        ),
        SeedPromise(
            Party.POLICE,
            "Polisen ska samverka med socialtjänst och skola och vid behov på deras initiativ "
            "genomföra förebyggande insatser mot användande av droger i exempelvis skolmiljö.",
            focus_areas=("Alkohol och droger",),
            activities=(
                SeedActivity(
                    "Förebyggande insatser mot användande av droger",
                    "Samverka med socialtjänst och skola och vid behov på deras initiativ "
                    "genomföra förebyggande insatser mot användande av droger i exempelvis "
                    "skolmiljö.",
                    Kind.PREVENTION,
                    Party.POLICE,
                    recurrence="Vid behov, på socialtjänstens och skolans initiativ",
                    places=("skolmiljö",),
                ),
            ),
        ),
        SeedPromise(
            Party.POLICE,
            "Polisen ska informera och aktivt medverka vid uppstart av Grannsamverkan.",
            focus_areas=("Stölder och inbrott",),
            activities=(
                SeedActivity(
                    "Information och medverkan vid uppstart av Grannsamverkan",
                    "Informera och aktivt medverka vid uppstart av Grannsamverkan.",
                    Kind.COMMUNICATION,
                    Party.POLICE,
                    recurrence="Vid uppstart av Grannsamverkan",
                ),
            ),
        ),
        SeedPromise(
            Party.MUNICIPALITY,
            "Kommunen ska bistå med resurs för att genomföra orossamtal och följa upp "
            "ungdomar som påträffas i närheten där missbruk finns eller bland personer som "
            "missbrukar.",
            focus_areas=("Alkohol och droger",),
            activities=(
                SeedActivity(
                    "Orossamtal och uppföljning av ungdomar",
                    "Bistå med resurs för att genomföra orossamtal och följa upp ungdomar som "
                    "påträffas i närheten där missbruk finns eller bland personer som "
                    "missbrukar.",
                    Kind.PREVENTION,
                    Party.MUNICIPALITY,
                ),
            ),
        ),
        SeedPromise(
            Party.MUNICIPALITY,
            "Kommunen ska ansvara för ett varierande utbud av aktiviteter främst riktade mot "
            "ungdomar såsom sommarskola och en öppen fritidsgård under sommarlovet. Syftet är "
            "att förebygga utanförskap och främja den fysiska och psykiska ohälsan.",
            activities=(
                SeedActivity(
                    "Sommarskola och öppen fritidsgård under sommarlovet",
                    "Ett varierande utbud av aktiviteter främst riktade mot ungdomar såsom "
                    "sommarskola och en öppen fritidsgård under sommarlovet.",
                    Kind.PREVENTION,
                    Party.MUNICIPALITY,
                    expected_effect=(
                        "Förebygga utanförskap och främja den fysiska och psykiska ohälsan."
                    ),
                    recurrence="Under sommarlovet",
                ),
            ),
        ),
        SeedPromise(
            Party.MUNICIPALITY,
            "Kommunen ska stötta frivilligorganisationer och föreningar i Essunga kommun i "
            "deras arbete för minskad brottslighet och ökad trygghet.",
            activities=(
                SeedActivity(
                    "Stöd till frivilligorganisationer och föreningar",
                    "Stötta frivilligorganisationer och föreningar i Essunga kommun i deras "
                    "arbete för minskad brottslighet och ökad trygghet.",
                    Kind.PREVENTION,
                    Party.MUNICIPALITY,
                    expected_effect="Minskad brottslighet och ökad trygghet.",
                ),
            ),
        ),
        SeedPromise(
            Party.MUNICIPALITY,
            "Kommunen ska ansvara och göra åtgärder för en trygg yttre miljö genom översyn och "
            "förbättring av belysning och buskage.",
            focus_areas=("Utemiljö",),
            activities=(
                SeedActivity(
                    "Översyn och förbättring av belysning och buskage",
                    "Ansvara och göra åtgärder för en trygg yttre miljö genom översyn och "
                    "förbättring av belysning och buskage.",
                    Kind.PHYSICAL_ENVIRONMENT,
                    Party.MUNICIPALITY,
                    expected_effect="En trygg yttre miljö.",
                ),
            ),
        ),
        SeedPromise(
            Party.JOINT,
            "Genomföra tätortsvandringar och dialogmöten med tillhörande uppföljning och "
            "återkoppling i samverkan med intresseföreningar, polis och kommuninvånare.",
            activities=(
                SeedActivity(
                    "Tätortsvandringar och dialogmöten",
                    "Genomföra tätortsvandringar och dialogmöten med tillhörande uppföljning och "
                    "återkoppling i samverkan med intresseföreningar, polis och kommuninvånare.",
                    Kind.SAFETY_WALK,
                    Party.JOINT,
                ),
            ),
        ),
    ),
    # The text names no signatories; the kommunpoliser are its contacts.
    contacts=(
        SeedPerson("Torbjörn Walthersson", "kommunpolis", Party.POLICE),
        SeedPerson("Kristoffer Hjelm", "kommunpolis", Party.POLICE),
    ),
)

SEEDS = (SAFFLE_2017, ESSUNGA_2021)


# --- Loading -------------------------------------------------------------------------------


def focus_areas(names: list[str] | tuple[str, ...]) -> dict[str, FocusArea]:
    """Get or create the focus areas NAMES, giving new ones the order of FOCUS_AREAS."""
    order = {name: index for index, name in enumerate(FOCUS_AREAS, start=1)}
    return {
        name: FocusArea.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "order": order.get(name, 100)}
        )[0]
        for name in names
    }


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def seed_status(municipality: Municipality, period_start: datetime.date) -> str:
    """Published, so residents find the seed on its kommun page; closed once a later one is.

    Both periods are long over, which would make them "closed", but the kommun page shows the
    current published charter first and closed ones only in its archive: a seed that is its
    kommun's latest charter stays published so that it is what residents see. When the national
    generator gives the kommun later charters, the seed moves to the archive like any other.
    """
    later = Charter.objects.published().filter(
        municipality=municipality, period_start__gt=period_start
    )
    return Charter.Status.CLOSED if later.exists() else Charter.Status.PUBLISHED


def settle_seed_statuses() -> None:
    """Give each seed charter the status seed_status() names, for after national data."""
    for seed in SEEDS:
        charter = Charter.objects.select_related("municipality").get(
            municipality__code=seed.municipality_code, period_start=seed.period_start
        )
        status = seed_status(charter.municipality, charter.period_start)
        if charter.status != status:
            charter.status = status
            charter.save(update_fields=["status", "updated_at"])


def load_seeds() -> list[Charter]:
    """Create or update both seed charters with everything they hold; return them."""
    return [load_charter(seed) for seed in SEEDS]


def load_police_area(seed: SeedPoliceArea) -> PoliceArea:
    region = PoliceRegion.objects.get(name=seed.region)
    district = upsert(
        PoliceDistrict,
        lookup={"name": seed.district},
        values={"slug": slugify(seed.district), "region": region},
    )
    area = upsert(
        PoliceArea, lookup={"slug": seed.slug}, values={"name": seed.name, "district": district}
    )
    area.municipalities.set(Municipality.objects.filter(code__in=seed.municipality_codes))
    return area


def load_charter(seed: SeedCharter) -> Charter:
    municipality = Municipality.objects.get(code=seed.municipality_code)
    area = load_police_area(seed.police_area)
    names = {*seed.focus_areas, *(f.focus_area for f in seed.findings if f.focus_area)}
    for promise in seed.promises:
        names.update(promise.focus_areas)
    focus = focus_areas(sorted(names))
    places = {
        name: upsert(
            Place,
            lookup={"municipality": municipality, "slug": slugify(name)},
            values={"name": name},
        )
        for name in seed.places
    }
    # The text gives no date of signing, so none is recorded (the page then shows none). It
    # gives no publish date either, which a public charter needs: the period's first day
    # stands in, as it is never shown to residents.
    signed_on = seed.period_start
    report = load_report(seed, municipality, area, focus, signed_on)
    charter = upsert(
        Charter,
        lookup={"municipality": municipality, "period_start": seed.period_start},
        values={
            "period_end": seed.period_end,
            "followup_cadence": Charter.FollowUpCadence.HALF_YEAR,
            "police_area": area,
            "agreement": None,
            "situation_report": report,
            "title": seed.title,
            "status": seed_status(municipality, seed.period_start),
            "summary": seed.summary,
            "background": seed.background,
            "followup_method": seed.followup_method,
            "reporting_channels": seed.reporting_channels,
            "participation": seed.participation,
            "signed_on": None,
            "published_at": noon(signed_on),
        },
    )
    load_promises(seed, charter, focus, places)
    load_people(seed, charter)
    load_rounds(seed, charter)
    return charter


def load_report(
    seed: SeedCharter,
    municipality: Municipality,
    area: PoliceArea,
    focus: dict[str, FocusArea],
    published_on: datetime.date,
) -> SituationReport:
    report = upsert(
        SituationReport,
        lookup={"municipality": municipality, "period_start": seed.period_start},
        values={
            "period_end": seed.period_end,
            "police_area": area,
            "title": seed.report_title,
            "status": SituationReport.Status.PUBLISHED,
            "summary": seed.report_summary,
            "analysis": "",
            "selection_rationale": seed.report_selection_rationale,
            "limitations": seed.report_limitations,
            "published_at": noon(published_on),
        },
    )
    sources = {
        source.title: upsert(
            Source,
            lookup={"report": report, "title": source.title},
            values={
                "kind": source.kind,
                "description": source.description,
                "date": source.date,
                "url": "",
                "is_internal": False,
            },
        )
        for source in seed.sources
    }
    findings = [
        upsert(
            Finding,
            lookup={"report": report, "order": order},
            values={
                "text": finding.text,
                "value": finding.value,
                "unit": finding.unit,
                "focus_area": focus[finding.focus_area] if finding.focus_area else None,
                "source": sources[finding.source] if finding.source else None,
                "place": None,
            },
        )
        for order, finding in enumerate(seed.findings, start=1)
    ]
    # Findings go before sources: a finding protects its source from deletion.
    report.findings.exclude(pk__in=[f.pk for f in findings]).delete()
    report.sources.exclude(pk__in=[s.pk for s in sources.values()]).delete()
    return report


def load_promises(
    seed: SeedCharter,
    charter: Charter,
    focus: dict[str, FocusArea],
    places: dict[str, Place],
) -> None:
    kept = []
    for order, seed_promise in enumerate(seed.promises, start=1):
        promise = upsert(
            Promise,
            lookup={"charter": charter, "order": order},
            values={
                "owner": seed_promise.owner,
                "title": seed_promise.title,
                "text": seed_promise.text,
            },
        )
        promise.focus_areas.set([focus[name] for name in seed_promise.focus_areas])
        activities = []
        for activity_order, seed_activity in enumerate(seed_promise.activities, start=1):
            activity = upsert(
                Activity,
                lookup={"promise": promise, "order": activity_order},
                values={
                    "title": seed_activity.title,
                    "description": seed_activity.description,
                    "kind": seed_activity.kind,
                    "responsible_party": seed_activity.party,
                    "responsible_function": seed_activity.responsible_function,
                    "recurrence": seed_activity.recurrence,
                    "expected_effect": seed_activity.expected_effect,
                    "is_public": True,
                },
            )
            activity.places.set([places[name] for name in seed_activity.places])
            activities.append(activity.pk)
        promise.activities.exclude(pk__in=activities).delete()
        kept.append(promise.pk)
    charter.promises.exclude(pk__in=kept).delete()


def load_people(seed: SeedCharter, charter: Charter) -> None:
    signatories = [
        upsert(
            Signatory,
            lookup={"charter": charter, "order": order},
            values={
                "name": person.name,
                "title": person.title,
                "party": person.party,
                "organisation": person.organisation,
                "signed_on": None,
            },
        ).pk
        for order, person in enumerate(seed.signatories, start=1)
    ]
    charter.signatories.exclude(pk__in=signatories).delete()
    contacts = [
        upsert(
            Contact,
            lookup={"charter": charter, "order": order},
            values={"name": person.name, "role": person.title, "party": person.party},
        ).pk
        for order, person in enumerate(seed.contacts, start=1)
    ]
    charter.contacts.exclude(pk__in=contacts).delete()


def load_rounds(seed: SeedCharter, charter: Charter) -> None:
    """Two half-year rounds, left unreported: the texts tell nothing of what came of it.

    The charters say only that the work is followed up continuously; a half-year is the
    interval chosen for the demo. No follow-up is recorded, since inventing outcomes for real
    kommuner would be worse than showing an empty round.
    """
    year = seed.year
    halves = [
        ("Halvår 1", datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
        ("Halvår 2", datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
    ]
    rounds = [
        upsert(
            FollowUpRound,
            lookup={"charter": charter, "period_start": start},
            values={
                "title": f"{title} {year}",
                "period_end": end,
                "due_on": end + datetime.timedelta(days=31),
                "summary": "",
                "published_at": None,
            },
        ).pk
        for title, start, end in halves
    ]
    charter.rounds.exclude(pk__in=rounds).delete()
