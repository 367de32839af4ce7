"""Realistic noisy person records with known truth, for the matching tests and the 1,000,000-record
benchmark (issue 8 §2): the noise investigators meet — typos, transliterated names (Mohammed/Muhammad,
Sergei/Sergey), day and month swapped, names written the other way round (aliases), missing fields,
reformatted phone numbers. Deterministic for a seed."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path

GIVEN = [
    ["mohammed", "muhammad", "mohamed", "mohamad"],
    ["sergei", "sergey", "serghei"],
    ["aleksandr", "alexander", "oleksandr"],
    ["yusuf", "youssef", "yousef"],
    ["olena", "elena", "alena"],
    ["ion", "ioan"],
    ["andrii", "andriy", "andrei"],
    ["mariia", "maria", "mariya"],
    ["dmytro", "dmitri", "dmitry"],
    ["ahmed", "ahmad"],
    ["fatima", "fatma"],
    ["nguyen van an", "nguyen van anh"],
    ["jose", "josé"],
    ["tatiana", "tetiana", "tatyana"],
    ["vasile"],
    ["gheorghe"],
    ["elena"],
    ["ana"],
    ["mihai"],
    ["ivan"],
    ["petar", "petr"],
    ["irina"],
    ["natalia", "nataliya"],
    ["ali"],
    ["omar", "umar"],
    ["amina"],
    ["lucia"],
    ["marco"],
    ["sofia", "sophia"],
    ["adrian"],
    ["bogdan"],
    ["florin"],
    ["cristina"],
    ["daniela"],
    ["georgi"],
    ["dimitar"],
    ["svetlana"],
    ["yuliia", "yulia"],
    ["kateryna", "ekaterina", "katerina"],
    ["nikolai", "mykola", "nicolae"],
]
SURNAMES = [
    "popescu",
    "ionescu",
    "popa",
    "dumitru",
    "stan",
    "stoica",
    "gheorghiu",
    "rusu",
    "munteanu",
    "matei",
    "ivanov",
    "petrov",
    "georgiev",
    "dimitrov",
    "nikolov",
    "kovalenko",
    "shevchenko",
    "bondarenko",
    "tkachenko",
    "kravchenko",
    "hassan",
    "benali",
    "el amrani",
    "haddad",
    "nguyen",
    "tran",
    "le",
    "pham",
    "hoxha",
    "krasniqi",
    "berisha",
    "gashi",
    "silva",
    "santos",
    "pereira",
    "kowalski",
    "nowak",
    "wisniewski",
    "garcia",
    "martinez",
    "dela cruz",
    "reyes",
    "janssens",
    "peeters",
    "maes",
    "dubois",
    "lambert",
    "mertens",
    "willems",
    "claes",
]
STREET_BASES = [
    "rue haute",
    "chaussee de mons",
    "kerkstraat",
    "stationsstraat",
    "rue de la loi",
    "dorpstraat",
    "avenue louise",
    "steenweg op gent",
    "rue neuve",
    "molenstraat",
    "boulevard anspach",
    "nieuwstraat",
]
CITY_BASES = [
    ("1000", "bruxelles"),
    ("1070", "anderlecht"),
    ("1080", "molenbeek"),
    ("2000", "antwerpen"),
    ("2060", "antwerpen"),
    ("4000", "liege"),
    ("9000", "gent"),
    ("8000", "brugge"),
    ("3000", "leuven"),
    ("6000", "charleroi"),
    ("5000", "namur"),
    ("7000", "mons"),
]
NATIONALITIES = ["ro", "bg", "ua", "ma", "vn", "al", "br", "pl", "ph", "ng", "in", "cn", "be", "sy", "er"]
_SURNAME_ENDINGS = ["", "u", "escu", "ov", "ova", "enko", "ski", "i", "a", "es", "er", "ens", "ovic", "aj"]
_STREET_NAMES = [
    "des lilas",
    "van eyck",
    "de la station",
    "du moulin",
    "verte",
    "leopold",
    "albert",
    "astrid",
    "de brouckere",
    "van artevelde",
    "baudouin",
    "marie-jose",
    "des eglises",
    "du parc",
    "de la gare",
    "saint-pierre",
    "sint-jan",
    "lange",
    "korte",
    "groene",
    "nieuwe",
    "oude",
    "hoog",
    "laag",
]
_STREET_KINDS = ["rue", "avenue", "chaussee", "place", "straat", "laan", "steenweg", "plein", "dreef"]
# Registers are diverse: hundreds of surnames (and double ones), streets and postcodes; blocking needs it.
SURNAME_POOL = sorted({base + ending for base in SURNAMES for ending in _SURNAME_ENDINGS})
STREETS = sorted({f"{kind} {name}" for kind in _STREET_KINDS for name in _STREET_NAMES} | set(STREET_BASES))
CITIES = [
    (str(int(code) + offset * 10), f"{city} {offset}" if offset else city)
    for code, city in CITY_BASES
    for offset in range(12)
]
COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "nationality",
    "street_number",
    "address_1",
    "city",
    "postcode",
    "phone",
    "id_number",
]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(len(text))
    kind = rng.random()
    if kind < 0.3:
        return text[:i] + text[i + 1 :]
    if kind < 0.6:
        return text[:i] + rng.choice("abcdefghijklmnoprstuv") + text[i + 1 :]
    if kind < 0.8 and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeiou") + text[i:]


def _entity(rng: random.Random, n: int) -> dict[str, str]:
    given_group = rng.randrange(len(GIVEN))
    postcode, city = rng.choice(CITIES)
    year, month, day = rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)
    return {
        "given_group": str(given_group),
        "given_name": GIVEN[given_group][0],
        "surname": rng.choice(SURNAME_POOL) + ("" if rng.random() < 0.7 else "-" + rng.choice(SURNAMES)),
        "date_of_birth": f"{year:04d}{month:02d}{day:02d}",
        "sex": rng.choice("mf"),
        "nationality": rng.choice(NATIONALITIES),
        "street_number": str(rng.randint(1, 250)),
        "address_1": rng.choice(STREETS),
        "city": city,
        "postcode": postcode,
        "phone": f"+324{rng.randint(70, 99)}{rng.randint(0, 999999):06d}",
        "id_number": f"{n:09d}{rng.randint(10, 99)}",
    }


def _noisy(rng: random.Random, person: dict[str, str]) -> dict[str, str]:
    record = dict(person)
    variants = GIVEN[int(person["given_group"])]
    if rng.random() < 0.25:
        record["given_name"] = rng.choice(variants)  # transliteration
    for name in ("given_name", "surname", "address_1", "city"):
        if rng.random() < 0.15:
            record[name] = _typo(rng, record[name])
    dob = record["date_of_birth"]
    roll = rng.random()
    if roll < 0.08 and int(dob[6:]) <= 12:
        record["date_of_birth"] = dob[:4] + dob[6:] + dob[4:6]  # day and month swapped
    elif roll < 0.2:
        record["date_of_birth"] = _typo(rng, dob)
    if rng.random() < 0.05:
        record["given_name"], record["surname"] = record["surname"], record["given_name"]  # alias order
    if rng.random() < 0.3:
        p = record["phone"]
        record["phone"] = "0" + p[3:6] + " " + p[6:8] + " " + p[8:10] + " " + p[10:]  # national format
    if rng.random() < 0.1:
        record["id_number"] = _typo(rng, record["id_number"])
    for name in ("date_of_birth", "phone", "id_number", "address_1", "street_number", "nationality"):
        if rng.random() < 0.15:
            record[name] = ""  # missing
    return record


def records(
    count: int, *, duplicate_rate: float = 0.4, seed: int = 7
) -> Iterator[tuple[str, dict[str, str]]]:
    """``count`` records: (entity id, record). About ``duplicate_rate`` of them are noisy copies of another
    record's person (1 to 3 copies each)."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    produced = entity = 0
    while produced < count:
        entity += 1
        person = _entity(rng, entity)
        copies = 0
        if rng.random() < duplicate_rate / (1 + duplicate_rate):
            copies = rng.choice((1, 1, 1, 2, 3))
        for copy in range(1 + copies):
            if produced >= count:
                break
            record = person if copy == 0 else _noisy(rng, person)
            yield str(entity), {**record, "rec_id": f"r{produced:07d}"}
            produced += 1


def write_csv(path: Path, count: int, *, seed: int = 7) -> dict[str, str]:
    """Write ``count`` records; return rec_id → entity id (the truth)."""
    truth: dict[str, str] = {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for entity, record in records(count, seed=seed):
            writer.writerow(record)
            truth[record["rec_id"]] = entity
    return truth
