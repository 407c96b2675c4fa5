"""Bounded reads of the files given as input: whatever the path is (a file, a FIFO, a device
such as /dev/zero), at most a limit of bytes is read, and opening never waits for a writer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["TooLarge", "read_limited"]

_CHUNK = 1024 * 1024


class TooLarge(Exception):
    """The input holds more than the limit; `size` is its size when the file system knows it."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.size = size
        self.limit = limit


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of an input file, refused beyond `limit`.

    A regular file larger than the limit is refused before anything is read; a FIFO or a
    device is read up to one byte past the limit. A FIFO nobody writes to reads as empty,
    instead of waiting forever.

    Args:
        path: the input.
        limit: the most bytes accepted.

    Returns:
        The file's bytes.

    Raises:
        TooLarge: the input holds more than `limit` bytes.
        OSError: the input cannot be opened or read (IsADirectoryError for a folder).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # (non-blocking was for the open only)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge(info.st_size if stat.S_ISREG(info.st_mode) else None, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
