"""A published release loaded into a real Unbound on loopback (issue 5 §4): blocked names and their
subdomains answer with the stop page's addresses; an exact-scope entry's subdomains and unlisted names do
not. Unbound comes from Debian (`.ci/run` installs it); without it this test fails rather than hide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from thb.blocking.services.releases import release_publish

from .resolvers import addresses, ask, free_port, running

pytestmark = pytest.mark.django_db

UNBOUND = shutil.which("unbound") or "/usr/sbin/unbound"


def test_unbound_answers_blocked_names_with_the_stop_page(people, approve, tmp_path: Path, settings):
    if not Path(UNBOUND).exists():
        pytest.fail(
            "Unbound is not installed (apt-get install unbound): the blocking test needs a real resolver"
        )
    approve(people, "blocked-demo.example")
    approve(people, "exact-demo.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    port = free_port()
    (tmp_path / "rpz.zone").write_text(release.rpz)
    # `rpz-log` stays off: it would log client IP addresses.
    (tmp_path / "unbound.conf").write_text(
        f"""server:
    interface: 127.0.0.1
    port: {port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{tmp_path}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 1
    module-config: "respip iterator"
    access-control: 127.0.0.0/8 allow
    local-zone: "fine.example." static
    local-data: "fine.example. A 198.51.100.7"
rpz:
    name: "{settings.THB_RPZ_ZONE}"
    zonefile: "{tmp_path / "rpz.zone"}"
    rpz-log: no
"""
    )
    command = [UNBOUND, "-d", "-c", str(tmp_path / "unbound.conf")]
    with running(command, port=port, log_path=tmp_path / "unbound.log", name="Unbound"):
        assert addresses(ask(port, "blocked-demo.example")) == {"192.0.2.80"}
        assert addresses(ask(port, "www.blocked-demo.example")) == {"192.0.2.80"}
        assert addresses(ask(port, "deep.sub.blocked-demo.example", "AAAA")) == {"2001:db8::80"}
        assert addresses(ask(port, "exact-demo.example.com")) == {"192.0.2.80"}
        assert addresses(ask(port, "sub.exact-demo.example.com")) != {"192.0.2.80"}  # exact scope
        assert addresses(ask(port, "fine.example")) == {"198.51.100.7"}  # not listed: its own answer
        assert addresses(ask(port, "notblocked-demo.example")) != {"192.0.2.80"}
