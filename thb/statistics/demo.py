"""A year of generated hotline activity for the demo (``make run``), so that the statistics dashboards
(issue 9 §4) and the demo campaign's figures have something to show on day one instead of empty charts.

About 360 contacts over the past year: calls, e-mails, walk-ins, SMS and partners' referrals logged by the
demo operator, and web reports, each closed with an outcome as an operator closes it; a mix of signal
types, sectors, forms of exploitation, languages and regions, and, since the demo campaign started, some
contacts that name its code. Everything goes through the hotline's services (validation, search index,
audit trail); only the times are moved back afterwards to spread the contacts over the year — the audit
rows keep the day they were generated. Nothing here is about a real person: no names, no phone numbers, no
narratives beyond a fixed sentence. Referrals are left out on purpose: a year of unacknowledged referrals
would flood the escalation job and the partners' overdue pages.

Idempotent: when the hotline already has contacts older than 90 days (only this history makes them on a
demo database), it does nothing. Refused in production like every demo loader (``thb.core.demo``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from thb.campaigns.models import Campaign
from thb.core.models import Organisation, User
from thb.hotline.models import (
    Channel,
    Contact,
    ContactStatus,
    Exploitation,
    NonDataKind,
    Outcome,
    Sector,
    SignalType,
)
from thb.hotline.services.console import contact_claim, contact_close, contact_log_call, contact_update
from thb.hotline.services.public_reports import public_report_submit

CONTACTS = 360
SEED = 2026
MARKER_AGE = timedelta(days=90)
NARRATIVE = "Generated demo contact (no real person): working and living conditions described by the caller."
WEB_TEXT = "Generated demo report (no real person): people sleep where they work and their papers are kept."

# Where the contacts come from: Brussels, Flanders, Wallonia, the German-speaking Community.
POSTCODES = ["1000", "1030", "1070", "1210", "2000", "2060", "9000", "8000", "3000", "3500", "4000", "5000",
             "6000", "7000", "1300", "4700"]  # fmt: skip
CHANNELS = [(Channel.PHONE, 55), (Channel.WEB, 25), (Channel.EMAIL, 9), (Channel.WALK_IN, 5),
            (Channel.SMS, 3), (Channel.PARTNER_REFERRAL, 3)]  # fmt: skip
SIGNALS = [(SignalType.TIP, 35), (SignalType.INFORMATION, 25), (SignalType.SERVICE_REQUEST, 18),
           (SignalType.CRISIS, 5), (SignalType.TRAINING, 5), (SignalType.NON_DATA, 12)]  # fmt: skip
LANGUAGES = [("fr", 30), ("nl", 28), ("en", 10), ("ro", 8), ("ar", 6), ("bg", 4), ("pl", 3), ("es", 2),
             ("pt", 2), ("vi", 2), ("uk", 2), ("de", 1), ("tl", 1), ("zh-hans", 1)]  # fmt: skip
# A form of exploitation with the sectors it is met in (BELGIUM.md §5's risk sectors).
EXPLOITATION = [
    (Exploitation.LABOUR, 45, [Sector.CONSTRUCTION, Sector.CAR_WASH, Sector.HOSPITALITY, Sector.AGRICULTURE,
                               Sector.CLEANING, Sector.TRANSPORT, Sector.BEAUTY]),
    (Exploitation.SEXUAL, 28, [Sector.PROSTITUTION, Sector.BEAUTY]),
    (Exploitation.DOMESTIC_SERVITUDE, 12, [Sector.DOMESTIC_WORK]),
    (Exploitation.BEGGING, 6, [Sector.BEGGING]),
    (Exploitation.FORCED_CRIME, 5, [Sector.FORCED_CRIME]),
    (Exploitation.SMUGGLING, 4, [Sector.TRANSPORT]),
]  # fmt: skip


def _pick(rng: random.Random, weighted: list[tuple]) -> tuple:
    return rng.choices(weighted, weights=[row[1] for row in weighted])[0]


def _moment(rng: random.Random, now: datetime) -> datetime:
    """A working-hours moment of the past year (fewer at weekends), never in the last two days."""
    while True:
        moment = now - timedelta(days=rng.uniform(2, 365))
        if moment.weekday() < 5 or rng.random() < 0.3:
            local = timezone.localtime(moment)
            return local.replace(hour=rng.randint(8, 19), minute=rng.randint(0, 59))


def _facts(rng: random.Random, signal: str) -> dict:
    if signal == SignalType.NON_DATA:
        return {"non_data_kind": rng.choice(NonDataKind.values)}
    facts: dict = {"postcode": rng.choice(POSTCODES), "narrative": NARRATIVE}
    if signal in (SignalType.TIP, SignalType.CRISIS, SignalType.SERVICE_REQUEST):
        exploitation, _weight, sectors = _pick(rng, EXPLOITATION)
        facts |= {"exploitation": [exploitation], "sector": rng.choice(sectors)}
        facts["minor_involved"] = rng.random() < 0.12
    elif rng.random() < 0.5:
        facts["sector"] = rng.choice(Sector.values)
    return facts


def _outcome(rng: random.Random, signal: str) -> str:
    if signal == SignalType.CRISIS:
        return Outcome.EMERGENCY_SERVICES
    if signal in (SignalType.INFORMATION, SignalType.TRAINING):
        return Outcome.INFORMATION_GIVEN
    return rng.choice([Outcome.INFORMATION_GIVEN, Outcome.INFORMATION_GIVEN, Outcome.NO_ACTION])


def _backdate(contact: Contact, moment: datetime, minutes: int) -> None:
    Contact.objects.filter(pk=contact.pk).update(
        received_at=moment,
        created_at=moment,
        claimed_at=moment,
        closed_at=moment + timedelta(minutes=minutes),
    )


def load_demo_history() -> str:
    hotline = Organisation.objects.get(slug="hotline")
    now = timezone.now()
    if Contact.objects.filter(organisation=hotline, received_at__lt=now - MARKER_AGE).exists():
        return "Statistics: the demo history of the hotline exists."
    operator = User.objects.get(username="demo-operator")
    campaign = Campaign.objects.order_by("created_at").first()
    rng = random.Random(SEED)  # noqa: S311 - generated demo data, the same on every machine
    for _index in range(CONTACTS):
        moment = _moment(rng, now)
        channel, signal = _pick(rng, CHANNELS)[0], _pick(rng, SIGNALS)[0]
        language = _pick(rng, LANGUAGES)[0]
        code = ""
        if campaign is not None and campaign.starts_on <= timezone.localdate(moment) and rng.random() < 0.3:
            code = campaign.code
        if channel == Channel.WEB:
            facts = _facts(rng, SignalType.TIP)
            contact = public_report_submit(
                text=WEB_TEXT,
                language=language,
                sector=facts.get("sector"),
                postcode=facts["postcode"],
                minor_involved=facts.get("minor_involved"),
                campaign_code=code,
            ).contact
            contact = contact_claim(contact=contact, actor=operator)
            # The operator reads the report and classifies it, as the console asks before closing.
            contact = contact_update(
                contact=contact,
                actor=operator,
                signal_type=SignalType.TIP,
                exploitation=facts["exploitation"],
            )
            signal = SignalType.TIP
        else:
            contact = contact_log_call(
                actor=operator,
                channel=channel,
                signal_type=signal,
                language=language,
                campaign_code=code,
                **_facts(rng, signal),
            )
        if contact.status != ContactStatus.CLOSED:
            contact_close(contact=contact, actor=operator, outcome=_outcome(rng, signal))
        _backdate(contact, moment, rng.randint(4, 45))
    return f"Statistics: {CONTACTS} generated hotline contacts over the past year (demo history)."
