"""The demo's year of hotline activity (thb/statistics/demo.py): made through the hotline's services, spread
over the past year, all closed (nothing lands in the operators' queue), enough for the dashboards to show
figures above the suppression threshold, and loaded once."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from thb.campaigns.demo import load_demo_campaign
from thb.campaigns.models import Campaign
from thb.core.models import AuditEvent
from thb.hotline.models import Contact, ContactStatus
from thb.statistics.demo import CONTACTS, NARRATIVE, load_demo_history
from thb.statistics.figures import Period, contacts_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(demo_directory):
    load_demo_campaign()
    return load_demo_history()


def test_a_year_of_closed_contacts_through_the_services(history):
    contacts = Contact.objects.all()
    assert history.startswith(f"Statistics: {CONTACTS} generated hotline contacts")
    assert contacts.count() == CONTACTS
    assert not contacts.exclude(status=ContactStatus.CLOSED).exists()
    assert not contacts.filter(awaiting_hotline_since__isnull=False).exists()  # the queue stays empty
    now = timezone.now()
    oldest, newest = min(c.received_at for c in contacts), max(c.received_at for c in contacts)
    assert now - oldest > datetime.timedelta(days=300) and now - newest > datetime.timedelta(days=1)
    assert len({(c.received_at.year, c.received_at.month) for c in contacts}) >= 12
    assert all(c.closed_at >= c.received_at for c in contacts)
    assert {c.channel for c in contacts} >= {"phone", "web", "email", "walk_in"}
    languages = {c.language for c in contacts}
    assert len(languages) >= 10
    assert languages <= {code for code, _name in settings.PUBLIC_LANGUAGES}  # each one has its dashboard row
    assert not contacts.filter(signal_type="").exists()  # web reports classified by the operator too
    assert (
        AuditEvent.objects.filter(action="contact.close").count() >= CONTACTS - 50
    )  # non-data close at once
    assert {c.narrative for c in contacts if c.channel == "phone" and c.signal_type == "tip"} == {NARRATIVE}


def test_campaign_codes_only_since_the_campaign_started(history):
    campaign = Campaign.objects.get()
    named = Contact.objects.filter(campaign_code=campaign.code)
    assert named.count() >= 10
    assert all(timezone.localdate(c.received_at) >= campaign.starts_on for c in named)


def test_the_dashboard_of_the_past_year_shows_figures(history):
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=365), today)
    figures = {figure.key: figure for figure in contacts_section(period).figures}
    for key in (
        "contacts_by_channel",
        "contacts_by_language",
        "contacts_by_signal_type",
        "contacts_by_region",
    ):
        shown = [count for _key, count in figures[key].breakdown.cells if count is not None]
        assert len(shown) >= 3 and figures[key].breakdown.total == CONTACTS, key


def test_loaded_once(history):
    assert load_demo_history() == "Statistics: the demo history of the hotline exists."
    assert Contact.objects.count() == CONTACTS
