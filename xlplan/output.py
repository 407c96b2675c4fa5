"""Safe output: files appear whole or not at all, and never replace a file unless asked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputExistsError


def check_can_write(path: Path, force: bool) -> None:
    """Raise `OutputExistsError` when `path` exists and `force` is false."""
    if path.exists() and not force:
        raise OutputExistsError(f"{path}: already exists; use --force to replace it")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it is renamed to `path`.

    On any error the temporary file is removed and `path` is left as it was.

    Raises:
        OutputExistsError: `path` exists and `force` is false.
    """
    path = Path(path)
    check_can_write(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        check_can_write(path, force)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp made it private; a new file follows the umask
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write `data` to `path` atomically; returns the path."""
    path = Path(path)
    with atomic_output(path, force=force) as tmp:
        tmp.write_bytes(data)
    return path
