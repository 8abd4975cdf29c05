"""Consistent report data for tests and examples: pick the free numbers, compute every derived cell."""

from __future__ import annotations

import random
from typing import Any

from ogi.model.schema import (
    APPEAL_GROUPS,
    APPLICANT_COLUMNS,
    OUTCOME_ROWS_2021,
    REQUEST_COLUMNS,
    SCHEMA_ID,
    SECTION_KEYS,
)


def consistent_data(
    rng: random.Random,
    *,
    agency: str = "青禾县人民政府办公室",
    year: int = 2024,
    high: int = 60,
    publish_date: str | None = None,
    sections: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A report whose arithmetic holds (M1–M4): outcomes and carry-overs are free, totals derived."""
    requests: dict[str, dict[str, int]] = {}
    for row in OUTCOME_ROWS_2021:
        requests[row] = {c: rng.randint(0, high) for c in APPLICANT_COLUMNS}
    requests["carried_over"] = {c: rng.randint(0, high // 4) for c in APPLICANT_COLUMNS}
    requests["carried_forward"] = {c: rng.randint(0, high // 4) for c in APPLICANT_COLUMNS}
    requests["total_processed"] = {c: sum(requests[r][c] for r in OUTCOME_ROWS_2021) for c in APPLICANT_COLUMNS}
    requests["new"] = {
        c: requests["total_processed"][c] + requests["carried_forward"][c] - requests["carried_over"][c]
        for c in APPLICANT_COLUMNS
    }
    for c in APPLICANT_COLUMNS:  # new must not go negative: move the excess into carried_over's place
        if requests["new"][c] < 0:
            requests["carried_over"][c] += requests["new"][c]
            requests["new"][c] = 0
    for row in requests.values():
        row["total"] = sum(row[c] for c in APPLICANT_COLUMNS)
    order = ["new", "carried_over", *OUTCOME_ROWS_2021, "total_processed", "carried_forward"]
    appeals: dict[str, dict[str, int]] = {}
    for g in APPEAL_GROUPS:
        parts = {o: rng.randint(0, high // 3) for o in ("upheld", "corrected", "other", "pending")}
        appeals[g] = {**parts, "total": sum(parts.values())}
    fees = rng.randint(0, 999_999) / 100
    return {
        "schema": SCHEMA_ID,
        "layout": "2021",
        "meta": {"agency": agency, "year": year, "publish_date": publish_date, "source": None},
        "sections": {k: (sections or {}).get(k) for k in SECTION_KEYS},
        "active": {
            "rules": {k: rng.randint(0, high) for k in ("issued", "repealed", "in_force")},
            "normative_documents": {k: rng.randint(0, high) for k in ("issued", "repealed", "in_force")},
            "licensing": rng.randint(0, 50_000),
            "penalty": rng.randint(0, 5_000),
            "coercion": rng.randint(0, 500),
            "fees": int(fees) if fees == int(fees) else fees,
        },
        "requests": {r: {c: requests[r][c] for c in REQUEST_COLUMNS} for r in order},
        "appeals": appeals,
    }
