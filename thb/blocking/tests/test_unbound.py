"""A published release loaded into a real Unbound on loopback (issue 5 §4): blocked names and their
subdomains answer with the stop page's addresses; an exact-scope entry's subdomains and unlisted names do
not. Unbound comes from Debian (`.ci/run` installs it); without it this test fails rather than hide."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from thb.blocking.services.releases import release_publish

pytestmark = pytest.mark.django_db

UNBOUND = shutil.which("unbound") or "/usr/sbin/unbound"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ask(port: int, name: str, rdtype: str = "A") -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=port, timeout=2)


def _addresses(response: dns.message.Message) -> set[str]:
    return {item.to_text() for rrset in response.answer for item in rrset}


@pytest.fixture
def unbound_with(tmp_path: Path, settings):
    """Start Unbound with a zone; yields the port. `rpz-log` stays off: it would log client IP addresses."""
    if not Path(UNBOUND).exists():
        pytest.fail(
            "Unbound is not installed (apt-get install unbound): the blocking test needs a real resolver"
        )
    processes = []

    def start(zone_text: str) -> int:
        port = _free_port()
        (tmp_path / "rpz.zone").write_text(zone_text)
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
        log = open(tmp_path / "unbound.log", "w+")  # noqa: SIM115
        process = subprocess.Popen(
            [UNBOUND, "-d", "-c", str(tmp_path / "unbound.conf")], stdout=log, stderr=log
        )
        processes.append((process, log))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if _addresses(_ask(port, "fine.example")) == {"198.51.100.7"}:
                    return port
            except (OSError, dns.exception.Timeout):
                pass
            if process.poll() is not None:
                break
            time.sleep(0.2)
        log.seek(0)
        pytest.fail("Unbound did not start:\n" + log.read())

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_unbound_answers_blocked_names_with_the_stop_page(people, approve, unbound_with):
    approve(people, "blocked-demo.example")
    approve(people, "exact-demo.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    port = unbound_with(release.rpz)
    assert _addresses(_ask(port, "blocked-demo.example")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "www.blocked-demo.example")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "deep.sub.blocked-demo.example", "AAAA")) == {"2001:db8::80"}
    assert _addresses(_ask(port, "exact-demo.example.com")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "sub.exact-demo.example.com")) != {"192.0.2.80"}  # exact scope
    assert _addresses(_ask(port, "fine.example")) == {"198.51.100.7"}  # not listed: its own answer
    assert _addresses(_ask(port, "notblocked-demo.example")) != {"192.0.2.80"}
