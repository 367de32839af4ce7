"""Files written by the export commands (the ISP's RPZ zone, the static stop page, match clusters), whole or
not at all.

An export that dies half-way — the disk of its directory full, a quota reached — must not leave a truncated
file where the previous one was: an ISP's resolver loading half a zone stops blocking half the list, and a
cron job that overwrote yesterday's good zone has nothing left to serve (issue 11 §4, "fill the disk of the
export directory: a clear error"). So every export is written beside its target under a hidden name, flushed
to the disk (``fsync``), and only then renamed over it — a rename on one file system is atomic and needs no
new data blocks. On any failure the partial file is removed, the previous file is untouched, and the caller
gets an ``ExportWriteError`` whose message says which directory, why, and how much room was left.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

FULL_DISK = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class ExportWriteError(Exception):
    """The export could not be written; nothing was replaced. ``str()`` is the message for the user."""


def _hidden_sibling(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{suffix}")


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def explain(error: OSError, folder: Path, what: str) -> ExportWriteError:
    """The user's message for ``error`` while writing ``what`` (a file name, or "the files") in ``folder``."""
    if error.errno in FULL_DISK:
        free = _free_bytes(folder)
        room = f" ({free:,} bytes free)" if free is not None else ""
        return ExportWriteError(
            f"no space left under {folder}{room}: {what} not written and the previous files, if any, are "
            "unchanged; free some space or choose another --output, then run the export again"
        )
    reason = error.strerror or type(error).__name__
    return ExportWriteError(
        f"cannot write under {folder} ({reason}): {what} not written and the previous files, if any, are "
        "unchanged"
    )


def _fsync_folder(folder: Path) -> None:
    """Makes the rename itself durable (a crash right after must not bring the old file back)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the data itself was synced
    finally:
        os.close(descriptor)


@contextmanager
def atomic_output(target: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text handle (UTF-8) whose content replaces ``target`` only when the block ends without error."""
    target = Path(target)
    partial = _hidden_sibling(target, "part")
    try:
        with partial.open("w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise explain(error, target.parent, f"{target.name} was") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def write_text_atomically(target: Path, text: str) -> None:
    with atomic_output(target) as handle:
        handle.write(text)


def write_tree_atomically(output: Path, files: dict[str, str]) -> list[Path]:
    """Writes ``files`` (relative path → text) under ``output``: all are written into a hidden staging folder
    beside them first; only when every one is on the disk are they renamed into place. A failure leaves the
    previous tree as it was."""
    output = Path(output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise explain(error, output.parent, f"{output.name} was") from error
    staging = _hidden_sibling(output / "staging", "tmp")
    try:
        for relative, text in files.items():
            staged = staging / relative
            staged.parent.mkdir(parents=True, exist_ok=True)
            with staged.open("w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        written = []
        for relative in files:
            final = output / relative
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, final)
            written.append(final)
    except OSError as error:
        raise explain(error, output, f"the {len(files)} files were") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for folder in {path.parent for path in written}:
        _fsync_folder(folder)
    return written
