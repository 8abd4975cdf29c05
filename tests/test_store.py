"""The corpus store, on SQLite and on a real PostgreSQL 15 server: ingest, versions, failures, resume,
agencies, rules across reports, export, statistics."""

from __future__ import annotations

import json
import os
import random
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

import ogi
from ogi.store.api import Corpus
from ogi.store.schema import metadata
from tests.store_fixtures import PG_BIN, fresh_database, postgres_server, prose, report_data, write_report

# --- backends ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 server binaries not found in {PG_BIN}")
    yield from postgres_server()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ogi.db")
    server: str = request.getfixturevalue("pg_server")
    return fresh_database(server, "t_" + uuid.uuid4().hex[:12])


@pytest.fixture
def corpus(db: str) -> Iterator[Corpus]:
    c = ogi.open(db)
    yield c
    c.close()


def _corpus_findings(c: Corpus, code: str) -> pd.DataFrame:
    f = c.findings(scope="corpus")
    return f[f["code"] == code].reset_index(drop=True)


# --- schema ---------------------------------------------------------------------------------------------------


def test_migrations_create_exactly_the_tables_of_the_schema(corpus: Corpus) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with corpus.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "0003"


# --- ingest ---------------------------------------------------------------------------------------------------


def test_ingest_stores_every_cell_and_is_idempotent(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(7)
    datas = {}
    for i in range(3):
        data = report_data(rng, f"青禾县第{i}局", 2023)
        datas[f"青禾县第{i}局"] = data
        write_report(tmp_path / "in", f"r{i}.txt", data)
    summary = corpus.ingest([tmp_path / "in"])
    assert (summary.read, summary.new, summary.versions, summary.present, summary.failed) == (3, 3, 0, 0, [])

    again = corpus.ingest([tmp_path / "in"])
    assert (again.read, again.new, again.present) == (3, 0, 3)
    assert len(corpus.documents()) == 3

    cells = corpus.cells(year=2023)
    assert len(cells) == 3 * 200
    one = cells[(cells["agency"] == "青禾县第1局")]
    lookup = {(r.table, r.row, r.column): r.value for r in one.itertuples()}
    src = datas["青禾县第1局"]
    assert lookup[("requests", "granted", "total")] == src["requests"]["granted"]["total"]
    assert lookup[("appeals", "review", "corrected")] == src["appeals"]["review"]["corrected"]
    assert lookup[("active", "licensing", "decisions")] == src["active"]["licensing"]
    assert lookup[("active", "fees", "amount")] == pytest.approx(src["active"]["fees"])

    req = corpus.requests(year=2023, agency="青禾县第2局")
    granted = req[req["row"] == "granted"].iloc[0]
    assert granted["natural_person"] == src_value(datas["青禾县第2局"], "granted", "natural_person")

    doc_id = int(corpus.documents(agency="青禾县第0局")["id"].iloc[0])
    prov = corpus.provenance(doc_id)["requests.new.total"]
    assert prov.value == datas["青禾县第0局"]["requests"]["new"]["total"]
    assert prov.raw == str(prov.value)
    assert prov.origin is not None and prov.origin.source.endswith("r0.txt") and prov.origin.line is not None

    findings = corpus.findings(scope="report")
    assert set(findings["rule"]) == {"M12", "M13"}  # the factory's part 六 is empty


def src_value(data: dict[str, Any], row: str, col: str) -> int:
    return int(data["requests"][row][col])


def test_new_version_of_an_agency_year_is_kept_as_a_version(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(3)
    first = report_data(rng, "青禾县财政局", 2023)
    write_report(tmp_path / "a", "v1.txt", first)
    corpus.ingest([tmp_path / "a"])
    second = report_data(rng, "青禾县财政局", 2023)
    write_report(tmp_path / "b", "v2.txt", second)
    summary = corpus.ingest([tmp_path / "b"])
    assert (summary.new, summary.versions) == (0, 1)
    every = corpus.documents(current=False).sort_values("version")
    assert list(every["version"]) == [1, 2]
    assert list(every["is_current"]) == [False, True]
    current = corpus.documents()
    assert len(current) == 1 and current["source"].iloc[0].endswith("v2.txt")
    assert corpus.requests(year=2023).query("row == 'new'")["total"].iloc[0] == second["requests"]["new"]["total"]


def test_failures_are_recorded_and_the_batch_goes_on(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(5)
    folder = tmp_path / "in"
    write_report(folder, "good.txt", report_data(rng, "青禾县水利局", 2023))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    summary = corpus.ingest([folder])
    assert (summary.read, summary.new) == (3, 1)
    reasons = {Path(s).name: zh for s, zh, _ in summary.failed}
    assert reasons == {"broken.zip": reasons["broken.zip"], "empty.txt": "文件为空"}
    assert reasons["broken.zip"].startswith("ZIP 压缩包无法打开")
    failures = corpus.failures()
    assert sorted(Path(s).name for s in failures["source"]) == ["broken.zip", "empty.txt"]

    (folder / "empty.txt").write_text((folder / "good.txt").read_text("utf-8").replace("水利局", "林业局"), "utf-8")
    (folder / "broken.zip").unlink()
    summary = corpus.ingest([folder])
    assert (summary.new, summary.present, summary.failed) == (1, 1, [])
    assert sorted(corpus.documents()["agency"]) == ["青禾县林业局", "青禾县水利局"]


def test_zip_archives_are_walked_with_chinese_member_names(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(11)
    texts = {"石门镇2023年年报.txt": report_data(rng, "岚皋县石门镇人民政府", 2023),
             "sub/大道河镇.txt": report_data(rng, "岚皋县大道河镇人民政府", 2023)}
    archive = tmp_path / "reports.zip"
    placeholders = {}
    with zipfile.ZipFile(archive, "w") as zf:
        for i, (name, data) in enumerate(texts.items()):
            raw = name.encode("gbk")  # as Chinese Windows writes it: GBK bytes, no UTF-8 flag
            placeholder = (f"{i}" * len(raw)).encode("ascii")
            placeholders[placeholder] = raw
            zf.writestr(placeholder.decode(), write_report(tmp_path / "tmp", "x.txt", data).read_bytes())
        zf.writestr("readme.md", "not a report")
    content = archive.read_bytes()
    for placeholder, raw in placeholders.items():
        content = content.replace(placeholder, raw)
    archive.write_bytes(content)
    summary = corpus.ingest([archive])
    assert (summary.read, summary.new) == (2, 2)
    assert sorted(corpus.documents()["source"]) == [f"{archive}!sub/大道河镇.txt", f"{archive}!石门镇2023年年报.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes; Windows names are always text")
def test_file_names_that_are_not_utf8_are_stored_readably(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    rng = random.Random(41)
    for i, raw in enumerate((b"\xb1\xa8\xb8\xe6.txt", b"r\xff\xfe.txt")):  # GBK 报告.txt; bytes no codec reads
        write_report(folder, f"r{i}.txt", report_data(rng, f"青禾县第{i}局", 2023))
        os.rename(os.fsencode(folder / f"r{i}.txt"), os.fsencode(folder) + b"/" + raw)
    with ogi.open(tmp_path / "ogi.db") as c:
        summary = c.ingest([folder])
        assert (summary.new, summary.failed) == (2, [])
        sources = sorted(Path(s).name for s in c.documents()["source"])
        assert sources == ["r\\xff\\xfe.txt", "报告.txt"]
        assert set(c.findings()["source"].map(lambda s: Path(s).name)) == set(sources)


def test_an_interrupted_ingest_leaves_the_store_consistent_and_resumes(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(13)
    for i in range(4):
        write_report(tmp_path / "in", f"r{i}.txt", report_data(rng, f"青禾县第{i}中心", 2023))

    def stop_after_two(done: int, total: int, outcome: str, item: Any) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        corpus.ingest([tmp_path / "in"], progress=stop_after_two)
    assert len(corpus.documents()) == 2
    summary = corpus.ingest([tmp_path / "in"])
    assert (summary.read, summary.new, summary.present) == (4, 2, 2)
    with corpus.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar() == 4


def test_parallel_ingest_stores_the_same_as_serial(db: str, tmp_path: Path) -> None:
    rng = random.Random(17)
    for i in range(6):
        write_report(tmp_path / "in", f"r{i}.txt", report_data(rng, f"青禾县第{i}站", 2022))
    with ogi.open(db) as c:
        summary = c.ingest([tmp_path / "in"], jobs=2)
        assert (summary.read, summary.new) == (6, 6)
        assert sorted(c.documents()["agency"]) == [f"青禾县第{i}站" for i in range(6)]


@pytest.mark.parametrize("batch_size", [2, 256])
def test_new_agencies_names_and_versions_across_and_within_batches(corpus: Corpus, tmp_path: Path,
                                                                   batch_size: int) -> None:
    """New agencies get their ids when the batch is written (temporary ids while it is matched): a
    shorter name, a fuller one and new versions land on the same record whether they share a batch or not."""
    from ogi.store.ingest import iter_inputs, prepare
    from ogi.store.writer import Writer

    rng = random.Random(29)
    files = {"1.txt": ("石门镇", 2022), "2.txt": ("岚皋县石门镇人民政府", 2023), "3.txt": ("青禾县财政局", 2023),
             "4.txt": ("青禾县财政局", 2023), "5.txt": ("青禾县财政局", 2022), "6.txt": ("青禾县财政局", 2023)}
    for name, (agency, year) in files.items():
        write_report(tmp_path / "in", name, report_data(rng, agency, year))
    summary = Writer(corpus.engine, batch_size=batch_size).write_all(
        prepare(i) for i in iter_inputs([tmp_path / "in"]))
    assert (summary.new, summary.versions, summary.failed) == (4, 2, [])
    agencies = corpus.agencies().set_index("name")
    assert sorted(agencies.index) == ["岚皋县石门镇人民政府", "青禾县财政局"]
    assert "石门镇" in agencies.loc["岚皋县石门镇人民政府", "names"]
    docs = corpus.documents(current=False).sort_values("source")
    assert list(docs["agency"]) == ["岚皋县石门镇人民政府"] * 2 + ["青禾县财政局"] * 4
    assert list(docs["version"]) == [1, 1, 1, 2, 1, 3]
    assert list(docs["is_current"]) == [True, True, False, False, True, True]
    assert len(set(docs["id"])) == 6

    more = tmp_path / "more"  # a later run matches the stored ids
    write_report(more, "7.txt", report_data(rng, "岚皋县石门镇人民政府", 2023))
    write_report(more, "8.txt", report_data(rng, "青禾县水利局", 2023))
    summary = corpus.ingest([more])
    assert (summary.new, summary.versions) == (1, 1)
    assert sorted(corpus.agencies()["name"]) == ["岚皋县石门镇人民政府", "青禾县水利局", "青禾县财政局"]
    current = corpus.documents(year=2023).set_index("agency")
    assert current.loc["岚皋县石门镇人民政府", "source"].endswith("7.txt")
    assert current.loc["岚皋县石门镇人民政府", "version"] == 2


# --- agencies -------------------------------------------------------------------------------------------------


def test_name_variants_are_one_agency_and_the_hierarchy_drives_status(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(19)
    d22 = report_data(rng, "石门镇", 2022)
    write_report(tmp_path / "in", "a.txt", d22)
    write_report(tmp_path / "in", "b.txt", report_data(rng, "岚皋县石门镇人民政府", 2023, prev=d22))
    corpus.ingest([tmp_path / "in"])
    agencies = corpus.agencies()
    assert len(agencies) == 1
    assert agencies["level"].iloc[0] == "township"

    csv_file = tmp_path / "units.csv"
    csv_file.write_text("名称,级别,上级,地区,应报送\n"
                        "岚皋县人民政府,county,,陕西省,1\n"
                        "石门镇,township,岚皋县人民政府,,1\n"
                        "大道河镇,,岚皋县人民政府,,1\n", encoding="utf-8-sig")
    summary = corpus.import_agencies(csv_file)
    assert (summary.rows, summary.created, summary.updated) == (3, 2, 1)
    agencies = corpus.agencies().set_index("name")
    assert agencies.loc["岚皋县石门镇人民政府", "parent"] == "岚皋县人民政府"
    assert "石门镇人民政府" in agencies.loc["岚皋县石门镇人民政府", "names"]
    assert agencies.loc["岚皋县大道河镇人民政府", "level"] == "township"  # named in full under its parent

    status = corpus.status(2023).set_index("agency")
    assert status.loc["岚皋县人民政府", "status"] == "missing"
    assert status.loc["岚皋县大道河镇人民政府", "status"] == "missing"
    assert status.loc["岚皋县石门镇人民政府", "status"] == "warnings"  # M12/M13 only
    assert corpus.documents(year=2023)["region"].iloc[0] == "陕西省"  # inherited from the parent

    corpus.set_agency("石门镇", level="city")
    assert corpus.agencies().set_index("name").loc["岚皋县石门镇人民政府", "level_source"] == "manual"


# --- rules across reports -------------------------------------------------------------------------------------


def test_cross_year_rules_m6_m7_m21(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(23)
    d22 = report_data(rng, "青禾县教育局", 2022)
    d23 = report_data(rng, "青禾县教育局", 2023, prev=d22)
    d23["requests"]["carried_over"]["research"] += 1  # M6 broken in one column
    d23["requests"]["carried_over"]["total"] += 1
    d23["active"]["normative_documents"]["in_force"] += 2  # M7
    write_report(tmp_path / "in", "2022.txt", d22)
    write_report(tmp_path / "in", "2023.txt", d23)
    d22b = report_data(rng, "青禾县卫健委", 2022)
    d23b = report_data(rng, "青禾县卫健委", 2023, prev=d22b, text=d22b["sections"]["overview"])  # copied text
    write_report(tmp_path / "in", "b2022.txt", d22b)
    write_report(tmp_path / "in", "b2023.txt", d23b)
    corpus.ingest([tmp_path / "in"])

    m6 = _corpus_findings(corpus, "carry-over-mismatch")
    assert list(m6["rule"]) == ["M6", "M6"]
    assert list(m6["severity"]) == ["error", "error"]
    assert sorted(m6["expected"].astype(int)) == sorted([d22["requests"]["carried_forward"]["research"],
                                                         d22["requests"]["carried_forward"]["total"]])
    assert all(s.endswith("2023.txt") and o.endswith("2022.txt") for s, o in zip(m6["source"], m6["other_source"],
                                                                                strict=True))
    assert "「科研机构」列" in set(m6["message_zh"]).pop() or "「总计」列" in set(m6["message_zh"]).pop()
    m7 = _corpus_findings(corpus, "in-force-drift")
    assert list(m7["severity"]) == ["warning"]
    nd = d23["active"]["normative_documents"]
    assert (int(m7["expected"][0]), int(m7["actual"][0])) == (nd["in_force"] - 2, nd["in_force"])
    m21 = _corpus_findings(corpus, "copied-previous-year")
    assert list(m21["agency"]) == ["青禾县卫健委"] and list(m21["year"]) == [2023]
    assert _corpus_findings(corpus, "copied-other-agency").empty


def test_report_and_corpus_findings_counts_and_the_findings_view(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(37)
    d22 = report_data(rng, "青禾县水利局", 2022)
    d23 = report_data(rng, "青禾县水利局", 2023, prev=d22)
    d23["requests"]["carried_over"]["total"] += 1  # M6, one column
    write_report(tmp_path / "in", "w22.txt", d22)
    write_report(tmp_path / "in", "w23.txt", d23)
    corpus.ingest([tmp_path / "in"])
    own = {r: len(ogi.check(ogi.read(tmp_path / "in" / f"w{r}.txt"))) for r in (22, 23)}

    found = corpus.findings()
    assert list(found["scope"]) == ["report"] * own[22] + ["report"] * own[23] + ["corpus"]
    assert found[found["scope"] == "corpus"]["code"].tolist() == ["carry-over-mismatch"]
    docs = corpus.documents().set_index("year")
    totals = docs[["errors", "warnings", "infos", "unchecked"]].sum(axis=1)
    assert (totals[2022], totals[2023]) == (own[22], own[23] + 1)
    errors_before = int(docs.loc[2023, "errors"])

    assert corpus.check() == 1 and corpus.check(years=[2023]) == 1  # re-checking replaces, never adds
    again = corpus.documents().set_index("year")
    assert int(again.loc[2023, "errors"]) == errors_before
    with corpus.engine.connect() as conn:  # the SQL view: both kinds as one table
        view = conn.execute(sa.text("SELECT document_id, scope, rule, code, severity, checked, part, message_zh, "
                                    "expected, actual FROM findings ORDER BY document_id, scope DESC, code")).all()
    assert len(view) == len(found)
    assert {(r.scope, r.rule, r.code, bool(r.checked)) for r in view} == {
        (r.scope, r.rule, r.code, bool(r.checked)) for r in found.itertuples()}
    assert {r.message_zh for r in view} == set(found["message_zh"])


def test_tables_repeated_and_text_copied_from_another_unit(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(29)
    d22 = report_data(rng, "青禾县审计局", 2022)
    same = json.loads(json.dumps(d22))
    same["meta"]["year"] = 2023
    same["sections"]["overview"] = prose(rng)
    write_report(tmp_path / "in", "a22.txt", d22)
    write_report(tmp_path / "in", "a23.txt", same)
    text = prose(rng, 900)
    write_report(tmp_path / "in", "x.txt", report_data(rng, "青禾县民政局", 2023, text=text))
    write_report(tmp_path / "in", "y.txt", report_data(rng, "青禾县司法局", 2023, text=text[:880] + prose(rng, 20)))
    corpus.ingest([tmp_path / "in"])
    rep = _corpus_findings(corpus, "tables-repeat-previous-year")
    assert list(rep["agency"]) == ["青禾县审计局"]
    m22 = _corpus_findings(corpus, "copied-other-agency")
    assert sorted(m22["agency"]) == ["青禾县司法局", "青禾县民政局"]
    assert set(m22["rule"]) == {"M22"}


def test_m8_rules_only_for_rule_making_bodies_and_rollup(corpus: Corpus, tmp_path: Path) -> None:
    rng = random.Random(31)
    town = report_data(rng, "岚皋县石门镇人民政府", 2023)
    town["active"]["rules"]["in_force"] = 3
    city = report_data(rng, "安康市人民政府", 2023)
    city["active"]["rules"].update(issued=2, in_force=5)
    write_report(tmp_path / "in", "town.txt", town)
    write_report(tmp_path / "in", "city.txt", city)
    units = [report_data(rng, f"岚皋县第{i}委员会", 2023) for i in range(2)]
    for i, u in enumerate(units):
        write_report(tmp_path / "in", f"u{i}.txt", u)
    county = report_data(rng, "岚皋县人民政府", 2023)
    for row in ("new", "total_processed", "carried_forward", "carried_over", "granted"):
        county["requests"][row]["total"] = sum(u["requests"][row]["total"] for u in units)
    write_report(tmp_path / "in", "county.txt", county)
    corpus.ingest([tmp_path / "in"])

    m8 = _corpus_findings(corpus, "rules-without-power")
    assert list(m8["agency"]) == ["岚皋县石门镇人民政府"]
    assert m8["message_zh"][0] == ("「岚皋县石门镇人民政府」属于乡镇，无权制定规章，"
                                   "但规章一行填报：规章 · 现行有效件数 3")

    units_csv = tmp_path / "units.csv"
    units_csv.write_text("name,level,parent,rollup\n岚皋县人民政府,county,,1\n"
                         "岚皋县第0委员会,department,岚皋县人民政府,\n岚皋县第1委员会,department,岚皋县人民政府,\n",
                         encoding="utf-8")
    corpus.import_agencies(units_csv)
    rollup = _corpus_findings(corpus, "rollup-mismatch")
    assert set(rollup["agency"]) == {"岚皋县人民政府"}
    labels = set(rollup["message_zh"].str.split("」").str[0].str.lstrip("「"))
    assert "一、本年新收政府信息公开申请数量 · 总计" not in labels  # summed correctly
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形） · 总计" in labels


# --- export and statistics ------------------------------------------------------------------------------------


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[tuple[Corpus, list[dict[str, Any]]]]:
    rng = random.Random(37)
    datas = []
    for i in range(2):
        prev = None
        for year in (2022, 2023):
            d = report_data(rng, f"陕西省青禾县第{i}局", year, prev=prev)
            write_report(tmp_path / "in", f"r{i}_{year}.txt", d)
            datas.append(d)
            prev = d
    c = ogi.open(tmp_path / "ogi.db")
    c.ingest([tmp_path / "in"])
    yield c, datas
    c.close()


@pytest.mark.parametrize("chunk_rows", [7, 199, 200, 801])
def test_csv_in_chunks_is_the_csv_in_one_piece(small_corpus: tuple[Corpus, list[dict[str, Any]]], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, chunk_rows: int) -> None:
    """Chunks formatted on several threads, a few ahead of the writer: one header, every row once, in order."""
    from ogi.store import export

    c, _ = small_corpus
    c.export(tmp_path / "whole.csv", "csv")
    monkeypatch.setattr(export, "CSV_CHUNK_ROWS", chunk_rows)
    monkeypatch.setattr(export.os, "cpu_count", lambda: 3)
    assert c.export(tmp_path / "chunked.csv", "csv") == 800
    whole = (tmp_path / "whole.csv").read_bytes()
    assert (tmp_path / "chunked.csv").read_bytes() == whole
    assert whole.count(b'"agency","year"') == 1 and len(whole.splitlines()) == 801


def test_export_formats_hold_every_cell(small_corpus: tuple[Corpus, list[dict[str, Any]]], tmp_path: Path) -> None:
    c, datas = small_corpus
    assert c.export(tmp_path / "all.csv", "csv") == 4 * 200
    csv = pd.read_csv(tmp_path / "all.csv")
    assert list(csv.columns) == ["agency", "year", "table", "row", "column", "value"]
    assert len(csv) == 800
    row = csv[(csv["agency"] == "陕西省青禾县第1局") & (csv["year"] == 2023) & (csv["row"] == "new")
              & (csv["column"] == "total")]
    assert row["value"].tolist() == [datas[3]["requests"]["new"]["total"]]
    assert "12.0" not in (tmp_path / "all.csv").read_text("utf-8").split(",")  # counts print as integers

    assert c.export(tmp_path / "y.parquet", "parquet", year=2023) == 400
    assert pq.read_table(tmp_path / "y.parquet").num_rows == 400
    assert c.export(tmp_path / "one.json", "json", agency="第0局", year=2022) == 200
    records = json.loads((tmp_path / "one.json").read_text("utf-8"))
    assert records[0] == {"agency": "陕西省青禾县第0局", "year": 2022, "table": "active", "row": "rules",
                          "column": "issued", "value": 0}

    c.export(tmp_path / "all.xlsx", "xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == ["主动公开", "申请情况", "复议诉讼", "数据（长表）"]
    ws = wb["申请情况"]
    assert [ws.cell(1, i).value for i in range(1, 6)] == ["单位", "年度", "级别", "地区", "项目"]
    assert ws.cell(1, 6).value == "申请人情况" and ws.cell(2, 7).value == "法人或其他组织"
    assert ws.cell(3, 7).value == "商业企业" and ws.cell(2, 12).value == "总计"
    assert "F1:L1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.max_row == 3 + 4 * 25
    assert wb["复议诉讼"].cell(1, 5).value == "行政复议" and wb["复议诉讼"].cell(2, 10).value == "未经复议直接起诉"
    assert wb["主动公开"].cell(1, 5).value == "第二十条第（一）项" and wb["主动公开"].cell(3, 5).value == "本年制发件数"
    assert wb["数据（长表）"].max_row == 801


def test_stats_and_charts(small_corpus: tuple[Corpus, list[dict[str, Any]]], tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    c, datas = small_corpus
    stats = c.stats()
    by_year = stats.by_year.set_index("year")
    received = datas[1]["requests"]["new"]["total"] + datas[3]["requests"]["new"]["total"]
    assert by_year.loc[2023, "received"] == received
    assert by_year.loc[2022, "reports"] == 2
    granted = datas[1]["requests"]["granted"]["total"] + datas[3]["requests"]["granted"]["total"]
    processed = datas[1]["requests"]["total_processed"]["total"] + datas[3]["requests"]["total_processed"]["total"]
    assert by_year.loc[2023, "granted_share"] == pytest.approx(granted / processed)
    corrected = datas[1]["appeals"]["review"]["corrected"] + datas[3]["appeals"]["review"]["corrected"]
    concluded = sum(d["appeals"]["review"]["total"] - d["appeals"]["review"]["pending"] for d in (datas[1], datas[3]))
    assert by_year.loc[2023, "review_correction_rate"] == pytest.approx(corrected / concluded)
    assert set(stats.by_region["region"]) == {"陕西省"}
    assert list(stats.ranking[stats.ranking["year"] == 2023]["rank"]) == [1, 2]

    from ogi.store.stats import plot

    paths = plot(stats, tmp_path / "charts")
    assert sorted(p.name for p in paths) == ["correction_rates_by_level.png", "outcome_mix.png", "ranking.png",
                                             "requests_per_year.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)


def test_migration_0002_turns_json_numbers_into_float64_and_keeps_provenance(db: str) -> None:
    from alembic import command

    from ogi.store.engine import _alembic_config, database_url, make_engine
    from ogi.store.minhash import signature

    engine = make_engine(database_url(db))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(sa.text("INSERT INTO documents (sha256, source, size, cell_layout, year, numbers, provenance, "
                             "sections) VALUES ('ab', 'r.txt', 1, '2021', 2023, :n, :p, :s)"),
                     {"n": json.dumps([3, None, 2.5] + [0] * 197),
                      "p": json.dumps([["3", None, {"line": 7, "table": 0, "row": 2, "col": 1}], None]),
                      "s": json.dumps({"overview": prose(random.Random(1))}, ensure_ascii=False)})
        conn.execute(sa.text("INSERT INTO findings (document_id, scope, rule, code, severity, checked, message_zh, "
                             "message_en, detail) SELECT id, 'report', 'M1', 'row-sum', 'error', :t, '合计不符', "
                             "'sum differs', '{}' FROM documents"), {"t": True})
    engine.dispose()
    with ogi.open(db) as c:
        # the findings survive the re-created documents table (a DROP TABLE with foreign keys on cascades)
        assert c.findings()["code"].tolist() == ["row-sum"]
        with c.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0003"
            minhash = conn.execute(sa.text("SELECT minhash FROM documents")).scalar()
        cells = c.cells()
        assert len(cells) == 200
        assert cells["value"].head(3).tolist()[0] == 3 and pd.isna(cells["value"][1]) and cells["value"][2] == 2.5
        doc_id = int(c.documents()["id"].iloc[0])
        prov = c.provenance(doc_id)
        first = prov["active.rules.issued"]
        assert (first.value, first.raw, first.problem) == (3, "3", None)
        assert first.origin is not None
        assert (first.origin.line, first.origin.row, first.origin.source) == (7, 2, "r.txt")
        assert prov["active.rules.repealed"].problem == "missing"
        assert prov["active.rules.in_force"].value == 2.5
        assert bytes(minhash) == signature(prose(random.Random(1)))


def test_migration_0003_moves_report_findings_into_their_document(db: str) -> None:
    from alembic import command

    from ogi.store.engine import _alembic_config, database_url, make_engine, migration_connection

    detail = {"cells": [{"path": "requests.new.total", "label": "本年新收 · 总计", "value": 5, "printed": "5",
                         "origin": {"source": "r.txt", "line": 40}}], "origin": None, "source": "r.txt"}
    engine = make_engine(database_url(db))
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0002")
        conn.execute(sa.text("INSERT INTO documents (id, sha256, source, size, cell_layout, year, numbers, "
                             "provenance, sections, errors, warnings) "
                             "VALUES (1, 'ab', 'r.txt', 1, '2021', 2023, :n, '{}', '{}', 1, 1)"), {"n": bytes(1600)})
        insert = sa.text("INSERT INTO findings (document_id, scope, rule, code, severity, checked, part, message_zh, "
                         "message_en, expected, actual, detail) VALUES (1, :scope, :rule, :code, :sev, :checked, "
                         "'三', :zh, :en, :exp, '5', :detail)")
        conn.execute(insert, {"scope": "report", "rule": "M1", "code": "row-sum", "sev": "error", "checked": True,
                              "zh": "合计不符", "en": "sum differs", "exp": "6",
                              "detail": json.dumps(detail, ensure_ascii=False)})
        conn.execute(insert, {"scope": "corpus", "rule": "M6", "code": "carry-over-mismatch", "sev": "warning",
                              "checked": True, "zh": "结转不符", "en": "carry-over differs", "exp": "4",
                              "detail": json.dumps({"cells": [], "origin": None, "source": "r.txt"})})
    engine.dispose()
    with ogi.open(db) as c:
        found = c.findings()
        assert list(zip(found["scope"], found["rule"], found["expected"], strict=True)) == [
            ("report", "M1", "6"), ("corpus", "M6", "4")]
        with c.engine.connect() as conn:
            stored = json.loads(conn.execute(sa.text("SELECT findings FROM documents")).scalar_one())
            view = conn.execute(sa.text("SELECT scope, code, message_zh FROM findings ORDER BY scope DESC")).all()
        assert stored == [{"rule": "M1", "code": "row-sum", "severity": "error", "checked": True, "part": "三",
                           "message": {"zh": "合计不符", "en": "sum differs"}, "expected": "6", "actual": "5",
                           **detail}]
        assert [tuple(r) for r in view] == [("report", "row-sum", "合计不符"),
                                            ("corpus", "carry-over-mismatch", "结转不符")]
        assert c.check() == 0  # no second report: the old corpus finding goes, and with it its count
        assert c.documents()[["errors", "warnings"]].values.tolist() == [[1, 0]]
        with migration_connection(c.engine) as conn:  # and back
            command.downgrade(_alembic_config(conn), "0002")
            rows = conn.execute(sa.text("SELECT scope, code, expected, detail FROM findings")).all()
        assert [(r.scope, r.code, r.expected, json.loads(r.detail)) for r in rows] == [
            ("report", "row-sum", "6", detail)]
