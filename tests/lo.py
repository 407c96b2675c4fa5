"""Test helper: drive headless LibreOffice Calc to recalculate workbooks and render them.

xlsxwriter cannot compute formulas: it stores whatever cached value it is given (0 by default).
To check what a workbook really evaluates to, :func:`recalculate_many` round-trips it through
LibreOffice with a throw-away profile that *forces* a full recalculation on load
(``OOXMLRecalcMode``/``ODFRecalcMode`` = 0, "always"); the LibreOffice default never recalculates
xlsx files, so without it the stale cached values would come back unchanged.  Read the result
with ``openpyxl.load_workbook(out, data_only=True)``.

Known behaviour (LibreOffice 7.4, Debian):

* A formula whose result is the empty string (``=IF(A1>5,"yes","")``, ``=""``) is saved as
  ``t="str"`` with an empty ``<v></v>``; openpyxl reads it back as ``None``, never ``''``.
  Compare with ``(value or None)`` or similar when matching cached against recalculated values.
  (xlsxwriter's own default cached value for such a formula is ``0``, not ``''``.)
* Functions Excel stores with a ``_xlfn.`` prefix (TEXTJOIN, IFS, CONCAT, MAXIFS, ...) come back
  as ``#NAME?`` unless xlsxwriter wrote them prefixed (``use_future_functions`` or an explicit
  ``_xlfn.`` in the formula).  XLOOKUP, SORT, FILTER, UNIQUE, ... do not exist in 7.4 at all.
* soffice exits with status 0 even when a conversion fails, so outputs are checked explicitly.

One profile is created per process (the first start, which populates it, is the slow one) and
reused; a lock serializes the calls because two soffice processes must never share a profile.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

__all__ = ["pdf_to_pngs", "recalculate", "recalculate_many", "soffice_path", "to_pdf"]

TIMEOUT_S = 180
_CANDIDATES = ("soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")
_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
_SINGLE_PAGE = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'

_lock = threading.Lock()
_root: Path | None = None  # temp dir holding profile/ and home/, owned by process _owner
_owner = 0


def soffice_path() -> str:
    """Return the LibreOffice executable; raise RuntimeError (never skip) if it is missing."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "LibreOffice not found (tried soffice, libreoffice on PATH and /usr/bin, "
        "/usr/lib/libreoffice/program); install e.g. Debian package libreoffice-calc-nogui"
    )


def _discard_root() -> None:
    global _root
    if _root is not None and _owner == os.getpid():
        shutil.rmtree(_root, ignore_errors=True)
    _root = None


def _get_root() -> Path:
    """This process's temp dir with a forced-recalc profile (a forked child gets its own)."""
    global _root, _owner
    if _root is None or _owner != os.getpid():
        _root, _owner = Path(tempfile.mkdtemp(prefix="xlplan-lo-")), os.getpid()
        (_root / "home").mkdir()
        (_root / "profile" / "user").mkdir(parents=True)
        (_root / "profile" / "user" / "registrymodifications.xcu").write_text(_XCU, "utf-8")
    return _root


atexit.register(_discard_root)


def _convert(files: Sequence[Path], out_dir: Path, convert_to: str, ext: str) -> list[Path]:
    """Run one soffice ``--convert-to`` over ``files``; return the outputs in input order."""
    inputs = [Path(f).resolve(strict=True) for f in files]
    out_dir = Path(out_dir).resolve()
    outputs = [out_dir / f"{p.stem}.{ext}" for p in inputs]
    if len(set(outputs)) != len(outputs):
        raise ValueError(f"inputs with the same stem would collide in {out_dir}: {inputs}")
    if clash := set(outputs) & set(inputs):
        raise ValueError(f"refusing to overwrite input(s) {sorted(clash)}; use another out_dir")
    if not inputs:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    for o in outputs:
        o.unlink(missing_ok=True)  # so a stale file cannot pass for a fresh conversion
    with _lock:
        root = _get_root()
        cmd = [
            soffice_path(),
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            *("--headless", "--norestore", "--nolockcheck", "--convert-to", convert_to),
            *("--outdir", str(out_dir), *map(str, inputs)),
        ]
        env = {**os.environ, "HOME": str(root / "home")}
        # New session so that a timeout kills soffice.bin too, not just the oosplash wrapper.
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            _discard_root()  # may be half-written or still referenced
            raise RuntimeError(f"soffice timed out after {TIMEOUT_S}s\n{out}\n{err}") from None
    if missing := [o for o in outputs if not o.is_file()]:
        raise RuntimeError(
            f"soffice (exit {proc.returncode}) did not produce {missing}\n"
            f"cmd: {cmd}\nstdout: {out}\nstderr: {err}"
        )
    return outputs


def recalculate_many(paths: Sequence[Path], out_dir: Path) -> list[Path]:
    """Recalculate every workbook in one soffice run; write ``out_dir/<stem>.xlsx`` for each.

    Inputs are only read.  Raises ValueError rather than overwrite an input (out_dir being an
    input's own directory) or let two inputs with the same stem collide; RuntimeError if
    soffice fails or times out.
    """
    return _convert(paths, out_dir, "xlsx", "xlsx")


def recalculate(path: Path, out_dir: Path) -> Path:
    """Single-file :func:`recalculate_many`."""
    return recalculate_many([path], out_dir)[0]


def to_pdf(path: Path, out_dir: Path, single_page_sheets: bool = True) -> Path:
    """Recalculate and export ``path`` to ``out_dir/<stem>.pdf``.

    With ``single_page_sheets`` every sheet becomes exactly one (possibly huge) page, via the
    JSON filter options accepted since LibreOffice 7.4.
    """
    return _convert([path], out_dir, _SINGLE_PAGE if single_page_sheets else "pdf", "pdf")[0]


def pdf_to_pngs(pdf: Path, out_dir: Path, dpi: int = 110) -> list[Path]:
    """Render each page of ``pdf`` to ``out_dir/<stem>-<page>.png``; return them in page order."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm not found; install poppler-utils")
    pdf, out_dir = Path(pdf), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = re.compile(re.escape(pdf.stem) + r"-(\d+)\.png")

    def pages() -> dict[int, Path]:
        return {int(m[1]): p for p in out_dir.iterdir() if (m := page.fullmatch(p.name))}

    for stale in pages().values():
        stale.unlink()
    res = subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out_dir / pdf.stem)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    found = pages()
    if res.returncode != 0 or not found:
        raise RuntimeError(f"pdftoppm failed (exit {res.returncode}): {res.stderr}")
    return [found[n] for n in sorted(found)]
