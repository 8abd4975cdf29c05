"""The 2019 trial layout (国办公开办函〔2019〕60号): recognised, exported under its own keys, and
flagged (M16) when used for a 2021+ report."""

from __future__ import annotations

from pathlib import Path

import ogi
from ogi.model.schema import REQUEST_COLUMNS

PART2_2019 = """
\t第二十条第（一）项

\t信息内容
\t本年新制作数量
\t本年新公开数量
\t对外公开总数量

\t规章
\t0
\t0
\t0

\t规范性文件
\t4
\t4
\t37

\t第二十条第（五）项

\t信息内容
\t上一年项目数量
\t本年增/减
\t处理决定数量

\t行政许可
\t71
\t-11
\t1036

\t其他对外管理服务事项
\t5
\t+2
\t88

\t第二十条第（六）项

\t信息内容
\t上一年项目数量
\t本年增/减
\t处理决定数量

\t行政处罚
\t12
\t0
\t345

\t行政强制
\t3
\t1
\t9

\t第二十条第（八）项

\t信息内容
\t上一年项目数量
\t本年增/减

\t行政事业性收费
\t2
\t0

\t第二十条第（九）项

\t信息内容
\t采购项目数量
\t采购总金额

\t政府集中采购
\t6
\t120.5
"""

ROWS_2019 = [
    ("一、本年新收政府信息公开申请数量", [3, 1, 0, 0, 0, 0, 4]),
    ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
    ("三、本年度办理结果\t（一）予以公开", [1, 1, 0, 0, 0, 0, 2]),
    ("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("\t（三）不予公开\t1.属于国家秘密", [0] * 7),
    ("\t\t2.其他法律行政法规禁止公开", [0] * 7),
    ("\t\t3.危及“三安全一稳定”", [0] * 7),
    ("\t\t4.保护第三方合法权益", [0] * 7),
    ("\t\t5.属于三类内部事务信息", [0] * 7),
    ("\t\t6.属于四类过程性信息", [0] * 7),
    ("\t\t7.属于行政执法案卷", [0] * 7),
    ("\t\t8.属于行政查询事项", [0] * 7),
    ("\t（四）无法提供\t1.本机关不掌握相关政府信息", [0] * 7),
    ("\t\t2.没有现成信息需要另行制作", [0] * 7),
    ("\t\t3.补正后申请内容仍不明确", [0] * 7),
    ("\t（五）不予处理\t1.信访举报投诉类申请", [0] * 7),
    ("\t\t2.重复申请", [0] * 7),
    ("\t\t3.要求提供公开出版物", [0] * 7),
    ("\t\t4.无正当理由大量反复申请", [0] * 7),
    ("\t\t5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("\t（六）其他处理", [1, 0, 0, 0, 0, 0, 1]),
    ("\t（七）总计", [3, 1, 0, 0, 0, 0, 4]),
    ("四、结转下年度继续办理", [0] * 7),
]


def report_text(year: int) -> str:
    lines = [f"长桥乡人民政府{year}年政府信息公开工作年度报告", "一、总体情况", "全年工作平稳。",
             "二、主动公开政府信息情况", PART2_2019, "三、收到和处理政府信息公开申请情况",
             "\t自然人\n\t法人或其他组织\n\t总计\n", "\t商业企业\n\t科研机构\n\t社会公益组织\n\t法律服务机构\n\t其他\n"]
    for label, values in ROWS_2019:
        lines.append("\t" + label + "".join(f"\n\t{v}" for v in values) + "\n")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "\t行政复议\n\t行政诉讼\n",
              "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计\n\t未经复议直接起诉\n\t复议后起诉\n",
              "\t结果维持\n\t结果纠正\n\t其他结果\n\t尚未审结\n\t总计" * 2 + "\n",
              "".join(f"\t{v}\n" for v in [0] * 15),
              "五、存在的主要问题及改进情况", "宣传不够。", "六、其他需要报告的事项", "无收费。"]
    return "\n".join(lines) + "\n"


def test_2019_layout_is_recognised_and_exported_under_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "changqiao-2020.txt"
    path.write_text(report_text(2020), encoding="utf-8")
    data = ogi.read(path).to_dict()
    assert data["layout"] == "2019"
    assert data["active"]["normative_documents"] == {"made": 4, "published": 4, "total_public": 37}
    assert data["active"]["licensing"] == {"prev_items": 71, "delta": -11, "decisions": 1036}
    assert data["active"]["other_services"] == {"prev_items": 5, "delta": 2, "decisions": 88}
    assert data["active"]["fees"] == {"prev_items": 2, "delta": 0}
    assert data["active"]["procurement"] == {"projects": 6, "amount": 120.5}
    assert "other_no_correction" not in data["requests"]
    assert data["requests"]["other"] == dict(zip(REQUEST_COLUMNS, [1, 0, 0, 0, 0, 0, 1], strict=True))
    findings = ogi.check(ogi.read(path))
    # Arithmetic holds with the single （六） row; a signed 本年增/减 is not a negative count.
    assert not [f for f in findings if f.severity == "error"]


def test_2019_layout_for_a_2021_report_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "changqiao-2022.txt"
    path.write_text(report_text(2022), encoding="utf-8")
    findings = ogi.check(ogi.read(path))
    [m16] = [f for f in findings if f.rule == "M16"]
    assert m16.severity == "error" and "2022" in m16.message_zh and "试行格式" in m16.message_zh
