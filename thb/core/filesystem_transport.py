"""The file-system broker of ``make run`` (kombu's ``filesystem://``) with one fix: messages appear in the
queue folder whole.

Kombu writes a message straight into the queue folder while the worker may already be listing it; the
worker moves the file away and reads it before the write has finished, gets an empty payload, and the
worker dies on the JSON error ("Unrecoverable error: JSONDecodeError") — then no periodic job runs until
the platform is restarted. Here the message is written under a name the worker ignores and renamed into
place, which is atomic on one file system. Production brokers (Redis, RabbitMQ) are not concerned.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"  # not "<queue>.msg": the worker passes it by
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel


def install() -> None:
    """Make ``filesystem://`` mean this transport (called by config/celery.py before any connection)."""
    TRANSPORT_ALIASES["filesystem"] = "thb.core.filesystem_transport:Transport"
