"""The demo's blocking list (issue 5 §2): a published release of a few harmless names under the reserved
``example`` and ``example.com`` (RFC 2606; not ``.test`` or ``.invalid``, which resolvers answer
themselves), taken through the real workflow by the demo officers and magistrate, so that an ISP engineer
can try the whole set-up on day one. Idempotent: nothing happens when a release exists."""

from __future__ import annotations

from django.utils import timezone

from thb.core.models import Organisation, User

from .models import BlockEntry, Release
from .reference import load_protected_domains
from .services.entries import entry_approve, entry_confirm, entry_report, entry_start_assessment, entry_verify
from .services.releases import release_publish

DEMO_DOMAINS = (
    ("blocked-demo.example", "subdomains"),
    ("stop-page-demo.example.com", "subdomains"),
    ("exact-demo.example.com", "exact"),
)


def load_demo_release() -> str:
    load_protected_domains()
    if Release.objects.exists():
        return "Blocking list: a release exists already (demo release not added)."
    fccu = Organisation.objects.get(slug="fccu")
    officer_a = User.objects.get(username="demo-fccu-1")
    officer_b = User.objects.get(username="demo-fccu-2")
    magistrate = User.objects.get(username="demo-magistrate")
    for domain, scope in DEMO_DOMAINS:
        if BlockEntry.objects.filter(domain=domain).exists():
            continue
        entry = entry_report(actor=officer_a, domain=domain, scope=scope, report_reference="DEMO")
        entry = entry_start_assessment(entry=entry, actor=officer_a)
        entry = entry_verify(
            entry=entry,
            actor=officer_a,
            verified_online_at=timezone.now(),
            apparent_age_under_13=True,
            severity="severe",
        )
        entry = entry_confirm(entry=entry, actor=officer_b)
        entry_approve(entry=entry, actor=magistrate, order_reference="DEMO-ORDER-2026-001")
    release = release_publish(actor=officer_a, organisation=fccu)
    return f"Blocking list: demo release {release} published ({len(DEMO_DOMAINS)} example domains)."
