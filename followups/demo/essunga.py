"""Essunga's medborgarlöfte of 2021 with lokalpolisområde västra Skaraborg, word for word as
the kommun published it (see followups/demo/seeds.py on why nothing is corrected)."""

from __future__ import annotations

import datetime

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

# The reference data's LPO Västra Skaraborg, which works with Essunga, Grästorp and Vara (the
# kommunpoliser of the charter cover all three) and Götene, Lidköping and Skara.
LPO_VASTRA_SKARABORG = SeedPoliceArea(reference_key="Västra Skaraborg")

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

# The worries of the lägesbild, each a finding, and the prioritised areas they belong to.
ESSUNGA_DRUGS_WORRY = "Det finns en oro för droger."
ESSUNGA_TRAFFIC_WORRY = "Det finns en oro för trafik."
ESSUNGA_THEFT_WORRY = "Det finns en oro för stölder."
ESSUNGA_DRUGS = "Droger"
ESSUNGA_TRAFFIC = "Trafik"
ESSUNGA_THEFT = "Stölder och inbrott"

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
        SeedFinding(ESSUNGA_DRUGS_WORRY, focus_area="Alkohol och droger"),
        SeedFinding(ESSUNGA_TRAFFIC_WORRY, focus_area="Trafik"),
        SeedFinding(ESSUNGA_THEFT_WORRY, focus_area="Stölder och inbrott"),
    ),
    # "Droger, trafik, stölder och inbrott är prioriterade områden", in that order. The wish
    # for a more visible police is a finding but not one of them. The cause texts are the
    # charter's own words where it says where or among whom: the drugs "i skolmiljö och
    # övriga otrygga platser" and "bland ungdomar" (its summary and second promise), the
    # traffic "hastighet, livsstilskriminella och påverkade förare" (its first promise).
    problems=(
        SeedProblem(
            ESSUNGA_DRUGS,
            focus_area="Alkohol och droger",
            description=ESSUNGA_DRUGS_WORRY,
            findings=(ESSUNGA_DRUGS_WORRY,),
            places=("skolmiljö",),
            cause_situation="Tidigt bruk av droger i skolmiljö och övriga otrygga platser.",
            cause_offenders="Bruk av droger bland ungdomar.",
        ),
        SeedProblem(
            ESSUNGA_TRAFFIC,
            focus_area="Trafik",
            description=ESSUNGA_TRAFFIC_WORRY,
            findings=(ESSUNGA_TRAFFIC_WORRY,),
            cause_offenders="Hastighet, livsstilskriminella och påverkade förare.",
        ),
        SeedProblem(
            ESSUNGA_THEFT,
            focus_area="Stölder och inbrott",
            description=ESSUNGA_THEFT_WORRY,
            findings=(ESSUNGA_THEFT_WORRY,),
        ),
    ),
    places=("skolmiljö",),
    focus_areas=("Trafik", "Alkohol och droger", "Stölder och inbrott"),
    # The charter lists promises only; each promise's measure is its one activity, in its own
    # words. A promise answers the prioritised problem of its focus area; the four others
    # (youth activities, associations, lighting and bushes, walks) answer none of them. An
    # expected effect is given only where the promise states its purpose.
    promises=(
        SeedPromise(
            Party.POLICE,
            "Polisen ska genomföra riktad trafikövervakning med fokus på hastighet, "
            "livsstilskriminella och påverkade förare på platser som upplevs som mindre trygga "
            "eller som är särskilt brottsutsatta.",
            focus_areas=("Trafik",),
            problems=(ESSUNGA_TRAFFIC,),
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
            problems=(ESSUNGA_DRUGS,),
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
            problems=(ESSUNGA_DRUGS,),
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
            problems=(ESSUNGA_THEFT,),
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
            problems=(ESSUNGA_DRUGS,),
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
