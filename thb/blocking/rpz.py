"""The files of a release (issue 5 §2): a DNS Response Policy Zone (draft-ietf-dnsop-dns-rpz) that BIND 9,
Unbound ≥ 1.10, PowerDNS Recursor and Knot Resolver load, a plain domain list, the diff against the
previous release, SHA-256 sums and an Ed25519 signature. Pure functions (no database).

Choices that follow BELGIUM.md §6's pitfalls:
- every entry blocked with its subdomains is listed both as ``name`` and ``*.name`` (the wildcard alone
  does not match the name itself);
- the policy is local data — ``A`` and ``AAAA`` records of the stop page — not a ``CNAME`` to a stop
  host, which fails in Unbound when the stop host cannot be resolved;
- the zone's apex has ``NS localhost.`` (RPZ zones are never delegated).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dns.exception
import dns.rdatatype
import dns.zone
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

TTL = 300


@dataclass(frozen=True)
class Listed:
    domain: str  # A-label
    subdomains: bool


def owner_names(entry: Listed) -> list[str]:
    return [entry.domain, f"*.{entry.domain}"] if entry.subdomains else [entry.domain]


def build_rpz(entries: Iterable[Listed], *, serial: int, zone: str, ipv4: str, ipv6: str) -> str:
    """The RPZ zone text, entries sorted by name so that two builds of the same list are identical."""
    origin = zone.rstrip(".") + "."
    lines = [
        f"$ORIGIN {origin}",
        f"$TTL {TTL}",
        f"@ IN SOA localhost. hostmaster.localhost. {serial} 3600 600 604800 {TTL}",
        "@ IN NS localhost.",
        "; THB Platform blocking list (Belgium, action point P5): local data pointing to the stop page.",
    ]
    for entry in sorted(entries, key=lambda e: e.domain):
        for name in owner_names(entry):
            if ipv4:
                lines.append(f"{name} IN A {ipv4}")
            if ipv6:
                lines.append(f"{name} IN AAAA {ipv6}")
    return "\n".join(lines) + "\n"


def domains_text(entries: Iterable[Listed]) -> str:
    """One name a line, ``*.name`` after ``name`` for entries with their subdomains (what the RPZ lists)."""
    names = [name for entry in sorted(entries, key=lambda e: e.domain) for name in owner_names(entry)]
    return "".join(f"{name}\n" for name in names)


def diff_text(previous: set[str], current: set[str], *, previous_serial: int | None, serial: int) -> str:
    """``+ name`` and ``- name`` lines between two releases' domain lists (``name`` or ``*.name``)."""
    header = f"# diff {previous_serial or 'none'} -> {serial}\n"
    lines = [f"- {name}" for name in sorted(previous - current)] + [
        f"+ {name}" for name in sorted(current - previous)
    ]
    return header + "".join(f"{line}\n" for line in lines)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


_LINE = re.compile(
    r"^(?P<owner>(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)"
    r" IN (?P<type>A|AAAA) (?P<address>\S+)$"
)


def parse_back(rpz: str, *, zone: str, expected_names: int) -> int:
    """Read the zone back, line by line, as strictly as its format allows: the header (origin, TTL, SOA,
    NS), then only ``name IN A|AAAA address`` lines with valid names and addresses; it must hold exactly
    the expected names. Raises ``ValueError``; returns the number of records. Linear and fast (0.1 s at
    100,000 entries, where a full dnspython parse takes 30 s — bench/blocking.py); the resolver's own
    loader checks the same text next (``resolver_check``), and the tests parse releases with dnspython."""
    lines = rpz.splitlines()
    origin = zone.rstrip(".") + "."
    header = lines[:4]
    if (
        len(header) < 4
        or header[0] != f"$ORIGIN {origin}"
        or not header[1].startswith("$TTL ")
        or not header[2].startswith("@ IN SOA ")
        or header[3] != "@ IN NS localhost."
    ):
        raise ValueError("the RPZ zone's header (origin, TTL, SOA, NS) is not as built")
    names: set[str] = set()
    records = 2
    for number, line in enumerate(lines[4:], start=5):
        if not line or line.startswith(";"):
            continue
        match = _LINE.match(line)
        if match is None or len(match["owner"]) > 253:
            raise ValueError(f"line {number} of the RPZ zone is not a policy record: {line[:120]!r}")
        try:
            address = ipaddress.ip_address(match["address"])
        except ValueError as exc:
            raise ValueError(f"line {number}: not an address: {match['address']!r}") from exc
        if (address.version == 4) != (match["type"] == "A"):
            raise ValueError(f"line {number}: {match['type']} record with an IPv{address.version} address")
        names.add(match["owner"])
        records += 1
    if len(names) != expected_names:
        raise ValueError(f"the RPZ zone holds {len(names)} names, {expected_names} expected")
    return records


def parse_with_dnspython(rpz: str, *, zone: str) -> int:
    """A full DNS parse (dnspython): the number of records. For tests and small zones (slow at scale)."""
    try:
        parsed = dns.zone.from_text(rpz, origin=zone.rstrip(".") + ".", relativize=True, check_origin=True)
    except dns.exception.DNSException as exc:
        raise ValueError(f"the RPZ zone does not parse: {exc}") from exc
    return sum(len(rdataset) for node in parsed.nodes.values() for rdataset in node.rdatasets)


def resolver_check(rpz: str, *, zone: str) -> dict[str, object]:
    """Load the zone with BIND's own parser (``named-checkzone``) when it is installed — what a resolver
    would do before serving it. Returns ``{"tool", "ok", "output"}`` or ``{"tool": None}``."""
    tool = shutil.which("named-checkzone")
    if tool is None:
        return {"tool": None, "ok": None, "output": "named-checkzone is not installed"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rpz.zone"
        path.write_text(rpz)
        result = subprocess.run(
            [tool, "-i", "none", "-k", "fail", zone.rstrip("."), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 and not output:
        output = f"exit status {result.returncode}"
    return {"tool": "named-checkzone", "ok": result.returncode == 0, "output": output[:2000]}


# --- signatures --------------------------------------------------------------------------------------


def private_key(key_b64: str) -> Ed25519PrivateKey:
    raw = base64.b64decode(key_b64)
    if len(raw) != 32:
        raise ValueError("THB_BLOCKING_SIGNING_KEY must be the base64 of a 32-byte Ed25519 private key")
    return Ed25519PrivateKey.from_private_bytes(raw)


def generate_key() -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def public_key_pem(key_b64: str) -> str:
    return (
        private_key(key_b64)
        .public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def fingerprint(public_pem: str) -> str:
    """SHA-256 of the public key's DER form: how an ISP checks it has the right key."""
    key = load_pem_public_key(public_pem.encode())
    return hashlib.sha256(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).hexdigest()


def sign(data: bytes, key_b64: str) -> str:
    """Ed25519 signature of ``data`` (the RPZ file's bytes), base64."""
    return base64.b64encode(private_key(key_b64).sign(data)).decode()


def verify(data: bytes, signature_b64: str, public_pem: str) -> bool:
    try:
        key = load_pem_public_key(public_pem.encode())
        if not isinstance(key, Ed25519PublicKey):
            return False
        key.verify(base64.b64decode(signature_b64.strip(), validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
