"""The ISP-facing exports on a full disk (issue 11 §4): ``thb blocking export-rpz`` and ``export-stop-page``
end with a clear error and leave yesterday's zone and stop page as they were — a resolver never loads half a
zone, a web server never serves half a page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thb.blocking.services.releases import release_publish

pytestmark = pytest.mark.django_db


def test_export_rpz_on_a_full_disk_keeps_the_previous_zone(people, approve, small_disk):
    approve(people, "first.example")
    first = release_publish(actor=people.officer_a, organisation=people.fccu)
    zone = small_disk.path / "thb-rpz.zone"
    call_command("blocking", "export-rpz", "--output", str(zone), stdout=StringIO())
    assert zone.read_text() == first.rpz
    for n in range(30):
        approve(people, f"later-{n}.example")
    second = release_publish(actor=people.officer_a, organisation=people.fccu)
    small_disk.fill()

    with pytest.raises(CommandError) as raised:
        call_command("blocking", "export-rpz", "--output", str(zone), stdout=StringIO())

    assert str(raised.value).startswith(f"no space left under {small_disk.path} (")
    assert "thb-rpz.zone was not written" in str(raised.value)
    assert zone.read_text() == first.rpz
    assert small_disk.entries() == {"thb-rpz.zone"}

    small_disk.free()
    call_command("blocking", "export-rpz", "--output", str(zone), stdout=StringIO())
    assert zone.read_text() == second.rpz


def test_export_stop_page_on_a_full_disk_keeps_the_previous_pages(small_disk, settings):
    output = small_disk.path / "stop"
    call_command("blocking", "export-stop-page", "--output", str(output), stdout=StringIO())
    before = {path: path.read_bytes() for path in output.rglob("*.html")}
    assert len(before) == len(settings.PUBLIC_LANGUAGES) + 1
    for path in before:
        path.write_bytes(b"yesterday")  # so that a rewrite, whole or partial, would show
    small_disk.fill()

    with pytest.raises(CommandError, match=r"^no space left under .*stop .*files were not written"):
        call_command("blocking", "export-stop-page", "--output", str(output), stdout=StringIO())

    assert all(path.read_bytes() == b"yesterday" for path in before)
    assert not [p for p in output.iterdir() if p.name.startswith(".")]  # no staging folder left

    small_disk.free()
    call_command("blocking", "export-stop-page", "--output", str(output), stdout=StringIO())
    assert {path: path.read_bytes() for path in output.rglob("*.html")} == before
