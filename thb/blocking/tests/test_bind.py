"""A published release loaded into a real BIND 9 resolver on loopback (issue 5 §4, "also BIND if
practical"): the same answers as Unbound. BIND comes from Debian (`.ci/run` installs `bind9`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thb.blocking.services.releases import release_publish

from .resolvers import addresses, ask, free_port, running

pytestmark = pytest.mark.django_db

NAMED = shutil.which("named") or "/usr/sbin/named"


def test_bind_answers_blocked_names_with_the_stop_page(people, approve, tmp_path: Path, settings):
    if not Path(NAMED).exists():
        pytest.fail("BIND is not installed (apt-get install bind9): the blocking test needs a real resolver")
    approve(people, "blocked-demo.example")
    approve(people, "exact-demo.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    port, zone = free_port(), settings.THB_RPZ_ZONE
    (tmp_path / "rpz.zone").write_text(release.rpz)
    (tmp_path / "fine.zone").write_text(
        "$TTL 300\n@ IN SOA localhost. hostmaster.localhost. 1 3600 600 604800 300\n"
        "@ IN NS localhost.\n@ IN A 198.51.100.7\n"
    )
    (tmp_path / "named.conf").write_text(
        f"""options {{
    directory "{tmp_path}";
    listen-on port {port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    recursion yes;
    allow-query {{ 127.0.0.1; }};
    allow-recursion {{ 127.0.0.1; }};
    dnssec-validation no;
    pid-file none;
    response-policy {{ zone "{zone}" log no; }} qname-wait-recurse no;
}};
zone "{zone}" {{ type primary; file "{tmp_path / "rpz.zone"}"; allow-query {{ localhost; }}; }};
zone "fine.example" {{ type primary; file "{tmp_path / "fine.zone"}"; }};
"""
    )
    command = [NAMED, "-g", "-c", str(tmp_path / "named.conf")]
    with running(command, port=port, log_path=tmp_path / "named.log", name="BIND"):
        assert addresses(ask(port, "blocked-demo.example")) == {"192.0.2.80"}
        assert addresses(ask(port, "www.blocked-demo.example")) == {"192.0.2.80"}
        assert addresses(ask(port, "deep.sub.blocked-demo.example", "AAAA")) == {"2001:db8::80"}
        assert addresses(ask(port, "exact-demo.example.com")) == {"192.0.2.80"}
        assert addresses(ask(port, "fine.example")) == {"198.51.100.7"}  # not listed: its own answer
