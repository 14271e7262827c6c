"""Names, towns, cars and messages the demo draws from: plain data, no logic."""

# fmt: off

DUTCH_FIRST_NAMES = (
    "Daan", "Sem", "Lucas", "Levi", "Finn", "Milan", "Jesse", "Thijs", "Bram", "Ruben",
    "Tim", "Lars", "Niels", "Stijn", "Koen", "Joris", "Mark", "Dennis", "Erik", "Jeroen",
    "Martijn", "Rob", "Sander", "Wouter", "Pieter", "Hans", "Gerard", "Johan", "Ahmed", "Mohamed",
    "Emma", "Julia", "Sophie", "Tess", "Anna", "Fleur", "Lisa", "Sanne", "Eva", "Lotte",
    "Iris", "Femke", "Anouk", "Marloes", "Ingrid", "Monique", "Esther", "Linda", "Petra", "Nadia",
    "Yasmina", "Saskia", "Karin", "Manon", "Noor", "Roos", "Mila", "Sara", "Vera", "Ellen",
)
FLEMISH_FIRST_NAMES = (
    "Lucas", "Arthur", "Louis", "Noah", "Liam", "Jules", "Wout", "Senne", "Lars", "Tom",
    "Bart", "Kris", "Geert", "Jan", "Luc", "Stefan", "Dirk", "Pieter", "Wim", "Yannick",
    "Olivia", "Emma", "Louise", "Mila", "Marie", "Lore", "Elien", "Sofie", "An", "Katrien",
    "Els", "Inge", "Veerle", "Hilde", "Griet", "Liesbeth", "Nathalie", "Valérie", "Amélie", "Fien",
)
DUTCH_LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems",
    "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins",
    "Blom", "Huisman", "Peeters", "de Koning", "van Wijk", "Postma", "Kuipers", "Veenstra",
    "El Amrani", "Yilmaz", "Kaya", "Bouzid", "Nguyen", "Wong", "Pinas", "Kerkhof", "Lambers",
)
FLEMISH_LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
    "De Smet", "Dubois", "Hermans", "Aerts", "Lambrechts", "Martens", "Vermeulen", "Van Damme",
    "Pauwels", "De Clercq", "Verstraete", "Van den Broeck", "Michiels", "Smets", "Desmet",
    "Claessens", "Van de Velde", "Verhoeven", "De Backer", "Cools", "Vandenberghe", "Timmermans",
    "Van Hoof", "Segers", "Nys", "Stevens", "Wuyts", "Vos", "De Wilde", "Thys", "El Idrissi",
)
EMAIL_DOMAINS_NL = (
    "gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "live.nl", "ziggo.nl",
    "kpnmail.nl", "icloud.com", "xs4all.nl", "hetnet.nl", "planet.nl",
)
EMAIL_DOMAINS_BE = (
    "gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "telenet.be", "skynet.be",
    "proximus.be", "icloud.com", "live.be",
)

# Town and the first postal-code digits around each demo dealer.
TOWNS = {
    "utrecht": (
        ("Utrecht", "35"), ("Utrecht", "35"), ("Utrecht", "35"), ("Nieuwegein", "343"),
        ("Zeist", "370"), ("Houten", "399"), ("Maarssen", "360"), ("IJsselstein", "340"),
        ("De Bilt", "373"), ("Bunnik", "398"),
    ),
    "amersfoort": (
        ("Amersfoort", "38"), ("Amersfoort", "38"), ("Amersfoort", "38"), ("Leusden", "383"),
        ("Soest", "376"), ("Baarn", "374"), ("Nijkerk", "386"), ("Hoevelaken", "387"),
        ("Barneveld", "377"),
    ),
    "antwerpen": (
        ("Antwerpen", "20"), ("Antwerpen", "20"), ("Berchem", "260"), ("Mortsel", "264"),
        ("Schoten", "290"), ("Brasschaat", "293"), ("Edegem", "265"), ("Wijnegem", "211"),
        ("Kontich", "255"),
    ),
}

# The brands the group sells new, with how often each model is asked about.
NEW_CARS = (
    ("Volkswagen", "Polo", 8), ("Volkswagen", "Golf", 10), ("Volkswagen", "T-Roc", 9),
    ("Volkswagen", "Tiguan", 8), ("Volkswagen", "ID.3", 7), ("Volkswagen", "ID.4", 7),
    ("Volkswagen", "ID.7", 4), ("Volkswagen", "Passat Variant", 3), ("Škoda", "Fabia", 4),
    ("Škoda", "Octavia", 7), ("Škoda", "Kamiq", 4), ("Škoda", "Karoq", 3), ("Škoda", "Kodiaq", 3),
    ("Škoda", "Enyaq", 6), ("Škoda", "Elroq", 5),
)
USED_CARS = (
    ("Volkswagen", "Golf", 10), ("Volkswagen", "Polo", 8), ("Volkswagen", "Tiguan", 5),
    ("Škoda", "Octavia", 6), ("Škoda", "Fabia", 4), ("Audi", "A3", 4), ("Audi", "Q3", 3),
    ("Toyota", "Yaris", 5), ("Toyota", "Corolla", 4), ("Kia", "Niro", 4), ("Kia", "Picanto", 3),
    ("Peugeot", "208", 5), ("Peugeot", "3008", 3), ("Renault", "Clio", 5), ("Opel", "Corsa", 4),
    ("Ford", "Focus", 3), ("BMW", "1-serie", 3), ("Hyundai", "Kona", 3), ("Tesla", "Model 3", 3),
)
FUELS = ("benzine", "benzine", "hybride", "elektrisch", "diesel")

MESSAGES = (
    "Is deze auto nog beschikbaar?",
    "Graag zou ik een proefrit maken. Wanneer kan dat?",
    "Wat is de inruilwaarde van mijn huidige auto?",
    "Kunt u mij een offerte sturen, inclusief financiering?",
    "Ik heb interesse. Kunt u mij terugbellen?",
    "Wat is de levertijd?",
    "Is er ruimte in de prijs?",
    "Graag meer informatie over private lease.",
    "Heeft u deze ook in een andere kleur op voorraad?",
    "",
)
REPEAT_MESSAGES = (
    "Ik heb nog niets gehoord, kunt u mij bellen?",
    "Nogmaals mijn vraag: is de auto nog beschikbaar?",
    "Graag alsnog een offerte.",
    "",
)
SPAM_MESSAGES = (
    "Boost your Google ranking today! Cheap SEO services.",
    "test test",
    "Dear Sir, I have a business proposal for you.",
    "asdfgh",
)

CALL_NOTES = {
    "reached": (
        "Klant gesproken, wil graag langskomen.",
        "Gesproken: vergelijkt nog met een andere dealer.",
        "Gesproken, stuur offerte per mail.",
        "Klant gesproken, vragen over inruil beantwoord.",
        "",
    ),
    "no_answer": ("Geen gehoor.", ""),
    "voicemail": ("Voicemail ingesproken.", ""),
    "busy": ("In gesprek.",),
    "wrong_number": ("Nummer klopt niet.",),
}
EMAIL_NOTES = (
    "Bevestiging en vraag om terugbelmoment.",
    "Informatie en proefritvoorstel gemaild.",
    "Offerte gemaild.",
    "",
)
MESSAGE_NOTES = (
    "Bericht gestuurd: wanneer kan ik u bellen?",
    "Proefritvoorstel gestuurd.",
    "",
)
# fmt: on
