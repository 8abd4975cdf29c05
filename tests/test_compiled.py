"""The mypyc build: compiled and plain Python give the same results, and a stale build is never used."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import ogi
from ogi import _compiled
from tests.support.factory import consistent_data
from tests.support.noise import encode, noisy_text

ROOT = Path(__file__).resolve().parents[1]

# Reads every input given as (name, hex bytes) on stdin and prints the schema export and the findings.
_DUMP = """
import json, sys
import ogi, ogi._compiled
out = {"compiled": ogi._compiled.compiled(), "reports": []}
for name, data in json.load(sys.stdin):
    report = ogi.read_bytes_report(bytes.fromhex(data), name)
    out["reports"].append([report.to_dict(), [f.to_dict() for f in ogi.check(report)]])
print(json.dumps(out, ensure_ascii=False, default=str))
"""


def _inputs() -> list[tuple[str, str]]:
    files = [*sorted((ROOT / "examples").glob("*.txt")), *sorted((ROOT / "tests/fixtures/text").glob("*.txt"))]
    out = [(p.name, p.read_bytes().hex()) for p in files]
    rng = random.Random(7)
    for i in range(30):
        data = consistent_data(rng, agency=f"第{i}号测试单位", year=2022 + i % 3, publish_date="2025-01-20")
        out.append((f"noisy-{i}.txt", encode(noisy_text(data, rng), rng).hex()))
    return out


def _dump(inputs: list[tuple[str, str]], pure: bool) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OGI_PURE_PYTHON", None)
    if pure:
        env["OGI_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", _DUMP], input=json.dumps(inputs), capture_output=True, text=True,
                          env=env, check=True, cwd=ROOT)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_compiled_and_plain_python_agree() -> None:
    if not _compiled.compiled():
        # CI installs as the README says, which compiles: there, plain Python means the build broke.
        assert not os.environ.get("CI"), f"CI runs plain Python: {_compiled.stale_reason() or 'not compiled'}"
        pytest.skip("ogi is installed as plain Python (not compiled with mypyc)")
    inputs = _inputs()
    compiled, plain = _dump(inputs, pure=False), _dump(inputs, pure=True)
    assert compiled["compiled"] is True and plain["compiled"] is False
    assert compiled["reports"] == plain["reports"]


def _fake_build(root: Path) -> None:
    """Sources, a compiled file for each, and the build's record of the sources' hashes."""
    lines = []
    for module in _compiled.MODULES:
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        (root / module).write_text(f"# {module}\n")
        (root / (module.removesuffix(".py") + ".cpython-311-x86_64-linux-gnu.so")).write_bytes(b"")
        lines.append(f"{hashlib.sha256((root / module).read_bytes()).hexdigest()}  {module}")
    (root / _compiled.RECORD).write_text("\n".join(lines) + "\n")


def test_stale_or_partial_builds_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_ROOT", tmp_path)
    monkeypatch.setattr(_compiled.importlib.machinery, "EXTENSION_SUFFIXES", [".cpython-311-x86_64-linux-gnu.so"])
    for module in _compiled.MODULES:
        (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / module).write_text("")
    assert _compiled.stale_reason() is None  # plain Python: nothing to guard

    _fake_build(tmp_path)
    assert _compiled.stale_reason() is None  # complete, and every source as compiled
    # File times do not count (a wheel unpacks sources after the compiled files): only content does.
    os.utime(tmp_path / _compiled.MODULES[0], (4_000_000_000, 4_000_000_000))
    assert _compiled.stale_reason() is None

    edited = _compiled.MODULES[3]
    (tmp_path / edited).write_text("# edited\n")
    assert _compiled.stale_reason() == f"{edited} changed after it was compiled"

    _fake_build(tmp_path)
    missing = _compiled.MODULES[-1]
    next(tmp_path.glob(missing.removesuffix(".py") + ".*.so")).unlink()
    assert _compiled.stale_reason() == f"{missing} has no compiled module"

    _fake_build(tmp_path)
    (tmp_path / _compiled.RECORD).unlink()
    assert _compiled.stale_reason() == "the build left no record of its sources"


def test_sources_first_finder_imports_the_python_files() -> None:
    finder = _compiled._SourcesFirst()
    spec = finder.find_spec("ogi.extract")
    assert spec is not None and spec.origin is not None and spec.origin.endswith("ogi/extract/__init__.py")
    assert spec.submodule_search_locations
    text = finder.find_spec("ogi.readers.text")
    assert text is not None and text.origin is not None and text.origin.endswith("ogi/readers/text.py")
    assert finder.find_spec("ogi.store.api") is None  # never compiled: the ordinary import machinery


def test_every_listed_module_exists() -> None:
    package = Path(ogi.__file__).resolve().parent.parent
    for module in _compiled.MODULES:
        assert (package / module).is_file(), module
