"""Operator queue and search with a million contacts in PostgreSQL (issue 3 §3: p95 < 200 ms).

Fills a scratch database with ``--contacts`` contacts (COPY; narratives, names and phone numbers
encrypted and blind-indexed as the platform does: every contact with a narrative of 10-31 words in French,
Dutch, English or Romanian, 30 % with a caller's name, 30 % with a number, ``--waiting`` in the queue), then
times, in-process through Django's test client as a signed-in operator:

* the queue page ``GET /en/staff/hotline/``;
* a search by a fragment of a caller's name, by a phone number (typed the local way) and by reference;
* a search of the narratives by a rare-ish word, by two words (a workplace and a town), by a common word,
  and by two common words seldom found together (two of the largest towns: a narrative names one town);
  each line says how many contacts match the words searched.

Narrative words are drawn with Zipf-like frequencies (weight 1/rank) from a few hundred words: per language
a list of everyday words and one of workplaces, Belgian towns, and a tail of rarer words (crops,
nationalities, places, apps) that one narrative in three mentions — so some stems are held by a third of
the contacts and others by a few thousand.

    .venv/bin/python bench/queue_search.py --contacts 1000000

Prints p50/p95/max per request kind; never fails on timing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

from thb.core.tests.load import percentile

ROOT = Path(__file__).resolve().parent.parent
FIRST = [
    "Ana",
    "Maria",
    "Ion",
    "Ahmed",
    "Fatima",
    "Nguyen",
    "Li",
    "Olena",
    "Ivan",
    "Jose",
    "Piotr",
    "Marta",
    "Elena",
    "Mihai",
    "Youssef",
    "Amina",
    "Tran",
    "Wei",
    "Oksana",
    "Carlos",
    "Agnieszka",
    "Rosa",
    "Andrei",
]
LAST = [
    "Popescu",
    "Ionescu",
    "Benali",
    "El Amrani",
    "Nguyen Van",
    "Zhang",
    "Kovalenko",
    "Petrenko",
    "Garcia",
    "Kowalski",
    "Nowak",
    "Dimitrov",
    "Hoxha",
    "Santos",
    "Silva",
    "Ivanova",
    "Moraru",
    "Dumitru",
    "Tkachenko",
    "Rodriguez",
    "Mendoza",
    "Reyes",
    "Stoica",
    "Georgiev",
    "Krasniqi",
]


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",")]


# Narrative vocabulary, most frequent first within each list (the rank gives the Zipf weight).
WORDS = {
    "fr": _words(
        "les, des, une, pour, avec, dans, sans, mais, elle, travaille, patron, argent, heures, payé, "
        "salaire, nuit, jours, semaine, mois, chambre, maison, papiers, passeport, dette, contrat, travail, "
        "téléphone, menacé, promis, arrivé, dort, mange, famille, enfants, femme, homme, ami, cousin, "
        "loyer, euros, police, peur, frappé, enfermé, confisqué, forcé, obligé, recruté, annonce, agence, "
        "transport, camion, chauffeur, logement, nourriture, malade, médecin, visa, permis, séjour, carte, "
        "identité, banque, compte, envoyer, rembourser, voyage, frontière, avocat, plainte"
    ),
    "nl": _words(
        "het, een, van, niet, met, voor, maar, zij, werkt, baas, geld, uren, betaald, loon, nacht, dagen, "
        "week, maanden, kamer, huis, papieren, paspoort, schuld, contract, werk, telefoon, bedreigd, "
        "beloofd, aangekomen, slaapt, eet, familie, kinderen, vrouw, man, vriend, neef, huur, euro, "
        "politie, bang, geslagen, opgesloten, afgenomen, gedwongen, verplicht, geronseld, advertentie, "
        "bureau, vervoer, vrachtwagen, chauffeur, woning, eten, ziek, dokter, visum, vergunning, verblijf, "
        "kaart, identiteit, bank, rekening, sturen, terugbetalen, reis, grens, advocaat, klacht"
    ),
    "en": _words(
        "the, and, for, with, without, but, she, works, boss, money, hours, paid, salary, night, days, "
        "week, months, room, house, papers, passport, debt, contract, work, phone, threatened, promised, "
        "arrived, sleeps, eats, family, children, woman, man, friend, cousin, rent, euros, police, afraid, "
        "beaten, locked, confiscated, forced, recruited, advert, agency, transport, truck, driver, housing, "
        "food, sick, doctor, visa, permit, residence, card, identity, bank, account, send, repay, travel, "
        "border, lawyer, complaint"
    ),
    "ro": _words(
        "care, este, pentru, fără, dar, lucrează, șef, bani, ore, plătit, salariu, noapte, zile, săptămână, "
        "luni, cameră, casă, acte, pașaport, datorie, contract, muncă, telefon, amenințat, promis, sosit, "
        "doarme, mănâncă, familie, copii, femeie, bărbat, prieten, văr, chirie, euro, poliție, frică, "
        "bătut, închis, confiscat, forțat, obligat, recrutat, anunț, agenție, transport, camion, șofer, "
        "locuință, mâncare, bolnav, doctor, viză, permis, ședere, card, identitate, bancă, cont, trimite, "
        "înapoi, călătorie, graniță, avocat, plângere"
    ),
}
WORKPLACES = {
    "fr": _words(
        "restaurant, car wash, chantier, salon de manucure, serre, abattoir, boulangerie, entrepôt, hôtel, "
        "friterie, ferme, nettoyage, garage, épicerie, night shop, salon de massage, livraison, cueillette, "
        "boucherie, pressing"
    ),
    "nl": _words(
        "restaurant, carwash, bouwwerf, nagelstudio, serre, slachthuis, bakkerij, magazijn, hotel, frituur, "
        "boerderij, schoonmaak, garage, kruidenier, nachtwinkel, massagesalon, koerier, pluk, slagerij, "
        "wasserij"
    ),
    "en": _words(
        "restaurant, car wash, construction site, nail salon, greenhouse, slaughterhouse, bakery, "
        "warehouse, hotel, chip shop, farm, cleaning, garage, grocery, night shop, massage parlour, "
        "delivery, fruit picking, butcher, laundry"
    ),
    "ro": _words(
        "restaurant, spălătorie auto, șantier, salon de unghii, seră, abator, brutărie, depozit, hotel, "
        "fast food, fermă, curățenie, service auto, magazin, magazin de noapte, salon de masaj, livrări, "
        "cules, măcelărie, spălătorie"
    ),
}
TOWNS = _words(
    "Bruxelles, Antwerpen, Gent, Charleroi, Liège, Brugge, Namur, Leuven, Mons, Mechelen, Aalst, Hasselt, "
    "Kortrijk, Oostende, Sint-Niklaas, Genk, Roeselare, Verviers, Tournai, Seraing, Mouscron, La Louvière, "
    "Dendermonde, Turnhout, Vilvoorde, Zaventem, Lokeren, Beringen, Ninove, Wavre, Halle, Geel, Lier, "
    "Herentals, Tienen, Tongeren, Ieper, Waregem, Menen, Izegem, Arlon, Nivelles, Ottignies, Eupen, "
    "Sint-Truiden, Knokke-Heist, Blankenberge, Poperinge, Maaseik, Bastogne, Dinant, Huy, "
    "Marche-en-Famenne, Ath, Soignies, Binche, Châtelet, Fleurus, Gembloux, Waterloo"
)
RARE = _words(
    "tomates, aardbeien, asperges, witloof, champignons, poireaux, pommes, poires, cerises, framboises, "
    "prei, bloemkool, roumaine, bulgare, marocaine, vietnamienne, chinoise, brésilienne, ukrainienne, "
    "moldave, nigériane, érythréenne, afghane, indienne, philippine, albanaise, turque, syrienne, "
    "pakistanaise, congolaise, camerounaise, guinéenne, conteneur, hangar, caravane, sous-sol, kelder, "
    "zolder, grenier, dortoir, matelas, badge, uniforme, gsm, whatsapp, facebook, telegram, tiktok, "
    "instagram, western union, moneygram, ryanair, flixbus, eurolines, schiphol, zaventem, "
    "charleroi-airport, haven, port, dokken, quai, marché, vismijn, veiling, criée, tapis, vaisselle, "
    "plonge, afwas, keuken, cuisine, cuisinier, kok, serveur, ober, ramasseur, plukker, stukloon, forfait, "
    "avance, voorschot, enveloppe, cash, contant, virement, overschrijving, garantie, borg, amende, boete, "
    "dossier, rijbewijs, inschrijving, limosa, dimona, détachement, detachering, sous-traitant, "
    "onderaannemer, intérim, uitzendbureau"
)

# What the narrative searches look for: single-word workplaces (with a town) and words found in 6-21 % of
# the narratives.
PLACES_SEARCHED = ["carwash", "chantier", "bouwwerf", "restaurant", "serre", "nagelstudio", "abattoir"]
COMMON_SEARCHED = ["Bruxelles", "Antwerpen", "travaille", "werkt", "argent", "geld", "passeport"]


class Narratives:
    """Random narratives in the contact's language: 10-30 everyday words, a workplace, a town and, one time
    in three, a rarer word, each list drawn with weight 1/rank (Zipf)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = {language: (words, _zipf(len(words))) for language, words in WORDS.items()}
        self.workplaces = {language: (places, _zipf(len(places))) for language, places in WORKPLACES.items()}
        self.towns = (TOWNS, _zipf(len(TOWNS)))
        self.rare = (RARE, _zipf(len(RARE)))

    def _pick(self, pool: tuple[list[str], list[float]], k: int = 1) -> list[str]:
        return self.rng.choices(pool[0], cum_weights=pool[1], k=k)

    def __call__(self, language: str) -> str:
        language = language if language in WORDS else "fr"
        words = self._pick(self.words[language], self.rng.randint(8, 28))
        extra = self._pick(self.workplaces[language]) + self._pick(self.towns)
        if self.rng.random() < 1 / 3:
            extra += self._pick(self.rare)
        for word in extra:
            words.insert(self.rng.randrange(len(words) + 1), word)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."


def _zipf(n: int) -> list[float]:
    return list(itertools.accumulate(1 / rank for rank in range(1, n + 1)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--waiting", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--database", default="postgres://root@127.0.0.1:5432/thb_bench_queue")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the filled database")
    parser.add_argument("--refill", action="store_true", help="refill a kept database")
    args = parser.parse_args()

    import psycopg

    name = args.database.rsplit("/", 1)[1]
    admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.keep:
            admin.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        {
            "THB_ENV": "development",
            "DEBUG": "0",
            "DATABASE_URL": args.database,
            "THB_VAR_DIR": str(ROOT / "var" / "bench"),
            "THB_OTP_RELAXED": "1",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from thb.core.encryption import encrypt
    from thb.core.services import organisation_save
    from thb.core.tests.factories import UserFactory
    from thb.hotline.models import Contact
    from thb.hotline.search import tokens_for

    call_command("migrate", verbosity=0)
    hotline, _ = organisation_save(slug="hotline", kind="hotline", names={"en": "Hotline"}, actor=None)
    operator = UserFactory(username="bench-operator", organisation=hotline, role="operator")
    rng = random.Random(42)
    if Contact.objects.count() != args.contacts or args.refill:
        with connection.cursor() as cursor:  # a kept database of another size: start again
            cursor.execute("TRUNCATE hotline_contact, hotline_contactsearchtoken RESTART IDENTITY CASCADE")
        started = time.perf_counter()
        _fill(args, hotline.pk, rng, encrypt, tokens_for, connection, timezone)
        print(f"filled {args.contacts:,} contacts in {time.perf_counter() - started:.0f} s")
    connection.ensure_connection()
    connection.connection.autocommit = True  # VACUUM cannot run in a transaction
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE hotline_contact")  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE hotline_contactsearchtoken")
        cursor.execute("SELECT count(*) FROM hotline_contact")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT left(token, 1), count(*) FROM hotline_contactsearchtoken GROUP BY 1 ORDER BY 2 DESC"
        )
        tokens_by_kind = dict(cursor.fetchall())
        tokens = sum(tokens_by_kind.values())

    client = Client()
    client.force_login(operator)
    references = list(Contact.objects.order_by("?").values_list("reference", flat=True)[: args.repeat])
    timings: dict[str, list[float]] = {}
    queries: dict[str, set[str]] = {}

    def timed(label: str, url: str, data: dict | None = None) -> None:
        begin = time.perf_counter()
        response = client.get(url, data or {})
        timings.setdefault(label, []).append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200, (label, response.status_code)
        if label.startswith("search: narrative"):
            queries.setdefault(label, set()).add(data["q"])

    timed("warm-up", "/en/staff/hotline/")
    for i in range(args.repeat):
        timed("queue page", "/en/staff/hotline/")
        timed("search: name fragment", "/en/staff/hotline/", {"q": rng.choice(LAST)[:5]})
        timed("search: phone number", "/en/staff/hotline/", {"q": f"0470 {rng.randrange(10**6):06d}"})
        timed("search: reference", "/en/staff/hotline/", {"q": references[i % len(references)]})
        timed("search: narrative, rare word", "/en/staff/hotline/", {"q": rng.choice(RARE[40:100])})
        two_words = f"{rng.choice(PLACES_SEARCHED)} {rng.choice(TOWNS[1:20])}"
        timed("search: narrative, 2 words", "/en/staff/hotline/", {"q": two_words})
        timed("search: narrative, common word", "/en/staff/hotline/", {"q": rng.choice(COMMON_SEARCHED)})
        two_towns = " ".join(rng.sample(TOWNS[:6], 2))  # common words seldom together: no match stops early
        timed("search: narrative, 2 towns", "/en/staff/hotline/", {"q": two_towns})
    print(
        f"machine: {os.cpu_count()} cores; PostgreSQL; {total:,} contacts, {tokens:,} search tokens "
        f"({', '.join(f'{kind}: {n:,}' for kind, n in tokens_by_kind.items())}), {args.waiting:,} waiting; "
        f"{args.repeat} requests per kind (in-process, signed-in operator)"
    )
    for label, values in timings.items():
        if label == "warm-up":
            continue
        print(
            f"{label:32s} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms"
            f"   max {max(values):7.1f} ms{_matches(queries.get(label), hotline.pk, tokens_for, connection)}"
        )
    if not args.keep:
        connection.close()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}"')
    return 0


def _matches(queries: set[str] | None, organisation_id: int, tokens_for, connection) -> str:
    """How many contacts' narratives hold every word of each query (not timed): "  (1,234-5,678 contacts
    match)"."""
    if not queries:
        return ""
    counts = []
    with connection.cursor() as cursor:
        for query in queries:
            wanted = sorted(tokens_for(organisation_id=organisation_id, narrative=query))
            cursor.execute(
                "SELECT count(*) FROM (SELECT contact_id FROM hotline_contactsearchtoken"
                " WHERE token = ANY(%s) GROUP BY contact_id HAVING count(*) = %s) AS matching",
                [wanted, len(wanted)],
            )
            counts.append(cursor.fetchone()[0])
    return f"   ({min(counts):,}-{max(counts):,} contacts match, median {statistics.median(counts):,.0f})"


def _fill(args, organisation_id, rng, encrypt, tokens_for, connection, timezone) -> None:
    """COPY the contacts and their search tokens in batches. Contacts are sent to PostgreSQL while the
    next ones are built, so that the server and Python work side by side (2 cores)."""
    from thb.hotline.models import Contact

    fields = [f for f in Contact._meta.concrete_fields if f.column != "id"]
    columns = ", ".join(f.column for f in fields)
    narratives = Narratives(rng)
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(20_000)]
    encrypted_names = [encrypt(n) for n in names]
    now = timezone.now()
    unset = {f.attname: None for f in fields if f.null}

    def contact(i: int) -> tuple[list, set[str]]:
        """Contact number ``i``'s row and its search tokens (``tokens_for``, as ``reindex_contact``)."""
        waiting = i < args.waiting
        name_index = rng.randrange(len(names)) if rng.random() < 0.3 else None
        phone = f"+32470{i:06d}" if rng.random() < 0.3 else ""
        received = now - timedelta(minutes=i)
        language = rng.choice(["fr", "nl", "ro", "ar", "en"])
        narrative = narratives(language)
        values = {
            **unset,  # fields added since this list was written, when they may be null
            "uuid": uuid.uuid4(),
            "created_at": received,
            "updated_at": received,
            "organisation_id": organisation_id,
            "reference": f"B{i:011d}",
            "channel": "web" if i % 3 else "phone",
            "signal_type": "tip",
            "non_data_kind": "",
            "status": "new" if waiting else "closed",
            "received_at": received,
            "language": language,
            "language_detected": False,
            "interpreter_service_id": None,
            "reporter_role": "",
            "sector": "",
            "exploitation": "[]",
            "postcode": "",
            "judicial_district_id": None,
            "region": "",
            "country": "",
            "victims_count": None,
            "minors_count": None,
            "minor_involved": None,
            "nationalities": "[]",
            "immediate_danger": False,
            "urgent": waiting and i % 50 == 0,
            "heard_from": "",
            "campaign_code": "",
            "indicators": "[]",
            "narrative": encrypt(narrative),
            "caller_name": encrypted_names[name_index] if name_index is not None else "",
            "caller_phone": encrypt(phone) if phone else "",
            "outcome": "",
            "claimed_by_id": None,
            "claimed_at": None,
            "callback_due_at": None,
            "awaiting_hotline_since": received if waiting else None,
            "closed_at": None if waiting else received,
            "receipt_digest": None,
            "retain_until": now + timedelta(days=365),
        }
        tokens = tokens_for(
            organisation_id=organisation_id,
            name=names[name_index] if name_index is not None else "",
            phone=phone,
            narrative=narrative,
        )
        return [values[f.attname] for f in fields], tokens

    next_id = 1
    batch = 50_000
    raw = connection.connection
    for start in range(0, args.contacts, batch):
        end = min(start + batch, args.contacts)
        search_rows: list[tuple[int, str]] = []
        with raw.cursor() as cursor, cursor.copy(f"COPY hotline_contact ({columns}) FROM STDIN") as copy:
            for i in range(start, end):
                row, tokens = contact(i)
                copy.write_row(row)
                contact_id = next_id + (i - start)
                search_rows.extend((contact_id, t) for t in tokens)
        with (
            raw.cursor() as cursor,
            cursor.copy("COPY hotline_contactsearchtoken (contact_id, token) FROM STDIN") as copy,
        ):
            for search_row in search_rows:
                copy.write_row(search_row)
        raw.commit()
        next_id += end - start


if __name__ == "__main__":
    sys.exit(main())
