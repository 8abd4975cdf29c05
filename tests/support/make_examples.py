"""Writes examples/*.txt: reports of invented agencies (run: python -m tests.support.make_examples)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

from ogi.render.text import to_tika_text
from tests.support.factory import consistent_data


def narrative(data: dict, place: str) -> dict[str, str]:
    r, a, act = data["requests"], data["appeals"], data["active"]
    return {
        "overview": (f"（一）主动公开情况。{place}全年主动公开政府信息共{act['licensing'] % 400 + 90}条。\n"
                     f"（二）依申请公开情况。全年共收到政府信息公开申请{r['new']['total']}件，"
                     f"办结{r['total_processed']['total']}件，结转下年度继续办理{r['carried_forward']['total']}件。\n"
                     "（三）政府信息管理。严格落实保密审查制度。\n（四）平台建设。持续优化政府网站信息公开专栏。\n"
                     "（五）监督保障。将政务公开纳入年度绩效考核。"),
        "active_disclosure": "",
        "requests": "",
        "appeals": (f"全年发生政府信息公开行政复议{a['review']['total']}件，行政诉讼"
                    f"{a['litigation_direct']['total'] + a['litigation_after_review']['total']}件。"),
        "problems": ("一是信息发布的及时性有待提高；二是解读形式较为单一。"
                     "下一步将建立信息发布台账，丰富图解、视频等解读形式。"),
        "other": ("本机关全年未发出收费通知，未收取信息处理费。认真落实上级年度政务公开工作要点。"
                  "人大代表建议和政协提案办理结果均已公开。创新推出“政策找人”服务。"),
    }


def build(seed: int, agency: str, place: str, date: str) -> dict:
    data = consistent_data(random.Random(seed), agency=agency, year=2024, publish_date=date)
    for key in ("other_unpaid_fee",):  # no fee notices were sent in these examples
        for col in data["requests"][key]:
            data["requests"][key][col] = 0
    # Re-derive after zeroing one outcome row.
    fixed = consistent_data(random.Random(seed), agency=agency, year=2024, publish_date=date)
    del fixed
    rows = data["requests"]
    cols = [c for c in rows["new"] if c != "total"]
    for c in cols:
        processed = sum(rows[k][c] for k in rows if k not in ("new", "carried_over", "total_processed",
                                                                "carried_forward"))
        rows["total_processed"][c] = processed
        rows["new"][c] = max(processed + rows["carried_forward"][c] - rows["carried_over"][c], 0)
        rows["carried_over"][c] = processed + rows["carried_forward"][c] - rows["new"][c]
    for row in rows.values():
        row["total"] = sum(row[c] for c in cols)
    data["sections"] = narrative(data, place)
    return data


def main() -> None:
    out = Path(__file__).resolve().parents[2] / "examples"
    out.mkdir(exist_ok=True)
    good = build(11, "青禾县人民政府办公室", "我办", "2025-01-20")
    (out / "qinghe-county-office-2024.txt").write_text(to_tika_text(good), encoding="utf-8")
    town = build(12, "青禾县白沙镇人民政府", "我镇", "2025-01-24")
    (out / "baisha-town-2024.txt").write_text(to_tika_text(town), encoding="utf-8")
    wrong = copy.deepcopy(build(13, "青禾县交通运输局", "我局", "2025-01-27"))
    wrong["requests"]["total_processed"]["total"] += 3   # a typed total that does not add up
    wrong["requests"]["granted"]["commercial"] = None    # a cell left blank
    (out / "qinghe-transport-bureau-2024.txt").write_text(to_tika_text(wrong), encoding="utf-8")


if __name__ == "__main__":
    main()
