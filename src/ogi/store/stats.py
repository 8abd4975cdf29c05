"""What users compare across a corpus, computed with DuckDB over an Arrow table of the key cells:
requests per year, the outcome mix, review / litigation correction rates, by level and region, and a
ranking of units. `plot` draws the same as PNG charts with Chinese labels (Noto CJK)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from ogi.agencies import LEVEL_ZH
from ogi.store.frames import Block

# Outcome groups of part 三 (shares of total_processed, 总计 column).
OUTCOMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "granted": ("予以公开", ("granted",)),
    "partly_granted": ("部分公开", ("partly_granted",)),
    "denied_state_secret": ("不予公开：国家秘密", ("denied_state_secret",)),
    "denied_law_prohibited": ("不予公开：法律行政法规禁止", ("denied_law_prohibited",)),
    "denied_security_stability": ("不予公开：三安全一稳定", ("denied_security_stability",)),
    "denied_third_party": ("不予公开：第三方合法权益", ("denied_third_party",)),
    "denied_internal_affairs": ("不予公开：内部事务", ("denied_internal_affairs",)),
    "denied_process_info": ("不予公开：过程性信息", ("denied_process_info",)),
    "denied_enforcement_file": ("不予公开：行政执法案卷", ("denied_enforcement_file",)),
    "denied_query": ("不予公开：行政查询事项", ("denied_query",)),
    "unable": ("无法提供", ("unable_not_held", "unable_needs_creation", "unable_unclear")),
    "rejected": ("不予处理", ("rejected_petition", "rejected_duplicate", "rejected_publication",
                              "rejected_excessive", "rejected_confirmation")),
    "other": ("其他处理", ("other_no_correction", "other_unpaid_fee", "other_other", "other")),
}
_APPEALS = ("review", "litigation_direct", "litigation_after_review")


def per_report(blocks: list[Block]) -> pa.Table:
    """One row per report: agency, year, level, region, received, processed, the outcome groups,
    and per appeal group: total, corrected, concluded (total − pending)."""
    frames = []
    for b in blocks:
        f = b.docs[["agency", "year", "level", "region"]].copy()
        f["received"] = b.column(("requests", "new", "total"))
        f["processed"] = b.column(("requests", "total_processed", "total"))
        for key, (_, rows) in OUTCOMES.items():
            cols = [b.column(("requests", r, "total")) for r in rows]
            present = [c for c in cols if not pd.isna(c).all()] or cols[:1]
            f[key] = sum(pd.Series(c).fillna(0).to_numpy() for c in present)
        for g in _APPEALS:
            total = pd.Series(b.column(("appeals", g, "total")))
            f[f"{g}_total"] = total
            f[f"{g}_corrected"] = b.column(("appeals", g, "corrected"))
            f[f"{g}_concluded"] = total - pd.Series(b.column(("appeals", g, "pending"))).fillna(0)
        frames.append(f)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["agency", "year", "level", "region", "received", "processed", *OUTCOMES,
                 *(f"{g}_{x}" for g in _APPEALS for x in ("total", "corrected", "concluded"))])
    frame["year"] = frame["year"].astype("Int64")
    frame["level"] = frame["level"].fillna("unknown")
    frame["region"] = frame["region"].fillna("未知")
    return pa.Table.from_pandas(frame, preserve_index=False)


@dataclass(slots=True)
class Stats:
    by_year: pd.DataFrame  # year, reports, received, processed, granted_share …, correction rates
    outcomes: pd.DataFrame  # year, outcome, label, count, share
    by_level: pd.DataFrame
    by_region: pd.DataFrame
    ranking: pd.DataFrame  # top units by requests received

    def to_dict(self) -> dict[str, Any]:
        def rec(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{str(k): (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]

        return {"by_year": rec(self.by_year), "outcomes": rec(self.outcomes), "by_level": rec(self.by_level),
                "by_region": rec(self.by_region), "ranking": rec(self.ranking)}


def _group_sql(key: str) -> str:
    return f"""
        SELECT {key}, count(*) AS reports, sum(received) AS received, sum(processed) AS processed,
               sum(granted) / nullif(sum(processed), 0) AS granted_share,
               sum(partly_granted) / nullif(sum(processed), 0) AS partly_granted_share,
               (sum(denied_state_secret) + sum(denied_law_prohibited) + sum(denied_security_stability)
                + sum(denied_third_party) + sum(denied_internal_affairs) + sum(denied_process_info)
                + sum(denied_enforcement_file) + sum(denied_query)) / nullif(sum(processed), 0) AS denied_share,
               sum(review_total) AS reviews,
               sum(review_corrected) / nullif(sum(review_concluded), 0) AS review_correction_rate,
               sum(litigation_direct_total) + sum(litigation_after_review_total) AS lawsuits,
               (sum(litigation_direct_corrected) + sum(litigation_after_review_corrected))
                 / nullif(sum(litigation_direct_concluded) + sum(litigation_after_review_concluded), 0)
                 AS litigation_correction_rate
        FROM reports GROUP BY {key} ORDER BY {key}"""


def compute_stats(blocks: list[Block], top: int = 20) -> Stats:
    import duckdb

    reports = per_report(blocks)
    con = duckdb.connect()
    try:
        con.register("reports", reports)
        by_year = con.execute(_group_sql("year")).df()
        by_level = con.execute(_group_sql("year, level")).df()
        by_region = con.execute(_group_sql("year, region")).df()
        unions = " UNION ALL ".join(
            f"SELECT year, '{k}' AS outcome, sum({k}) AS count, sum(processed) AS processed FROM reports GROUP BY year"
            for k in OUTCOMES)
        outcomes = con.execute(f"SELECT year, outcome, count, count / nullif(processed, 0) AS share "
                               f"FROM ({unions}) ORDER BY year, outcome").df()
        ranking = con.execute(f"""
            SELECT year, agency, level, region, received, processed,
                   granted / nullif(processed, 0) AS granted_share,
                   review_total AS reviews,
                   rank() OVER (PARTITION BY year ORDER BY received DESC NULLS LAST) AS rank
            FROM reports QUALIFY rank <= {int(top)} ORDER BY year, rank, agency""").df()
    finally:
        con.close()
    outcomes["label"] = [OUTCOMES[o][0] for o in outcomes["outcome"]]
    by_level["level_zh"] = [LEVEL_ZH.get(x, "未知") for x in by_level["level"]]
    return Stats(by_year, outcomes, by_level, by_region, ranking)


# --- charts -------------------------------------------------------------------------------------------------
def _chinese_font() -> Any:
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if "NotoSansCJK" in path or "NotoSerifCJK" in path or "wqy" in path.lower():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path)
    return None


def plot(stats: Stats, out_dir: str | os.PathLike[str]) -> list[Path]:
    """PNG charts with Chinese labels: requests per year, outcome mix, correction rates by level, ranking."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _chinese_font()
    if font is not None:
        plt.rcParams["font.family"] = font.get_name()
    plt.rcParams["axes.unicode_minus"] = False
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = out / name
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    years = [str(y) for y in stats.by_year["year"]]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.bar(years, stats.by_year["received"].fillna(0))
    ax.set_title("各年度收到政府信息公开申请数量")
    ax.set_xlabel("年度")
    ax.set_ylabel("申请数（件）")
    save(fig, "requests_per_year.png")

    fig, ax = plt.subplots(figsize=(8, 4.5))
    bottom = None
    for outcome, (label, _) in OUTCOMES.items():
        part = stats.outcomes[stats.outcomes["outcome"] == outcome].set_index("year").reindex(stats.by_year["year"])
        share = part["share"].fillna(0).to_numpy(dtype=float)
        if share.sum() == 0:
            continue
        ax.bar(years, share, bottom=bottom, label=label)
        bottom = share if bottom is None else bottom + share
    ax.set_title("办理结果构成（占办理总数比例）")
    ax.set_ylabel("比例")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    save(fig, "outcome_mix.png")

    latest = stats.by_level[stats.by_level["year"] == stats.by_level["year"].max()]
    fig, ax = plt.subplots(figsize=(7, 4))
    x = range(len(latest))
    ax.bar([i - 0.2 for i in x], latest["review_correction_rate"].fillna(0), width=0.4, label="行政复议纠错率")
    ax.bar([i + 0.2 for i in x], latest["litigation_correction_rate"].fillna(0), width=0.4, label="行政诉讼纠错率")
    ax.set_xticks(list(x), list(latest["level_zh"]))
    ax.set_title("各级别复议、诉讼纠错率")
    ax.legend()
    save(fig, "correction_rates_by_level.png")

    rank = stats.ranking[stats.ranking["year"] == stats.ranking["year"].max()].head(15)
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.barh(list(rank["agency"])[::-1], list(rank["received"].fillna(0))[::-1])
    ax.set_title("收到申请数量排名")
    ax.set_xlabel("申请数（件）")
    save(fig, "ranking.png")
    return written
