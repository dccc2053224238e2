"""Reference data for synthetic demo records: the organisation, names, places, courts.

Everything here is invented for demonstration; the municipality codes are the real ISO 3166-2:LV
codes of the 43 local governments (``people.identity.municipalities()``).
"""

from __future__ import annotations

# --- Organisation ----------------------------------------------------------------------------------
# (region code, region name, [(unit code, unit name, [municipality codes], address)]).
# Every municipality belongs to exactly one unit (see demo/tests).
ORGANISATION: list[tuple[str, str, list[tuple[str, str, list[str], str]]]] = [
    ("R-RIGA", "Rīgas reģions", [
        ("RIGA", "Rīgas TSV", ["LV-RIX"], "Dzirnavu iela 91, Rīga"),
        ("JURM", "Jūrmalas TSV", ["LV-JUR"], "Jomas iela 15, Jūrmala"),
        ("ADAZ", "Ādažu TSV", ["LV-011", "LV-089", "LV-080"], "Gaujas iela 33, Ādaži"),
        ("MARU", "Mārupes TSV", ["LV-062", "LV-068"], "Daugavas iela 29, Mārupe"),
        ("SALA", "Salaspils TSV", ["LV-087", "LV-052"], "Līvzemes iela 8, Salaspils"),
        ("OGRE", "Ogres TSV", ["LV-067"], "Brīvības iela 33, Ogre"),
    ]),
    ("R-KURZ", "Kurzemes reģions", [
        ("LIEP", "Liepājas TSV", ["LV-LPX"], "Graudu iela 23, Liepāja"),
        ("DKUR", "Dienvidkurzemes TSV", ["LV-112"], "Lielā iela 52, Grobiņa"),
        ("VENT", "Ventspils TSV", ["LV-VEN", "LV-106"], "Kuldīgas iela 20, Ventspils"),
        ("KULD", "Kuldīgas TSV", ["LV-050"], "Liepājas iela 14, Kuldīga"),
        ("SALD", "Saldus TSV", ["LV-088"], "Striķu iela 22, Saldus"),
        ("TALS", "Talsu TSV", ["LV-097"], "Kareivju iela 7, Talsi"),
        ("TUKU", "Tukuma TSV", ["LV-099"], "Talsu iela 4, Tukums"),
    ]),
    ("R-LATG", "Latgales reģions", [
        ("DAUG", "Daugavpils TSV", ["LV-DGV"], "Saules iela 5, Daugavpils"),
        ("AUGD", "Augšdaugavas TSV", ["LV-111"], "Raiņa iela 13, Ilūkste"),
        ("REZE", "Rēzeknes TSV", ["LV-REZ", "LV-077"], "Atbrīvošanas aleja 93, Rēzekne"),
        ("KRAS", "Krāslavas TSV", ["LV-047"], "Rīgas iela 51, Krāslava"),
        ("LUDZ", "Ludzas TSV", ["LV-058"], "Raiņa iela 16, Ludza"),
        ("PREI", "Preiļu TSV", ["LV-073", "LV-056", "LV-102"], "Raiņa bulvāris 19, Preiļi"),
        ("BALV", "Balvu TSV", ["LV-015"], "Brīvības iela 46, Balvi"),
    ]),
    ("R-VIDZ", "Vidzemes reģions", [
        ("VALM", "Valmieras TSV", ["LV-113", "LV-101", "LV-094"], "Rīgas iela 10, Valmiera"),
        ("CESI", "Cēsu TSV", ["LV-022"], "Raunas iela 4, Cēsis"),
        ("SIGU", "Siguldas TSV", ["LV-091", "LV-054"], "Pils iela 16, Sigulda"),
        ("MADO", "Madonas TSV", ["LV-059"], "Saieta laukums 1, Madona"),
        ("GULB", "Gulbenes TSV", ["LV-033", "LV-007"], "Ābeļu iela 2, Gulbene"),
    ]),
    ("R-ZEMG", "Zemgales reģions", [
        ("JELG", "Jelgavas TSV", ["LV-JEL", "LV-041"], "Katoļu iela 2, Jelgava"),
        ("BAUS", "Bauskas TSV", ["LV-016"], "Uzvaras iela 1, Bauska"),
        ("DOBE", "Dobeles TSV", ["LV-026"], "Brīvības iela 15, Dobele"),
        ("JEKA", "Jēkabpils TSV", ["LV-042", "LV-002"], "Brīvības iela 120, Jēkabpils"),
    ]),
]

# Approximate population in thousands (weights for where clients live) and towns for addresses.
MUNICIPALITY_WEIGHT: dict[str, int] = {
    "LV-RIX": 605, "LV-DGV": 79, "LV-LPX": 67, "LV-JEL": 55, "LV-JUR": 50, "LV-VEN": 33, "LV-REZ": 27,
    "LV-011": 30, "LV-002": 30, "LV-007": 13, "LV-111": 23, "LV-015": 17, "LV-016": 42, "LV-022": 40,
    "LV-112": 33, "LV-026": 28, "LV-033": 20, "LV-042": 42, "LV-041": 32, "LV-052": 31, "LV-047": 20,
    "LV-050": 30, "LV-054": 31, "LV-056": 11, "LV-058": 21, "LV-059": 31, "LV-062": 40, "LV-067": 58,
    "LV-068": 21, "LV-073": 17, "LV-077": 28, "LV-080": 33, "LV-087": 23, "LV-088": 28, "LV-089": 6,
    "LV-091": 30, "LV-094": 19, "LV-097": 36, "LV-099": 42, "LV-101": 8, "LV-113": 53, "LV-102": 3,
    "LV-106": 11,
}

TOWNS: dict[str, list[str]] = {
    "LV-RIX": ["Rīga"], "LV-DGV": ["Daugavpils"], "LV-LPX": ["Liepāja"], "LV-JEL": ["Jelgava"],
    "LV-JUR": ["Jūrmala"], "LV-VEN": ["Ventspils"], "LV-REZ": ["Rēzekne"],
    "LV-011": ["Ādaži", "Carnikava"], "LV-002": ["Aizkraukle", "Koknese", "Skrīveri"],
    "LV-007": ["Alūksne", "Ape"], "LV-111": ["Ilūkste", "Subate", "Naujene"], "LV-015": ["Balvi", "Viļaka"],
    "LV-016": ["Bauska", "Iecava", "Vecumnieki"], "LV-022": ["Cēsis", "Līgatne", "Priekuļi"],
    "LV-112": ["Grobiņa", "Aizpute", "Priekule", "Pāvilosta"], "LV-026": ["Dobele", "Auce"],
    "LV-033": ["Gulbene"], "LV-042": ["Jēkabpils", "Viesīte", "Aknīste"], "LV-041": ["Ozolnieki", "Kalnciems"],
    "LV-052": ["Ķekava", "Baloži"], "LV-047": ["Krāslava", "Dagda"], "LV-050": ["Kuldīga", "Skrunda"],
    "LV-054": ["Limbaži", "Salacgrīva", "Aloja"], "LV-056": ["Līvāni"], "LV-058": ["Ludza", "Zilupe", "Kārsava"],
    "LV-059": ["Madona", "Lubāna", "Cesvaine"], "LV-062": ["Mārupe", "Babīte"],
    "LV-067": ["Ogre", "Ikšķile", "Ķegums", "Lielvārde"], "LV-068": ["Olaine"], "LV-073": ["Preiļi", "Riebiņi"],
    "LV-077": ["Malta", "Viļāni"], "LV-080": ["Ulbroka", "Vangaži"], "LV-087": ["Salaspils"],
    "LV-088": ["Saldus", "Brocēni"], "LV-089": ["Saulkrasti"], "LV-091": ["Sigulda", "Inčukalns"],
    "LV-094": ["Smiltene"], "LV-097": ["Talsi", "Sabile", "Stende"], "LV-099": ["Tukums", "Kandava", "Engure"],
    "LV-101": ["Valka"], "LV-113": ["Valmiera", "Rūjiena", "Mazsalaca"], "LV-102": ["Varakļāni"],
    "LV-106": ["Ugāle", "Piltene"],
}

STREETS = [
    "Brīvības iela", "Rīgas iela", "Skolas iela", "Dārza iela", "Ozolu iela", "Liepu iela", "Lauku iela",
    "Pils iela", "Stacijas iela", "Baznīcas iela", "Jaunā iela", "Saules iela", "Meža iela", "Upes iela",
    "Parka iela", "Kalna iela", "Ezera iela", "Avotu iela", "Zemnieku iela", "Celtnieku iela", "Ganību iela",
    "Raiņa iela", "Kr. Barona iela", "Lāčplēša iela", "Tērbatas iela", "Maskavas iela", "Slokas iela",
    "Čiekurkalna 1. līnija", "Ķengaraga iela", "Dzirnavu iela", "Vienības gatve", "Ūdeļu iela",
]

# --- Names ----------------------------------------------------------------------------------------
MALE_FIRST = [
    "Jānis", "Andris", "Aivars", "Juris", "Edgars", "Māris", "Kristaps", "Artūrs", "Raivis", "Roberts",
    "Mārtiņš", "Ēriks", "Kārlis", "Dāvis", "Gatis", "Uldis", "Guntis", "Ivars", "Aigars", "Normunds",
    "Valdis", "Rihards", "Oskars", "Toms", "Mārcis", "Rolands", "Armands", "Ainārs", "Gints", "Intars",
    "Dainis", "Sandis", "Ģirts", "Ojārs", "Agris", "Reinis", "Emīls", "Kristiāns", "Edvīns", "Valters",
]
MALE_FIRST_RU = [
    "Sergejs", "Aleksandrs", "Dmitrijs", "Andrejs", "Vladimirs", "Igors", "Nikolajs", "Jevgēņijs", "Vadims",
    "Olegs", "Maksims", "Artjoms", "Konstantīns", "Deniss", "Romāns", "Viktors", "Jurijs", "Pāvels",
    "Vitālijs", "Ivans",
]
FEMALE_FIRST = [
    "Anna", "Ilze", "Inese", "Kristīne", "Līga", "Laura", "Sanita", "Dace", "Zane", "Ieva", "Liene", "Agnese",
    "Elīna", "Inga", "Santa", "Evija", "Baiba", "Madara", "Līva", "Māra", "Gunta", "Ināra", "Daina",
    "Solvita", "Anete", "Sintija", "Dārta", "Ērika",
]
FEMALE_FIRST_RU = [
    "Jeļena", "Olga", "Tatjana", "Natālija", "Svetlana", "Irina", "Marina", "Jūlija", "Ludmila", "Galina",
    "Oksana", "Anastasija", "Valentīna", "Viktorija", "Jekaterina",
]

# (masculine, feminine) forms.
SURNAMES = [
    ("Bērziņš", "Bērziņa"), ("Kalniņš", "Kalniņa"), ("Ozoliņš", "Ozoliņa"), ("Jansons", "Jansone"),
    ("Ozols", "Ozola"), ("Liepiņš", "Liepiņa"), ("Krūmiņš", "Krūmiņa"), ("Balodis", "Balode"),
    ("Eglītis", "Eglīte"), ("Zariņš", "Zariņa"), ("Pētersons", "Pētersone"), ("Vītols", "Vītola"),
    ("Kļaviņš", "Kļaviņa"), ("Kārkliņš", "Kārkliņa"), ("Vanags", "Vanaga"), ("Lācis", "Lāce"),
    ("Sproģis", "Sproģe"), ("Grīnbergs", "Grīnberga"), ("Šmits", "Šmite"), ("Siliņš", "Siliņa"),
    ("Zvaigzne", "Zvaigzne"), ("Rozenbergs", "Rozenberga"), ("Kalējs", "Kalēja"), ("Kazaks", "Kazaka"),
    ("Priedītis", "Priedīte"), ("Strautiņš", "Strautiņa"), ("Dzenis", "Dzene"), ("Mednis", "Medne"),
    ("Vilks", "Vilka"), ("Žagars", "Žagare"), ("Lapiņš", "Lapiņa"), ("Ziediņš", "Ziediņa"), ("Sīlis", "Sīle"),
    ("Freimanis", "Freimane"), ("Kronbergs", "Kronberga"), ("Puriņš", "Puriņa"), ("Upītis", "Upīte"),
    ("Āboliņš", "Āboliņa"), ("Ķiploks", "Ķiploka"), ("Gailītis", "Gailīte"), ("Skujiņš", "Skujiņa"),
    ("Bušs", "Buša"), ("Lūsis", "Lūse"), ("Riekstiņš", "Riekstiņa"), ("Dambis", "Dambe"), ("Birznieks", "Birzniece"),
    ("Kalnietis", "Kalniete"), ("Ābele", "Ābele"), ("Bite", "Bite"), ("Muižnieks", "Muižniece"),
]
SURNAMES_RU = [
    ("Ivanovs", "Ivanova"), ("Petrovs", "Petrova"), ("Smirnovs", "Smirnova"), ("Kuzņecovs", "Kuzņecova"),
    ("Popovs", "Popova"), ("Vasiļjevs", "Vasiļjeva"), ("Sokolovs", "Sokolova"), ("Mihailovs", "Mihailova"),
    ("Novikovs", "Novikova"), ("Fjodorovs", "Fjodorova"), ("Morozovs", "Morozova"), ("Volkovs", "Volkova"),
    ("Aleksejevs", "Aleksejeva"), ("Lebedevs", "Lebedeva"), ("Semjonovs", "Semjonova"), ("Jegorovs", "Jegorova"),
    ("Pavlovs", "Pavlova"), ("Kozlovs", "Kozlova"), ("Stepanovs", "Stepanova"), ("Nikolajevs", "Nikolajeva"),
    ("Orlovs", "Orlova"), ("Andrejevs", "Andrejeva"), ("Makarovs", "Makarova"), ("Zaharovs", "Zaharova"),
    ("Kovaļevskis", "Kovaļevska"), ("Jakovļevs", "Jakovļeva"), ("Belovs", "Belova"), ("Gromovs", "Gromova"),
]

# Foreign clients without a Latvian personal code: (country, document type, male, female, surnames m/f).
FOREIGNERS = [
    ("LT", "pase", ["Tomas", "Mindaugas", "Jonas", "Darius"], ["Rasa", "Jurgita"],
     [("Kazlauskas", "Kazlauskienė"), ("Petrauskas", "Petrauskienė"), ("Jankauskas", "Jankauskienė")]),
    ("EE", "pase", ["Andres", "Martin", "Rein"], ["Kadri", "Triin"], [("Tamm", "Tamm"), ("Saar", "Saar")]),
    ("UA", "pase", ["Oleksandr", "Andrii", "Serhii"], ["Olena", "Iryna"],
     [("Shevchenko", "Shevchenko"), ("Bondarenko", "Bondarenko"), ("Kovalenko", "Kovalenko")]),
    ("PL", "personas apliecība", ["Piotr", "Tomasz"], ["Agnieszka"], [("Kowalski", "Kowalska"), ("Nowak", "Nowak")]),
]

ALIAS_NOTES = ["iepriekšējais uzvārds", "segvārds", "cits rakstības variants"]

# --- Issuers of basis documents ------------------------------------------------------------------
COURTS_BY_REGION = {
    "R-RIGA": ["Rīgas pilsētas tiesa", "Rīgas rajona tiesa", "Rīgas apgabaltiesa"],
    "R-KURZ": ["Kurzemes rajona tiesa", "Kurzemes apgabaltiesa"],
    "R-LATG": ["Latgales rajona tiesa", "Latgales apgabaltiesa"],
    "R-VIDZ": ["Vidzemes rajona tiesa", "Vidzemes apgabaltiesa"],
    "R-ZEMG": ["Zemgales rajona tiesa", "Zemgales apgabaltiesa"],
}
PROSECUTORS_BY_REGION = {
    "R-RIGA": ["Rīgas tiesas apgabala prokuratūra", "Rīgas Latgales priekšpilsētas prokuratūra",
               "Rīgas Vidzemes priekšpilsētas prokuratūra", "Rīgas Ziemeļu prokuratūra"],
    "R-KURZ": ["Kurzemes tiesas apgabala prokuratūra", "Liepājas prokuratūra", "Ventspils prokuratūra"],
    "R-LATG": ["Latgales tiesas apgabala prokuratūra", "Daugavpils prokuratūra", "Rēzeknes prokuratūra"],
    "R-VIDZ": ["Vidzemes tiesas apgabala prokuratūra", "Valmieras prokuratūra", "Cēsu prokuratūra"],
    "R-ZEMG": ["Zemgales tiesas apgabala prokuratūra", "Jelgavas prokuratūra", "Jēkabpils prokuratūra"],
}
POLICE = ["Valsts policijas Rīgas reģiona pārvalde", "Valsts policijas Kurzemes reģiona pārvalde",
          "Valsts policijas Latgales reģiona pārvalde", "Valsts policijas Vidzemes reģiona pārvalde",
          "Valsts policijas Zemgales reģiona pārvalde"]
PRISONS = ["Jelgavas cietums", "Daugavgrīvas cietums", "Olaines cietums", "Iļģuciema cietums",
           "Valmieras cietums", "Liepājas cietums", "Rīgas Centrālcietums"]
# Court case number prefix per region court (K + court code).
COURT_CODES = {
    "Rīgas pilsētas tiesa": "K30", "Rīgas rajona tiesa": "K33", "Rīgas apgabaltiesa": "K04",
    "Kurzemes rajona tiesa": "K36", "Kurzemes apgabaltiesa": "K09", "Latgales rajona tiesa": "K39",
    "Latgales apgabaltiesa": "K10", "Vidzemes rajona tiesa": "K40", "Vidzemes apgabaltiesa": "K11",
    "Zemgales rajona tiesa": "K41", "Zemgales apgabaltiesa": "K12",
}

# --- Section mix ----------------------------------------------------------------------------------
# Share of clients by their main (current) function, after kpis.md (about half community service,
# about 45 % supervision kinds, then mediation, evaluation, EM and children's functions).
MAIN_KIND_WEIGHTS: dict[str, float] = {
    "community_service": 48.0,
    "supervision_conditional_sentence": 19.0,
    "supervision_conditional_release": 9.0,
    "supervision_parole": 8.0,
    "probation_supervision": 7.0,
    "supervision_parole_em": 0.8,
    "probation_observation": 0.4,
    "community_work_child": 0.3,
    "mediation": 4.0,
    "evaluation": 1.8,
    "programme": 1.2,
    "electronic_monitoring": 0.5,
}

# (min, max) duration in days of each function.
DURATION_DAYS: dict[str, tuple[int, int]] = {
    "community_service": (90, 365),
    "supervision_conditional_sentence": (365, 1825),
    "supervision_conditional_release": (365, 1095),
    "supervision_parole": (180, 1460),
    "probation_supervision": (365, 1095),
    "supervision_parole_em": (60, 365),
    "probation_observation": (180, 730),
    "community_work_child": (30, 180),
    "mediation": (30, 120),
    "evaluation": (10, 30),
    "programme": (60, 180),
    "electronic_monitoring": (60, 365),
}
