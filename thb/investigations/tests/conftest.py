"""A federal police THB section running an investigation directed by the Brussels prosecutor's office,
and sample files of every kind the platform imports."""

from __future__ import annotations

import pytest

from thb.core.models import Organisation
from thb.core.roles import Role
from thb.core.tests.factories import UserFactory
from thb.investigations.services import investigation_open


@pytest.fixture
def police(demo_directory):
    return Organisation.objects.get(slug="fjp-thb-brussels")


@pytest.fixture
def office(demo_directory):
    return Organisation.objects.get(slug="prosecutor-brussels")


@pytest.fixture
def investigator(police):
    return UserFactory(organisation=police, role=Role.INVESTIGATOR)


@pytest.fixture
def magistrate(office):
    return UserFactory(organisation=office, role=Role.MAGISTRATE)


@pytest.fixture
def investigation(investigator, office):
    return investigation_open(actor=investigator, title="Operation Scaffold", magistrate_office=office)


BANK_CSV = (
    "Date;Bedrag;From IBAN;Debtor;To IBAN;Creditor;Communication\n"
    "01/03/2026;1.250,00;BE71 0961 2345 6769;Ion Popescu;RO49 AAAA 1B31 0075 9384 0000;Maria Pop;rent\n"
    "02/03/2026;9.900,00;BE71096123456769;Ion Popescu;RO49AAAA1B31007593840000;;wages\n"
)

CDR_CSV = (
    "a_number,b_number,date_time,duration,cell\n"
    "0470 12 34 56,+40 721 234 567,2026-03-01 14:22:05,61,BRU-0412\n"
    "+32470123456,0032 2 511 11 11,01/03/2026 15:00,12,BRU-0412\n"
)

MONEY_TRANSFER_CSV = (
    "send_date,principal,currency,sender,send_country,receiver,payout_country,mtcn,agent_location\n"
    "2026-03-04,950,EUR,Ion Popescu,Belgium,Elena Popescu,Romania,1234567890,Anderlecht\n"
    "2026-03-05,990,EUR,Ion Popescu,Belgium,Elena Popescu,Romania,1234567891,Anderlecht\n"
)

KBO_CSV = (
    "ondernemingsnummer,denomination,rechtsvorm,adres,director,function\n"
    "0403.170.701,Scaffold Build SRL,SRL,Rue de la Loi 16 1000 Bruxelles,Ion Popescu,manager\n"
)

VEHICLES_CSV = (
    "plate,merk,type,holder,owner_address\n1-ABC-123,Ford,Transit,Ion Popescu,Rue Haute 5 1000 Bruxelles\n"
)

ADS_CSV = (
    "site,profile,telephone,url,date,headline\n"
    "example-escort.be,Lara,0470 12 34 56,https://example-escort.be/ad/1,2026-03-02 10:00,New in town\n"
    "example-escort.be,Lara,0470123456,https://example-escort.be/ad/2,2026-03-03 10:00,Available\n"
)
