"""Writes examples/*.txt: reports of invented agencies (run: python -m tests.support.make_examples)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

from ogi.render.text import to_tika_text
from tests.support.factory import consistent_data

PLACES = {
    "我办": ("县政府门户网站", "政务公开专区", "统筹指导全县政务公开工作，组织编制各领域基层政务公开标准目录。"),
    "我镇": ("镇政务公开栏和村务公开栏", "便民服务中心", "围绕乡村振兴、农村低保和惠农补贴开展公开，逐村更新公开栏。"),
    "我局": ("交通运输局网站专栏", "政务服务窗口", "聚焦道路运输许可、交通建设项目和执法检查结果开展公开。"),
}


def narrative(data: dict, place: str) -> dict[str, str]:
    r, a = data["requests"], data["appeals"]
    site, hall, focus = PLACES[place]
    return {
        "overview": (f"（一）主动公开情况。{place}{focus}\n"
                     f"（二）依申请公开情况。全年共收到政府信息公开申请{r['new']['total']}件，"
                     f"办结{r['total_processed']['total']}件，结转下年度继续办理{r['carried_forward']['total']}件。\n"
                     f"（三）政府信息管理。{place}落实公文公开属性源头认定和保密审查制度。\n"
                     f"（四）平台建设。依托{site}发布信息，{hall}设置查阅点。\n"
                     "（五）监督保障。将政务公开纳入年度绩效考核。"),
        "active_disclosure": "",
        "requests": "",
        "appeals": (f"全年发生政府信息公开行政复议{a['review']['total']}件，行政诉讼"
                    f"{a['litigation_direct']['total'] + a['litigation_after_review']['total']}件。"),
        "problems": (f"{place}在{site}的栏目更新还不够及时，{hall}的查阅服务利用率不高。"
                     "下一步将建立信息发布台账，按月通报更新情况。"),
        "other": ("全年未发出收费通知，未收取信息处理费。落实上级年度政务公开工作要点，"
                  f"人大代表建议和政协提案办理结果均已公开。创新在{hall}开展“政策找人”服务。"),
    }


def build(seed: int, agency: str, place: str, date: str) -> dict:
    data = consistent_data(random.Random(seed), agency=agency, year=2024, publish_date=date, high=5)
    data["active"]["rules"] = {"issued": 0, "repealed": 0, "in_force": 0}  # only ministries and cities make 规章
    for key in ("other_unpaid_fee",):  # no fee notices were sent in these examples
        for col in data["requests"][key]:
            data["requests"][key][col] = 0
    # Re-derive the totals after zeroing one outcome row.
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
