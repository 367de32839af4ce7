"""A published release loaded into a real BIND 9 resolver on loopback (issue 5 §4, "also BIND if
practical"): the same answers as Unbound. BIND comes from Debian (`.ci/run` installs `bind9`)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import pytest

from thb.blocking.services.releases import release_publish
from thb.blocking.tests.test_unbound import _addresses, _free_port

pytestmark = pytest.mark.django_db

NAMED = shutil.which("named") or "/usr/sbin/named"


def _ask(port: int, name: str, rdtype: str = "A") -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=port, timeout=2)


@pytest.fixture
def bind_with(tmp_path: Path, settings):
    if not Path(NAMED).exists():
        pytest.fail("BIND is not installed (apt-get install bind9): the blocking test needs a real resolver")
    processes = []

    def start(zone_text: str) -> int:
        port = _free_port()
        zone = settings.THB_RPZ_ZONE
        (tmp_path / "rpz.zone").write_text(zone_text)
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
        log = open(tmp_path / "named.log", "w+")  # noqa: SIM115
        process = subprocess.Popen([NAMED, "-g", "-c", str(tmp_path / "named.conf")], stdout=log, stderr=log)
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
        pytest.fail("BIND did not start:\n" + log.read())

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_bind_answers_blocked_names_with_the_stop_page(people, approve, bind_with):
    approve(people, "blocked-demo.example")
    approve(people, "exact-demo.example.com", scope="exact")
    release = release_publish(actor=people.officer_a, organisation=people.fccu)
    port = bind_with(release.rpz)
    assert _addresses(_ask(port, "blocked-demo.example")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "www.blocked-demo.example")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "deep.sub.blocked-demo.example", "AAAA")) == {"2001:db8::80"}
    assert _addresses(_ask(port, "exact-demo.example.com")) == {"192.0.2.80"}
    assert _addresses(_ask(port, "fine.example")) == {"198.51.100.7"}  # not listed: its own answer
