"""Running a real resolver on loopback for the blocking tests: start it, wait until it answers the
unlisted control name, stop it; query it with dnspython."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import pytest

CONTROL_NAME, CONTROL_ADDRESS = "fine.example", "198.51.100.7"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ask(port: int, name: str, rdtype: str = "A") -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=port, timeout=2)


def addresses(response: dns.message.Message) -> set[str]:
    return {item.to_text() for rrset in response.answer for item in rrset}


@contextmanager
def running(command: list[str], *, port: int, log_path: Path, name: str) -> Iterator[int]:
    """Start ``command``, yield ``port`` once the control name answers, stop it afterwards."""
    with open(log_path, "w+") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    if addresses(ask(port, CONTROL_NAME)) == {CONTROL_ADDRESS}:
                        break
                except (OSError, dns.exception.Timeout):
                    pass
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"{name} did not start:\n" + log.read())
                time.sleep(0.2)
            else:
                log.seek(0)
                pytest.fail(f"{name} did not answer within 20 s:\n" + log.read())
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)
