"""Rendering in the national layout: structure of each format, the round trip through `ogi.read`,
LibreOffice opening the DOCX, Chinese rendered with embedded fonts, page images kept as artefacts."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ogi
from ogi.authoring import complete
from ogi.authoring.data import form_from_data
from ogi.model.schema import SECTION_KEYS
from ogi.readers.registry import FORMATS, _ensure_builtins
from ogi.render.docx import render_docx
from ogi.render.html import render_html
from ogi.render.markdown import render_markdown
from tests.support.factory import consistent_data

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
SEEDS = ["000_92ce2381d5189585", "001_89ed34bd233239fd", "002_d4524e0073e7a70b", "003_7a49fdbfa9f4603b",
         "004_963677cf7fabcad5"]
KEYS = ("layout", "sections", "active", "requests", "appeals")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SENTENCES = ["本机关坚持以公开为常态、不公开为例外。", "全年通过政府网站主动公开政府信息。",
             "进一步规范依申请公开办理流程。", "加强政府信息公开平台建设。", "本机关未收取信息处理费。",
             "认真落实上级年度政务公开工作要点。",
             "人大代表建议和政协提案办理结果均已公开。", "创新开展政策解读。", "存在的问题是公开内容不够全面。"]


def _reader(fmt: str) -> None:
    _ensure_builtins()
    if fmt not in {f.name for f in FORMATS}:
        pytest.skip(f"no '{fmt}' reader is registered in ogi.readers yet")


def _sections(rng: random.Random) -> dict[str, str]:
    return {k: "\n".join(rng.sample(SENTENCES, rng.randint(0, 3))) for k in SECTION_KEYS}


def _data(seed: int, **kw: Any) -> dict[str, Any]:
    rng = random.Random(seed)
    return consistent_data(rng, sections=_sections(rng), **kw)


def _expected(data: dict[str, Any]) -> dict[str, Any]:
    """What the rendered report must read back as: the data with every derived cell computed."""
    report, _ = complete(form_from_data(data, "x"))
    return report.to_dict()


def _read_back(content: bytes, name: str, tmp: Path) -> dict[str, Any]:
    path = tmp / name
    path.write_bytes(content)
    return ogi.read(path).to_dict()


def _assert_same(got: dict[str, Any], want: dict[str, Any]) -> None:
    for key in KEYS:
        assert got[key] == want[key], key
    for key in ("agency", "year", "publish_date"):
        assert got["meta"][key] == want["meta"][key], key


# --- structure -------------------------------------------------------------------------------------------
def _docx_tables(content: bytes) -> list[Any]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return list(root.iter(f"{W}tbl"))


def _spans(tbl: Any) -> tuple[list[int], int, int]:
    """(gridSpan values, vMerge restarts, vMerge continuations)."""
    spans = [int(e.get(f"{W}val")) for e in tbl.iter(f"{W}gridSpan")]
    merges = [e.get(f"{W}val") for e in tbl.iter(f"{W}vMerge")]
    return spans, merges.count("restart"), merges.count(None)


def test_docx_has_the_national_tables_with_real_merged_cells() -> None:
    content = render_docx(_data(1, publish_date="2025-01-20"))
    active, requests, appeals = _docx_tables(content)
    # Part 三 row spans: the note (3 rows), 自然人 and 总计 (2), 三、本年度办理结果 (22), （三）–（六） (8, 3, 5, 3).
    spans, restarts, continuations = _spans(requests)
    assert restarts == 8 and continuations == 2 + 1 + 1 + 21 + 7 + 2 + 4 + 2
    assert sorted(spans) == sorted([3, 7, 5, 3, 3, 3, 3, 3, 2, 2, 2])
    rows = requests.findall(f"{W}tr")
    assert len(rows) == 3 + 25
    assert all(len(r.findall(f"{W}tc")) + sum(int(s.get(f"{W}val")) - 1 for s in r.iter(f"{W}gridSpan")) == 10
               for r in rows)
    text = "".join(requests.itertext())
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text
    spans, restarts, continuations = _spans(appeals)
    assert len(appeals.findall(f"{W}tr")) == 4 and restarts == 5 and continuations == 5
    assert sorted(spans) == [5, 5, 5, 10]
    spans, _, _ = _spans(active)
    assert spans.count(4) == 4 and spans.count(3) == 7  # block headings; single-column headers and values
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
        footer = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("word/footer"))
        styles = zf.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="方正小标宋简体"' in document and 'w:eastAsia="黑体"' in document
    assert 'w:eastAsia="仿宋_GB2312"' in styles
    assert 'w:w="11906"' in document and 'w:h="16838"' in document  # A4
    assert " PAGE " in footer and "— " in footer and " —" in footer
    assert "本年收费金额（单位：万元）" in document


def test_html_has_the_merged_cells_of_the_national_layout() -> None:
    page = render_html(_data(2))
    assert '<td rowspan="22">三、本年度办理结果</td>' in page
    assert '<td rowspan="8">（三）不予公开</td>' in page and '<td rowspan="5">（五）不予处理</td>' in page
    assert '<td rowspan="3" colspan="3" class="note">（本列数据的勾稽关系为' in page
    assert '<th colspan="7">申请人情况</th>' in page and '<th colspan="5">法人或其他组织</th>' in page
    assert '<th colspan="10">行政诉讼</th>' in page and page.count('data-cell="appeals.') == 15
    assert re.search(r'content: "— " counter\(page\) " —"', page)
    assert "size: A4" in page and '"方正小标宋简体"' in page and '"Noto Serif CJK SC"' in page
    for key in SECTION_KEYS:
        assert f'<h2 id="{key}">' in page


def test_docx_renders_under_100_ms() -> None:
    data = _data(3)
    render_docx(data)
    times = []
    for _ in range(7):
        t = time.perf_counter()
        render_docx(data)
        times.append(time.perf_counter() - t)
    assert statistics.median(times) < 0.100


# --- round trip --------------------------------------------------------------------------------------------
RENDER = {"docx": render_docx, "html": lambda d: render_html(d).encode("utf-8"),
          "md": lambda d: render_markdown(d).encode("utf-8")}
READER = {"docx": "docx", "html": "html", "md": "markdown"}


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_round_trip_random_data(fmt: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    _reader(READER[fmt])
    tmp = tmp_path_factory.mktemp(fmt)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(seed=st.integers(0, 2**32), high=st.sampled_from([0, 5, 60, 3000]), dated=st.booleans(),
           agency=st.sampled_from(["青禾县人民政府办公室", "白沙镇人民政府", "青禾县交通运输局"]))
    def run(seed: int, high: int, dated: bool, agency: str) -> None:
        data = _data(seed, high=high, agency=agency, publish_date="2025-01-23" if dated else None)
        got = _read_back(RENDER[fmt](data), f"r.{fmt}", tmp)
        _assert_same(got, _expected(data))

    run()


def _seed_data(shared: Path, seed: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "seeds" / f"{seed}.expected.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
def test_round_trip_seed_data(fmt: str, shared_dir: Path, tmp_path: Path) -> None:
    _reader(READER[fmt])
    for seed in SEEDS:
        want = _expected(_seed_data(shared_dir, seed))
        got = _read_back(RENDER[fmt](want), f"{seed}.{fmt}", tmp_path)
        _assert_same(got, want)


# --- PDF and LibreOffice -------------------------------------------------------------------------------------
def _weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint is not usable here: {exc}")


def _png(pdf: Path, page: int, out: Path, crop: tuple[float, float, float, float] | None = None) -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    args = ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile"]
    if crop is not None:
        x0, top, x1, bottom = (int(v * 80 / 72) for v in crop)
        args += ["-x", str(x0), "-y", str(top), "-W", str(x1 - x0), "-H", str(bottom - top)]
    subprocess.run([*args, str(pdf), str(out.with_suffix(""))], check=True, timeout=60)
    return out


def _assert_not_blank(png: Path, min_w: int, min_h: int) -> None:
    from PIL import Image

    with Image.open(png) as im:
        assert im.width >= min_w and im.height >= min_h
        gray = im.convert("L")
        dark = sum(gray.histogram()[:128])
        assert dark > 0.005 * im.width * im.height  # text and rules, not a blank page


@pytest.fixture(scope="module")
def pdf_reports() -> list[tuple[dict[str, Any], bytes]]:
    _weasyprint()
    from ogi.render.pdf import render_pdf

    datas = [_expected(_data(s, publish_date="2025-01-20", high=h)) for s, h in ((11, 60), (12, 3000), (13, 0))]
    return [(d, render_pdf(d)) for d in datas]


def test_pdf_has_chinese_text_embedded_fonts_and_page_images(pdf_reports: list[tuple[dict[str, Any], bytes]]) -> None:
    import pdfplumber

    ARTIFACTS.mkdir(exist_ok=True)
    _, content = pdf_reports[0]
    pdf_path = ARTIFACTS / "render-report.pdf"
    pdf_path.write_bytes(content)
    with pdfplumber.open(pdf_path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        assert pdf.pages[0].width == pytest.approx(595.3, abs=1) and pdf.pages[0].height == pytest.approx(841.9, abs=1)
        fonts = {c["fontname"] for p in pdf.pages for c in p.chars}
        table_page, bbox = None, None
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words()
            top = [w for w in words if "申请人情况" in w["text"]]
            bottom = [w for w in words if "结转下年度继续办理" in w["text"]]
            if top and bottom:
                table_page = number
                bbox = (40.0, top[0]["top"] - 8, page.width - 40, bottom[0]["bottom"] + 8)
    squashed = re.sub(r"\s+", "", text)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
                    "2024年政府信息公开工作年度报告", "本年收费金额（单位：万元）", "—1—"):
        assert heading in squashed, heading
    assert "\ufffd" not in text and "□" not in text  # no replacement glyphs (tofu)
    assert any("CJK" in f for f in fonts)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        assert rows and all(r[-5] == "yes" for r in rows)  # every font embedded
    assert table_page is not None and bbox is not None
    _assert_not_blank(_png(pdf_path, 1, ARTIFACTS / "render-page1.png"), 600, 850)
    _assert_not_blank(_png(pdf_path, table_page, ARTIFACTS / "render-part3-table.png", bbox), 500, 400)


def test_pdf_round_trip(pdf_reports: list[tuple[dict[str, Any], bytes]], tmp_path: Path) -> None:
    _reader("pdf")
    for i, (data, content) in enumerate(pdf_reports):
        _assert_same(_read_back(content, f"r{i}.pdf", tmp_path), data)


def test_pdf_round_trip_seed_data(shared_dir: Path, tmp_path: Path) -> None:
    _reader("pdf")
    _weasyprint()
    from ogi.render.pdf import render_pdf

    for seed in SEEDS:
        want = _expected(_seed_data(shared_dir, seed))
        _assert_same(_read_back(render_pdf(want), f"{seed}.pdf", tmp_path), want)


def test_libreoffice_opens_the_docx() -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        docx = Path(home) / "report.docx"
        docx.write_bytes(render_docx(_expected(_data(21, publish_date="2025-01-20"))))
        env = {**os.environ, "HOME": home}
        subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", home, str(docx)],
                       check=True, capture_output=True, timeout=180, env=env)
        pdf = Path(home) / "report.pdf"
        assert pdf.exists()
        shutil.copy(pdf, ARTIFACTS / "render-docx-libreoffice.pdf")
    import pdfplumber

    with pdfplumber.open(ARTIFACTS / "render-docx-libreoffice.pdf") as doc:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
        assert len(doc.pages) >= 3
    assert "申请人情况" in text and "三、收到和处理政府信息公开申请情况" in text and "\ufffd" not in text
    _assert_not_blank(_png(ARTIFACTS / "render-docx-libreoffice.pdf", 1, ARTIFACTS / "render-docx-page1.png"),
                      600, 850)
