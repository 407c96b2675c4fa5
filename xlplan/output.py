"""Safe output: files appear whole or not at all, never replace a file unless asked, and never
replace an input of the same command.

Every file xlplan writes goes through `atomic_output`:

- the content is written in a private scratch folder beside the output (``.NAME.XXXX.tmp/``),
  with any temporary file of the writer (xlsxwriter's parts of a large workbook) inside it; the
  folder is removed on every way out — success, error, Ctrl-C, or SIGTERM (which the command
  line turns into an exit);
- without `force` the finished file is published with a hard link, which fails when the name
  exists: the "exists?" check and the publication are one atomic step, so two runs writing the
  same file cannot both succeed (a file system without hard links claims the name with
  ``O_EXCL`` first); with `force` it is renamed over the old file;
- a dangling symbolic link at the output counts as an existing file;
- a write that fails (disk full, read-only file system, no permission) is one `OutputError`
  naming the file, and leaves no partial file.

`check_distinct` refuses an output that is one of the command's inputs or another of its
outputs (the same file by path, symbolic link or hard link), whatever `force` says.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import OutputError, OutputExistsError, XlplanError
from .i18n import Message, msg

__all__ = [
    "PLAN_FILE",
    "WORKBOOK",
    "atomic_output",
    "atomic_write",
    "check_can_write",
    "check_distinct",
    "check_folder",
    "check_name",
    "same_file",
]

WORKBOOK = (".xlsx",)
"""What a workbook xlplan writes may be named: Excel refuses an .xlsx's content under any
other suffix (.xlsm means macros, .xls the old format, .csv text)."""
PLAN_FILE = (".yaml", ".yml", ".json")
"""What a plan file may be named: the suffix chooses the format, and `load_plan` reads by it."""

# A file system that cannot make a hard link says so with one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether `a` and `b` name the same file: the same path once symbolic links are resolved
    (a link to a file not yet there included), or the same file by device and inode (a hard
    link)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except (OSError, RuntimeError, ValueError):  # (a loop of links, a NUL in the name)
        return False


def check_distinct(outputs: Sequence[str | Path], inputs: Sequence[str | Path] = ()) -> None:
    """Refuse an output that is one of the inputs, or the same file as another output.

    Raises:
        OutputExistsError: naming both files; `force` does not lift it.
    """
    for i, output in enumerate(outputs):
        for source in inputs:
            if same_file(source, output):
                raise OutputExistsError(
                    msg(
                        "{output}: is the input {source} itself; write to another file "
                        "(xlplan never replaces its input)",
                        output=output,
                        source=source,
                    )
                )
        for other in outputs[:i]:
            if same_file(other, output):
                raise OutputExistsError(
                    msg(
                        "{output}: is also the output {other}; give each output its own file",
                        output=output,
                        other=other,
                    )
                )


def check_name(path: str | Path, suffixes: Sequence[str]) -> None:
    """Refuse an output whose name the file's readers would take for another kind of file
    (``plan.csv`` for a workbook), and ``-``, which names no file here (xlplan writes files,
    never standard output).

    Raises:
        OutputError: naming the file and the suffixes it may have.
    """
    path = Path(path)
    if str(path) == "-":
        raise OutputError(
            msg("-: xlplan writes a file, not standard output; give the file's name (-o NAME)")
        )
    if path.suffix.lower() not in suffixes:
        raise OutputError(
            msg(
                "{path}: this file must end with {suffixes} (e.g. {example})",
                path=path,
                suffixes=" / ".join(suffixes),
                example=path.with_suffix(suffixes[0]).name if path.name else "plan" + suffixes[0],
            )
        )


def check_can_write(path: str | Path, force: bool) -> None:
    """Raise `OutputExistsError` when `path` exists (a dangling symbolic link included) and
    `force` is false, or when it is not a file, whatever `force` says: a device such as
    ``/dev/null``, a pipe, a folder, or a link to one (``/dev/stdout``) — replacing it would
    put a plain file in its place."""
    try:
        kind = os.stat(path).st_mode
    except (OSError, ValueError):  # (nothing there, a dangling link, a NUL in the name)
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        raise OutputExistsError(
            msg("{path}: is not a file (a device, a pipe or a folder); write to a file", path=path)
        )
    if not force and os.path.lexists(path):
        raise OutputExistsError(_exists(path))


def check_folder(path: str | Path) -> None:
    """Raise `OutputError` when the folder `path` would go into does not exist: it is not
    created (as `open` would not), since a mistyped folder would otherwise be made silently."""
    folder = Path(path).parent
    if not os.path.lexists(folder):
        raise OutputError(
            msg(
                "{path}: the folder {folder} does not exist; create it first or correct the path",
                path=path,
                folder=folder,
            )
        )


def _os_error(exc: BaseException) -> OSError | None:
    """The operating system's error behind `exc`, if any (xlsxwriter wraps it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        msg(
            "{path}: cannot write the file ({reason}); nothing was written",
            path=path,
            reason=reason,
        )
    )


def _exists(path: str | Path) -> Message:
    return msg("{path}: already exists; use --force to replace it", path=path)


def _publish(tmp: Path, path: Path, force: bool) -> None:
    """Give the finished `tmp` the name `path`: atomically, and without `force` only if no
    file has that name (checked and claimed in one step)."""
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path, follow_symlinks=False)
        return
    except FileExistsError:
        raise OutputExistsError(_exists(path)) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
    try:  # (no hard links here: claim the name, then rename over the claim)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        raise OutputExistsError(_exists(path)) from None
    os.replace(tmp, path)


@contextlib.contextmanager
def atomic_output(
    path: str | Path, *, force: bool = False, suffixes: Sequence[str] | None = None
) -> Iterator[Path]:
    """Yield a path to write, in a private scratch folder beside `path`; once written, it
    becomes `path` (see the module's description). With `suffixes`, `path` must end with one
    of them (`check_name`).

    On any error, or an interruption, the scratch folder and everything in it are removed and
    `path` is left as it was.

    Raises:
        OutputExistsError: `path` exists (checked before and when publishing) and `force` is
            false.
        OutputError: the file could not be written (disk full, read-only, no permission…), or
            its name has none of `suffixes`.
    """
    path = Path(path)
    if suffixes is not None:
        check_name(path, suffixes)
    check_can_write(path, force)
    check_folder(path)
    try:
        # (the name's start only: a name near the system's limit would not fit with the rest)
        prefix = f".{path.name[:40]}."
        scratch = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=path.parent))
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    tmp = scratch / path.name
    try:
        try:
            yield tmp
            _publish(tmp, path, force)
        except Exception as exc:
            cause = None if isinstance(exc, XlplanError) else _os_error(exc)
            if cause is None:
                raise
            raise _cannot_write(path, cause) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def atomic_write(
    path: str | Path, data: bytes, *, force: bool = False, suffixes: Sequence[str] | None = None
) -> Path:
    """Write `data` to `path` atomically (`atomic_output`); returns the path."""
    path = Path(path)
    with atomic_output(path, force=force, suffixes=suffixes) as tmp:
        tmp.write_bytes(data)
    return path
