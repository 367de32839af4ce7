"""The file-system broker of ``make run`` writes each message whole before the worker can see it (a worker
that read a half-written message died on the JSON error and no periodic job ran any more)."""

from __future__ import annotations

import json
from queue import Empty

import pytest
from kombu import Connection

from thb.core.filesystem_transport import Channel, install


@pytest.fixture
def channel(tmp_path):
    install()
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport_options=options) as connection:
        yield connection.default_channel


def test_filesystem_means_the_atomic_transport(channel):
    assert isinstance(channel, Channel)


def test_a_message_is_in_the_queue_folder_whole_and_nothing_half_written_remains(channel, tmp_path):
    channel._put("celery", {"body": "x" * 100_000})
    files = list(tmp_path.iterdir())
    assert [f.name.endswith(".celery.msg") for f in files] == [True]
    assert json.loads(files[0].read_bytes())["body"] == "x" * 100_000
    assert channel._get("celery") == {"body": "x" * 100_000}


def test_a_message_still_being_written_is_not_taken(channel, tmp_path):
    (tmp_path / "1_abc.celery.msg.part").write_bytes(b'{"bo')
    with pytest.raises(Empty):
        channel._get("celery")
    assert (tmp_path / "1_abc.celery.msg.part").exists()
