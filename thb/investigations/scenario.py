"""A generated investigation — every name, number and account is invented — used by the worked example of
docs/investigations.md, the demo (``thb load-demo``) and the network tests.

Two groups: a labour-exploitation ring on Brussels building sites (Ion Popescu, his recruiter Vasile Rusu,
Scaffold Build SRL) and a car-wash ring in Liège (Andrei Munteanu, Quick Wash SRL). What joins them is what
an analyst looks for: an accountant who directs companies of both (Marc Dubois), a landlord whose house
shelters workers of both (Jean Lambert), one call between the bosses. Money goes round (Scaffold Build → Ion
→ Vasile → Scaffold Build) and abroad in transfers kept just under 1,000 euros (Romania, Moldova); the
companies sit in three judicial districts. Six files, one of each kind, and an FtM JSON lines file (a land
registry extract and an inspection's findings, as Aleph would give them).
"""

from __future__ import annotations

import json

BANK = """date;amount;payer_iban;payer_name;beneficiary_iban;beneficiary_name;description
03/01/2026;9.900,00;BE48 0011 2345 6727;Scaffold Build SRL;BE22 0630 0000 1247;Ion Popescu;management fee
05/01/2026;4.000,00;BE22 0630 0000 1247;Ion Popescu;BE64 7350 0111 2252;Vasile Rusu;transport
07/01/2026;3.500,00;BE64 7350 0111 2252;Vasile Rusu;BE48 0011 2345 6727;Scaffold Build SRL;loan repayment
10/01/2026;1.500,00;BE48 0011 2345 6727;Scaffold Build SRL;BE93 3100 0999 8867;Marc Dubois;accounting
12/01/2026;5.000,00;BE32 0680 1234 5602;Quick Wash SRL;BE38 0013 3445 5672;Andrei Munteanu;bonus
14/01/2026;1.200,00;BE38 0013 3445 5672;Andrei Munteanu;BE93 3100 0999 8867;Marc Dubois;accounting
20/01/2026;2.400,00;BE22 0630 0000 1247;Ion Popescu;RO49 AAAA 1B31 0075 9384 0000;Elena Popescu;family
"""

MONEY_TRANSFERS = """send_date;principal;currency;sender;send_country;sender_phone;receiver;payout_country;mtcn;agent_location
2026-01-06;950;EUR;Ion Popescu;BE;0470 11 10 01;Elena Popescu;RO;5100000001;Anderlecht
2026-01-08;980;EUR;Ion Popescu;BE;0470 11 10 01;Elena Popescu;RO;5100000002;Anderlecht
2026-01-13;990;EUR;Ion Popescu;BE;0470 11 10 01;Elena Popescu;RO;5100000003;Molenbeek
2026-01-15;960;EUR;Ion Popescu;BE;0470 11 10 01;Elena Popescu;RO;5100000004;Anderlecht
2026-01-16;900;EUR;Andrei Munteanu;BE;0470 22 20 01;Mihai Munteanu;MD;5100000005;Liège
"""

CALLS = """a_number,b_number,date_time,duration,cell,a_name,b_name
0470 11 10 01,0470 11 10 02,2026-01-04 07:02:11,95,BRU-ANDERLECHT-12,Ion Popescu,Vasile Rusu
0470 11 10 02,0470 33 30 01,2026-01-04 07:15:40,40,BRU-ANDERLECHT-12,Vasile Rusu,
0470 11 10 02,0470 33 30 02,2026-01-04 07:16:02,35,BRU-ANDERLECHT-12,Vasile Rusu,
0470 11 10 01,0470 22 20 01,2026-01-09 21:40:00,300,BRU-MIDI-03,Ion Popescu,Andrei Munteanu
0470 22 20 01,0470 33 30 04,2026-01-11 06:50:12,20,LIE-GUILLEMINS-07,Andrei Munteanu,
0470 22 20 01,0470 33 30 05,2026-01-11 06:51:30,25,LIE-GUILLEMINS-07,Andrei Munteanu,
"""

COMPANIES = """enterprise_number,company_name,legal_form,address,person_name,person_birth_date,function
0403.170.701,Scaffold Build SRL,SRL,Rue de la Loi 16 1000 Bruxelles,Ion Popescu,1979-05-14,manager
0403.170.701,Scaffold Build SRL,SRL,Rue de la Loi 16 1000 Bruxelles,Marc Dubois,1968-11-02,director
0812.345.603,Quick Wash SRL,SRL,Rue Saint-Léonard 100 4000 Liège,Andrei Munteanu,1983-08-30,manager
0812.345.603,Quick Wash SRL,SRL,Rue Saint-Léonard 100 4000 Liège,Marc Dubois,1968-11-02,director
0765.432.146,Clean Shine SRL,SRL,Meir 1 2000 Antwerpen,Marc Dubois,1968-11-02,director
"""

VEHICLES = """plate,merk,type,holder,owner_birth_date,owner_address
1-ABC-123,Ford,Transit,Vasile Rusu,1990-02-19,Rue Haute 5 1000 Bruxelles
2-XYZ-789,Volkswagen,Crafter,Andrei Munteanu,1983-08-30,Rue Saint-Léonard 100 4000 Liège
"""

ADS = """site,profile,telephone,url,date,headline
jobs-example.be,bouwwerk-bxl,0470 11 10 02,https://jobs-example.be/ad/1001,2026-01-02 09:00,Construction work daily cash good pay
jobs-example.be,bouwwerk-bxl,0470111002,https://jobs-example.be/ad/1002,2026-01-09 09:00,Workers needed housing provided
jobs-example.be,carwash-liege,0470 22 20 01,https://jobs-example.be/ad/2001,2026-01-03 10:00,Car wash staff no papers needed
"""


def _ftm() -> str:
    house = {
        "id": "re-rue-haute-5",
        "schema": "RealEstate",
        "properties": {
            "name": ["House, Rue Haute 5"],
            "address": ["Rue Haute 5 1000 Bruxelles"],
            "country": ["be"],
        },
    }
    landlord = {
        "id": "p-jean-lambert",
        "schema": "Person",
        "properties": {"name": ["Jean Lambert"], "birthDate": ["1955-03-09"], "nationality": ["be"]},
    }
    owns = {
        "id": "own-rue-haute-5",
        "schema": "Ownership",
        "properties": {
            "owner": ["p-jean-lambert"],
            "asset": ["re-rue-haute-5"],
            "role": ["owner"],
            "startDate": ["2004"],
        },
    }
    workers = [
        ("w-1", "Gheorghe Lungu", "0470 33 30 01", "ro"),
        ("w-2", "Costel Marin", "0470 33 30 02", "ro"),
        ("w-3", "Petru Ciobanu", "0470 33 30 03", "md"),
        ("w-4", "Nicolae Rotaru", "0470 33 30 04", "md"),
        ("w-5", "Dumitru Sirbu", "0470 33 30 05", "ro"),
    ]
    lines = [house, landlord, owns]
    for key, name, phone, country in workers:
        lines.append(
            {
                "id": key,
                "schema": "Person",
                "properties": {
                    "name": [name],
                    "phone": ["+32" + phone.replace(" ", "")[1:]],
                    "nationality": [country],
                    "address": ["Rue Haute 5 1000 Bruxelles"],
                },
            }
        )
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


FTM_LINES = _ftm()

# (kind, file name, content) in the order an investigator would import them
FILES: list[tuple[str, str, str]] = [
    ("bank", "bank-requisition-2026-01.csv", BANK),
    ("money_transfer", "money-transfers-2026-01.csv", MONEY_TRANSFERS),
    ("cdr", "calls-0470111001-0470222001.csv", CALLS),
    ("kbo", "kbo-extract.csv", COMPANIES),
    ("vehicles", "div-vehicles.csv", VEHICLES),
    ("online_ads", "ads-jobs-example.csv", ADS),
    ("ftm", "aleph-land-registry-and-inspection.ftm.json", FTM_LINES),
]


def import_scenario(*, investigation, actor) -> int:
    """Import the seven files into ``investigation`` (columns guessed from their names); returns how many
    were imported (a file already there is skipped, so this can run again)."""
    from .imports.kinds import KINDS
    from .imports.mapper import guess_columns
    from .imports.reader import read_table
    from .imports.service import FTM_KIND, import_ftm, import_table

    imported = 0
    for kind, filename, text in FILES:
        if investigation.imports.filter(filename=filename).exists():
            continue
        content = text.encode("utf-8")
        if kind == FTM_KIND:
            import_ftm(investigation=investigation, actor=actor, content=content, filename=filename)
        else:
            columns = guess_columns(KINDS[kind], read_table(content, filename).headers)
            import_table(
                investigation=investigation,
                actor=actor,
                kind=kind,
                content=content,
                filename=filename,
                columns=columns,
            )
        imported += 1
    return imported
