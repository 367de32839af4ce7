"""Exports written whole or not at all (thb/core/exports.py, issue 11 §4): on a real full disk (a tmpfs
filled to its last block) the error says where and why, the previous file is unchanged and no partial file
is left behind."""

from __future__ import annotations

import pytest

from thb.core.exports import ExportWriteError, atomic_output, write_text_atomically, write_tree_atomically
from thb.investigations.matching.dedupe import write_clusters


def test_a_file_is_replaced_whole(small_disk):
    target = small_disk.path / "zone.rpz"
    write_text_atomically(target, "first\n")
    write_text_atomically(target, "second\n" * 1000)
    assert target.read_text() == "second\n" * 1000
    assert small_disk.entries() == {"zone.rpz"}


def test_on_a_full_disk_the_previous_file_stays_and_nothing_partial_is_left(small_disk):
    target = small_disk.path / "zone.rpz"
    write_text_atomically(target, "yesterday's zone\n")
    small_disk.fill()

    with pytest.raises(ExportWriteError) as raised:
        write_text_atomically(target, "today's zone\n" * 10_000)

    message = str(raised.value)
    assert message.startswith(f"no space left under {small_disk.path} (")
    assert "zone.rpz was not written" in message and "previous files, if any, are unchanged" in message
    assert target.read_text() == "yesterday's zone\n"
    assert small_disk.entries() == {"zone.rpz"}

    small_disk.free()
    write_text_atomically(target, "today's zone\n" * 10_000)
    assert target.read_text() == "today's zone\n" * 10_000


def test_a_failure_inside_the_writer_replaces_nothing(small_disk):
    target = small_disk.path / "clusters.csv"
    write_text_atomically(target, "id,cluster_id\n")
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write("half")
        raise RuntimeError("the rows ran out")
    assert target.read_text() == "id,cluster_id\n"
    assert small_disk.entries() == {"clusters.csv"}


def test_a_tree_is_replaced_whole_or_not_at_all(small_disk):
    output = small_disk.path / "stop"
    first = {"index.html": "languages", "fr/index.html": "bloqué", "nl/index.html": "geblokkeerd"}
    write_tree_atomically(output, first)
    small_disk.fill()

    with pytest.raises(ExportWriteError, match=r"^no space left under .*stop .*the 3 files were not written"):
        write_tree_atomically(output, {name: text * 50_000 for name, text in first.items()})

    assert {p: (output / p).read_text() for p in first} == first
    assert small_disk.entries() == {
        "stop",
        "stop/index.html",
        "stop/fr",
        "stop/fr/index.html",
        "stop/nl",
        "stop/nl/index.html",
    }


def test_match_clusters_on_a_full_disk(small_disk):
    output = small_disk.path / "clusters.csv"
    write_clusters([("a", "a"), ("b", "a")], output, "ID")
    small_disk.fill()
    with pytest.raises(ExportWriteError, match=r"clusters\.csv was not written"):
        write_clusters([(str(i), str(i)) for i in range(100_000)], output, "ID")
    assert output.read_bytes() == b"ID,cluster_id\r\na,a\r\nb,a\r\n"


def test_a_missing_folder_is_a_clear_error_too(tmp_path):
    target = tmp_path / "missing" / "zone.rpz"
    with pytest.raises(ExportWriteError, match=r"cannot write under .*missing \(No such file or directory\)"):
        write_text_atomically(target, "x")
