"""The texts of the generated national demo data: promises, activities, findings, names.

All made up, in the style of real charters. "{kommun}" stands for the kommun's name and
"{plats}" for one of its places.
"""

from promises.models import Activity, Party, Promise
from situations.models import Source

Kind = Activity.Kind
Assessment = Promise.Assessment
POLICE, KOMMUN, JOINT = Party.POLICE, Party.MUNICIPALITY, Party.JOINT

# fmt: off
# A promise: (owner, focus area, text, activities). An activity: (kind, responsible party,
# title, when, expected effect). "{kommun}" is the kommun's name, "{plats}" one of its places.

PROMISES = [
    (POLICE, "Trafik", "Polisen ska genomföra riktade trafikkontroller med fokus på hastighet "
     "och rattfylleri.", [
        (Kind.TRAFFIC_CONTROL, POLICE, "Hastighetskontroller vid {plats}", "Varje månad",
         "Lägre hastigheter och färre olyckor."),
        (Kind.TRAFFIC_CONTROL, POLICE, "Nykterhetskontroller på infartsvägarna",
         "Varannan vecka", "Färre påverkade förare."),
        (Kind.TRAFFIC_CONTROL, POLICE, "Kontroller av mopeder och EPA-traktorer",
         "Under våren och hösten", "Säkrare trafik för unga."),
        (Kind.COMMUNICATION, POLICE, "Resultatet av kontrollerna i sociala medier",
         "Efter varje insats", "Invånarna ser att polisen agerar."),
    ]),
    (POLICE, "Synlighet", "Polisen ska vara synlig och tillgänglig i {kommun} genom "
     "fotpatrullering och regelbundna träffpunkter.", [
        (Kind.PATROL, POLICE, "Fotpatrullering vid {plats}", "Fredags- och lördagskvällar",
         "Ökad upplevd trygghet på kvällarna."),
        (Kind.PUBLIC_PRESENCE, POLICE, "Polisen på plats vid marknader och evenemang",
         "Vid större evenemang", "Polisen blir mer tillgänglig för allmänheten."),
        (Kind.DIALOGUE_MEETING, POLICE, "Träffa polisen – öppen träffpunkt",
         "En gång i månaden", "Fler invånare känner sin kommunpolis."),
        (Kind.COMMUNICATION, POLICE, "Kommunpolisen berättar om arbetet i lokala medier",
         "Varje kvartal", "Invånarna vet vad polisen gör i kommunen."),
    ]),
    (POLICE, "Alkohol och droger", "Polisen ska arbeta mot narkotikaförsäljning och bruk av "
     "droger bland unga.", [
        (Kind.PATROL, POLICE, "Insatser mot narkotikaförsäljning vid {plats}", "Löpande",
         "Minskad tillgång till narkotika."),
        (Kind.PREVENTION, POLICE, "Föräldramöten om droger i årskurs 8", "Under höstterminen",
         "Föräldrar känner igen tecken på drogbruk."),
        (Kind.PREVENTION, POLICE, "Samverkan i SSPF med skola, socialtjänst och fritid",
         "Varannan vecka", "Unga i riskzonen fångas upp tidigt."),
        (Kind.REVIEW, POLICE, "Kartläggning av platser där narkotika säljs",
         "Under första kvartalet", "Insatserna riktas dit de gör mest nytta."),
    ]),
    (POLICE, "Stölder och inbrott", "Polisen ska förebygga inbrott och stölder i bostäder och "
     "fordon.", [
        (Kind.COMMUNICATION, POLICE, "Information om inbrottsskydd till hushållen",
         "Inför sommaren och julen", "Färre inbrott i bostäder."),
        (Kind.PATROL, POLICE, "Patrullering i bostadsområden under semesterperioden",
         "Juni–augusti", "Färre inbrott under semestern."),
        (Kind.PREVENTION, POLICE, "Stöd vid uppstart av Grannsamverkan", "Vid förfrågan",
         "Fler områden med Grannsamverkan."),
        (Kind.PREVENTION, POLICE, "Märkning av båtmotorer och cyklar", "Under våren",
         "Stöldgods blir svårare att sälja."),
    ]),
    (POLICE, "Bedrägerier", "Polisen ska hjälpa äldre att skydda sig mot bedrägerier.", [
        (Kind.DIALOGUE_MEETING, POLICE, "Föreläsningar om bedrägerier för äldre",
         "Två gånger per termin", "Färre äldre blir lurade."),
        (Kind.COMMUNICATION, POLICE, "Informationsblad om telefonbedrägerier", "Under året",
         "Fler känner igen ett bedrägeriförsök."),
        (Kind.PREVENTION, POLICE, "Samverkan med bankerna om varningssignaler",
         "Varje kvartal", "Bedrägerier upptäcks innan pengarna är borta."),
        (Kind.PUBLIC_PRESENCE, POLICE, "Polisen på pensionärsföreningarnas möten",
         "Vid förfrågan", "Äldre vet vart de ska vända sig."),
    ]),
    (KOMMUN, "Utemiljö", "Kommunen ska förbättra belysningen och röja buskage på platser som "
     "upplevs som otrygga.", [
        (Kind.PHYSICAL_ENVIRONMENT, KOMMUN, "Ny belysning vid {plats}", "Under hösten",
         "Platsen upplevs som tryggare när det är mörkt."),
        (Kind.PHYSICAL_ENVIRONMENT, KOMMUN, "Röjning av buskage längs gång- och cykelvägar",
         "Vår och höst", "Bättre sikt och tryggare vägar."),
        (Kind.REVIEW, KOMMUN, "Inventering av trasig belysning", "Varje kvartal",
         "Fel åtgärdas snabbare."),
        (Kind.COMMUNICATION, KOMMUN, "Felanmälan om belysning på kommunens webbplats",
         "Löpande", "Invånarna kan enkelt rapportera brister."),
    ]),
    (KOMMUN, "Ungdomar", "Kommunen ska erbjuda unga en meningsfull fritid på kvällar och lov.", [
        (Kind.PREVENTION, KOMMUN, "Öppen fritidsgård på fredagskvällar", "Varje fredag",
         "Färre unga ute utan vuxna på kvällarna."),
        (Kind.PREVENTION, KOMMUN, "Sommarlovsaktiviteter för unga", "Under sommarlovet",
         "Minskat utanförskap."),
        (Kind.PATROL, KOMMUN, "Fältassistenter vid {plats}", "Helgkvällar",
         "Vuxna finns där unga är."),
        (Kind.DIALOGUE_MEETING, KOMMUN, "Ungdomsråd om trygghet", "En gång per termin",
         "Ungas synpunkter når beslutsfattarna."),
    ]),
    (KOMMUN, "Alkohol och droger", "Kommunen ska arbeta förebyggande mot alkohol, narkotika "
     "och tobak bland unga.", [
        (Kind.REVIEW, KOMMUN, "Tillsyn av serveringsställen", "Varje kvartal",
         "Minskad överservering."),
        (Kind.PREVENTION, KOMMUN, "Kontrollköp av folköl och tobak", "Två gånger per år",
         "Unga får svårare att köpa alkohol och tobak."),
        (Kind.COMMUNICATION, KOMMUN, "Föräldrautbildning om alkohol och droger",
         "Under läsåret", "Föräldrar vågar prata med sina barn om droger."),
        (Kind.PREVENTION, KOMMUN, "Drogförebyggande lektioner i skolan", "Under vårterminen",
         "Senare debut för alkohol och tobak."),
    ]),
    (KOMMUN, "Skadegörelse", "Kommunen ska ta bort klotter och åtgärda skadegörelse snabbt.", [
        (Kind.PHYSICAL_ENVIRONMENT, KOMMUN, "Klottersanering inom 48 timmar", "Löpande",
         "Färre platser som ser övergivna ut."),
        (Kind.REVIEW, KOMMUN, "Kartläggning av skadegörelse vid {plats}", "Under våren",
         "Åtgärderna riktas dit de behövs."),
        (Kind.COMMUNICATION, KOMMUN, "Kampanj mot skadegörelse i skolorna", "Under hösten",
         "Mindre skadegörelse i skolmiljön."),
        (Kind.REVIEW, KOMMUN, "Utredning av kameraövervakning vid {plats}", "Under året",
         "Ett underlag för beslut om kameror."),
    ]),
    (KOMMUN, "Synlighet", "Kommunen ska göra det lätt för invånarna i {kommun} att lämna "
     "synpunkter om trygghet.", [
        (Kind.COMMUNICATION, KOMMUN, "Trygghetsfrågor samlade på kommunens webbplats",
         "Löpande", "Invånarna hittar information om trygghetsarbetet."),
        (Kind.DIALOGUE_MEETING, KOMMUN, "Medborgardialog om trygghet", "En gång per år",
         "Invånarnas synpunkter formar nästa lägesbild."),
        (Kind.REVIEW, KOMMUN, "Medborgarenkät om upplevd trygghet", "Under hösten",
         "En aktuell bild av den upplevda tryggheten."),
        (Kind.PUBLIC_PRESENCE, KOMMUN, "Kommunen på plats vid marknader",
         "Vid vår- och höstmarknaden", "Kommunen blir mer tillgänglig."),
    ]),
    (JOINT, "Utemiljö", "Tillsammans genomför vi trygghetsvandringar och åtgärdar det vi "
     "hittar.", [
        (Kind.SAFETY_WALK, JOINT, "Trygghetsvandring vid {plats}", "Under hösten",
         "Förbättrad fysisk miljö och upplevd trygghet."),
        (Kind.SAFETY_WALK, JOINT, "Trygghetsvandring med boende i ett bostadsområde",
         "Under våren", "De boende får påverka sin närmiljö."),
        (Kind.PHYSICAL_ENVIRONMENT, KOMMUN, "Åtgärder efter trygghetsvandringarna",
         "Inom tre månader efter varje vandring", "Bristerna blir åtgärdade."),
        (Kind.COMMUNICATION, JOINT, "Återkoppling till de boende", "Efter varje vandring",
         "De boende ser vad som kom ut av vandringen."),
    ]),
    (JOINT, "Alkohol och droger", "Tillsammans arbetar vi för en drogfri skolmiljö.", [
        (Kind.PREVENTION, JOINT, "Föräldravandring vid skolavslutningen",
         "Vid skolavslutningen", "Tryggare firande för unga."),
        (Kind.PATROL, JOINT, "Polis och fältassistenter vid {plats} på helger",
         "Helgkvällar", "Vuxna finns där unga är."),
        (Kind.DIALOGUE_MEETING, JOINT, "Dialogmöten med skolledningarna", "Varje termin",
         "Skolan och polisen agerar snabbt tillsammans."),
        (Kind.PREVENTION, JOINT, "Narkotikasökhund i skolmiljön efter överenskommelse",
         "Vid behov", "Minskad förekomst av narkotika i skolan."),
    ]),
    (JOINT, "Synlighet", "Tillsammans ökar vi kommunens och polisens närvaro där invånarna "
     "finns.", [
        (Kind.PUBLIC_PRESENCE, JOINT, "Gemensam monter vid marknader",
         "Vid vår- och höstmarknaden",
         "Invånarna upplever att polisen och kommunen är tillgängliga."),
        (Kind.DIALOGUE_MEETING, JOINT, "Medborgardialog vid {plats}", "En gång per halvår",
         "Invånarnas synpunkter når polisen och kommunen."),
        (Kind.COMMUNICATION, JOINT, "Gemensamma inlägg om trygghetsarbetet i sociala medier",
         "Varje månad", "Fler känner till vad som görs."),
        (Kind.PUBLIC_PRESENCE, JOINT, "Trygghetsdag i centrum", "En gång per år",
         "Invånarna möter alla som arbetar med trygghet."),
    ]),
    (JOINT, "Stölder och inbrott", "Tillsammans ska vi öka antalet områden med "
     "Grannsamverkan i {kommun}.", [
        (Kind.DIALOGUE_MEETING, JOINT, "Informationsmöten om Grannsamverkan",
         "Två gånger per år", "Fler områden startar Grannsamverkan."),
        (Kind.COMMUNICATION, JOINT, "Utskick om Grannsamverkan till nyinflyttade",
         "Varje kvartal", "Nya invånare känner till Grannsamverkan."),
        (Kind.PREVENTION, JOINT, "Stöd till kontaktombuden i Grannsamverkan", "Löpande",
         "Grannsamverkan hålls levande."),
        (Kind.REVIEW, JOINT, "Genomgång av områdena med Grannsamverkan", "En gång per år",
         "En aktuell karta över Grannsamverkan."),
    ]),
    (JOINT, "Trafik", "Tillsammans gör vi skolvägarna säkrare.", [
        (Kind.TRAFFIC_CONTROL, POLICE, "Hastighetskontroller vid skolorna",
         "Vid skolstarten i augusti", "Lägre hastigheter vid skolorna."),
        (Kind.PHYSICAL_ENVIRONMENT, KOMMUN, "Farthinder och skyltning vid {plats}",
         "Under sommaren", "Säkrare passager för barn."),
        (Kind.COMMUNICATION, JOINT, "Information till föräldrar om hämtning och lämning",
         "Vid terminsstart", "Färre bilar vid skolentréerna."),
        (Kind.REVIEW, JOINT, "Genomgång av olycksstatistiken", "En gång per år",
         "Åtgärderna riktas till de farligaste platserna."),
    ]),
    (JOINT, "Skadegörelse", "Tillsammans följer vi lägesbilden varje vecka genom EST.", [
        (Kind.REVIEW, JOINT, "EST-möte med inrapportörerna", "Varje vecka",
         "Insatser sätts in där problemen finns just nu."),
        (Kind.COMMUNICATION, JOINT, "Lägesbild till kommunens förvaltningar", "Varje månad",
         "Alla förvaltningar vet var problemen finns."),
        (Kind.PREVENTION, JOINT, "Gemensamma insatser vid {plats} utifrån EST", "Vid behov",
         "Problemen bryts tidigt."),
        (Kind.REVIEW, JOINT, "Årlig analys av EST-rapporterna", "I december",
         "Underlag till nästa lägesbild."),
    ]),
]

FOCUS_NAMES = sorted({focus for _owner, focus, _text, _activities in PROMISES})

PLACE_NAMES = ["Resecentrum", "Torget", "Stationsområdet", "Idrottsplatsen", "Skolgården",
               "Centrumgallerian", "Badplatsen", "Stadsparken"]

# A finding: (focus area, text, source kind, unit, lowest value, highest value).
FINDINGS = [
    ("Synlighet", "{v} % av de svarande vill se mer polis i centrum.",
     Source.Kind.CITIZEN_SURVEY, "%", 35, 70),
    ("Trafik", "{v} % upplever att det körs för fort i bostadsområdena.",
     Source.Kind.SAFETY_SURVEY, "%", 30, 65),
    ("Alkohol och droger", "{v} % har sett narkotikaförsäljning vid {plats} det senaste året.",
     Source.Kind.SAFETY_SURVEY, "%", 8, 25),
    ("Stölder och inbrott", "{v} anmälda bostadsinbrott per 1 000 invånare.",
     Source.Kind.CRIME_STATISTICS, "per 1 000", 2, 9),
    ("Utemiljö", "{v} % känner sig otrygga vid {plats} när det är mörkt.",
     Source.Kind.CITIZEN_DIALOGUE, "%", 20, 55),
    ("Ungdomar", "{v} % av eleverna i årskurs 9 har blivit erbjudna narkotika.",
     Source.Kind.OTHER, "%", 5, 20),
    ("Skadegörelse", "{v} rapporter om skadegörelse vid {plats} i EST.",
     Source.Kind.EST, "st", 5, 40),
    ("Bedrägerier", "{v} anmälda bedrägerier mot personer över 65 år.",
     Source.Kind.CRIME_STATISTICS, "st", 10, 80),
]

# A prioritised problem of a focus area: (title, description, and the cause analysis's three
# perspectives: the situation and place, the offenders, the victims; "" where none is given).
PROBLEMS = {
    "Synlighet": ("Polisen upplevs som svår att nå",
                  "Många invånare vet inte hur de når polisen och ser sällan polis i centrum.",
                  "Polisstationen har korta öppettider och polisen syns sällan till fots.",
                  "",
                  "Äldre och boende i kransorterna känner sig mest utelämnade."),
    "Trafik": ("För höga hastigheter i bostadsområdena",
               "Invånarna upplever att det körs för fort där barn rör sig.",
               "Raka gator utan farthinder inbjuder till höga hastigheter.",
               "Unga förare och genomfartstrafik kör för fort, ofta kvällstid.",
               "Barn på väg till skolan och äldre fotgängare."),
    "Alkohol och droger": ("Narkotikaförsäljning vid {plats}",
                           "Invånare och personal ser narkotikaförsäljning på platsen.",
                           "Platsen är mörk och ligger nära busshållplatsen, så försäljningen "
                           "syns inte.",
                           "Ett fåtal unga vuxna säljer till ungdomar i området.",
                           "Ungdomar som erbjuds narkotika, och boende som undviker platsen."),
    "Stölder och inbrott": ("Bostadsinbrott",
                            "Inbrotten i villor och lägenheter är fler än i jämförbara kommuner.",
                            "Många hus står tomma dagtid och under semestern, och få områden "
                            "har Grannsamverkan.",
                            "Inbrotten begås ofta av grupper som rör sig mellan kommunerna.",
                            "Boende i villaområden, särskilt under semesterperioden."),
    "Utemiljö": ("Otrygg utemiljö vid {plats}",
                 "Invånarna undviker platsen när det är mörkt.",
                 "Trasig belysning och täta buskage gör platsen svår att överblicka.",
                 "",
                 "Kvinnor och äldre känner sig mest otrygga på platsen."),
    "Ungdomar": ("Unga som erbjuds narkotika",
                 "En stor del av eleverna har blivit erbjudna narkotika.",
                 "Unga rör sig på kvällarna utan vuxna i närheten.",
                 "Äldre ungdomar och unga vuxna som själva använder narkotika.",
                 "Elever i högstadiet och på gymnasiet."),
    "Skadegörelse": ("Skadegörelse vid {plats}",
                     "Klotter och krossade rutor återkommer på platsen.",
                     "Platsen saknar vuxna på kvällar och helger.",
                     "Grupper av unga som samlas där på kvällarna.",
                     ""),
    "Bedrägerier": ("Bedrägerier mot äldre",
                    "Allt fler äldre blir lurade på pengar, oftast per telefon.",
                    "",
                    "Organiserade ligor som ringer och utger sig för att vara banken eller "
                    "polisen.",
                    "Äldre som bor ensamma och inte känner till bedragarnas metoder."),
}

SOURCE_TITLES = {
    Source.Kind.CITIZEN_DIALOGUE: "Medborgardialoger {year}",
    Source.Kind.STAFF_DIALOGUE: "Medarbetardialoger {year}",
    Source.Kind.SAFETY_SURVEY: "Polisens trygghetsundersökning {last}",
    Source.Kind.CITIZEN_SURVEY: "Medborgarenkät {last}",
    Source.Kind.CRIME_STATISTICS: "Anmälda brott {last}",
    Source.Kind.EST: "EST-rapporter {last}",
    Source.Kind.OTHER: "Skolenkät {last}",
    Source.Kind.POLICE_INTELLIGENCE: "Polisens underrättelseinformation {last}",
}

FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara",
               "Mikael", "Lena", "Per", "Emma", "Fredrik", "Ingrid", "Ali", "Sofia", "Jonas",
               "Helena", "Mats", "Amir", "Linnéa", "Oskar", "Fatima"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson",
              "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson",
              "Lindberg", "Lindqvist", "Berg", "Holm", "Nordin", "Sandberg", "Hassan", "Lund"]

DONE_TEXTS = ["Genomfört enligt plan.", "Genomfört. Fler deltagare än väntat.",
              "Genomfört tillsammans med de boende.", "Klart, med gott resultat."]
ONGOING_TEXTS = ["Arbetet pågår enligt plan.", "Ungefär hälften är gjort.",
                 "Pågår; de första insatserna är genomförda."]
NOT_STARTED_TEXTS = ["Planerat till senare under året.", "Startar nästa kvartal."]
DELAY_REASONS = ["Försenat på grund av sjukfrånvaro.", "Väntar på leverans av material.",
                 "Flyttat till nästa kvartal på skolans begäran."]
CANCEL_REASONS = ["Personalbrist hos polisen under perioden.",
                  "Ersattes av en annan insats efter beslut i styrgruppen.",
                  "Evenemanget ställdes in.",
                  "Pengarna räckte inte; flyttas till nästa års medborgarlöfte."]
# fmt: on
ASSESSMENT_TEXTS = {
    Assessment.FULFILLED: "Löftet är infriat: alla aktiviteter är genomförda.",
    Assessment.PARTLY_FULFILLED: "Löftet är delvis infriat: de flesta aktiviteter är gjorda.",
    Assessment.NOT_FULFILLED: "Löftet är inte infriat: flera aktiviteter blev inte av.",
}
