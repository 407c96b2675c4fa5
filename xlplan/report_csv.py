"""`xlplan report --format csv`: one row per action, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from typing import Any

from .analysis.records import PERIODS
from .inert import csv_cell

CSV_COLUMNS = [
    "id",
    "action",
    "objective",
    "kpi",
    "owner",
    "status",
    "start",
    "end",
    *(f"planned_{q}" for q in PERIODS),
    "planned_total",
    *(f"actual_{q}" for q in PERIODS),
    "actual_total",
]


def render_csv(doc: dict[str, Any]) -> str:
    """One row per action, plain numbers (no thousands separators); text that could start a
    formula is escaped (`xlplan.inert.csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in doc["actions"]:
        row = [
            a["id"],
            a["action"],
            a["objective"],
            a["kpi"],
            a["owner"],
            a["status"],
            a["start"] or "",
            a["end"] or "",
            *(a["planned"][q] for q in [*PERIODS, "total"]),
            *(a["actual"][q] for q in [*PERIODS, "total"]),
        ]
        writer.writerow([csv_cell(c) for c in row])
    return buffer.getvalue()
