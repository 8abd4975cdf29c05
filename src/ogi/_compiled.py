"""The modules `pip install` compiles with mypyc (setup.py reads MODULES from here), and the guard
that keeps a stale build from running: compiled modules older than their sources (a developer
edited a file after installing), or an incomplete build, are not used — every one of them is
then imported from its source, with a warning. OGI_PURE_PYTHON=1 forces the sources.

Kept free of other ogi imports: it must run before any of the modules it decides about.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# The read → extract → check path of a text report, where the time goes, and the store's share of an
# ingest (the walk of the cells, the rows, the writer); everything else stays interpreted.
# rules/__init__.py is left out: compiled, its submodule `catalogue` would shadow its function `catalogue`.
MODULES = (
    "ogi/document/model.py",
    "ogi/document/text.py",
    "ogi/readers/text.py",
    "ogi/readers/registry.py",
    "ogi/readers/builtins.py",
    "ogi/readers/encoding.py",
    "ogi/readers/_sniff.py",
    "ogi/extract/__init__.py",
    "ogi/extract/tables.py",
    "ogi/extract/values.py",
    "ogi/extract/labels.py",
    "ogi/extract/meta.py",
    "ogi/extract/sections.py",
    "ogi/extract/layout.py",
    "ogi/model/schema.py",
    "ogi/model/report.py",
    "ogi/rules/identity.py",
    "ogi/rules/checks.py",
    "ogi/rules/narrative.py",
    "ogi/rules/catalogue.py",
    "ogi/rules/finding.py",
    "ogi/store/cellkeys.py",  # the store's walk of every cell's provenance
    "ogi/store/ingest.py",  # hashing, and the rows of a report and its findings
    "ogi/store/writer.py",  # matching agencies and the bulk inserts
    "ogi/agencies.py",  # the names the writer matches, once per stored report
)

_ROOT = Path(__file__).resolve().parent.parent  # the folder holding the `ogi` package
RECORD = "ogi/_compiled.sha256"  # written by setup.py: "<sha256>  <path>" per compiled source


def _module_name(path: str) -> str:
    name = path.removesuffix(".py").replace("/", ".")
    return name.removesuffix(".__init__")


def _extension(path: str) -> Path | None:
    base = _ROOT / path.removesuffix(".py")
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        if (candidate := base.with_name(base.name + suffix)).exists():
            return candidate
    return None


def stale_reason() -> str | None:
    """Why the compiled modules must not be used, or None when they are complete and current. The
    build records each source's SHA-256 (file times say nothing once a wheel is unpacked)."""
    built = [(p, _extension(p)) for p in MODULES]
    if all(so is None for _, so in built):
        return None  # a pure-Python install: nothing to guard
    missing = next((p for p, so in built if so is None), None)
    if missing is not None:
        return f"{missing} has no compiled module"
    try:
        lines = (_ROOT / RECORD).read_text(encoding="utf-8").splitlines()
    except OSError:
        return "the build left no record of its sources"
    recorded: dict[str, str] = {}
    for line in lines:
        digest, _, path = line.partition("  ")
        recorded[path] = digest
    for path in MODULES:
        if recorded.get(path) != hashlib.sha256((_ROOT / path).read_bytes()).hexdigest():
            return f"{path} changed after it was compiled"
    return None


class _SourcesFirst:
    """Imports the compiled modules' names from their .py files."""

    def __init__(self) -> None:
        self.paths = {_module_name(p): _ROOT / p for p in MODULES}

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        source = self.paths.get(fullname)
        if source is None:
            return None
        package = source.name == "__init__.py"
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=[str(source.parent)] if package else None)


def use_sources_when_stale() -> None:
    if any(isinstance(f, _SourcesFirst) for f in sys.meta_path):
        return
    if os.environ.get("OGI_PURE_PYTHON"):
        sys.meta_path.insert(0, _SourcesFirst())
        return
    reason = stale_reason()
    if reason is not None:
        warnings.warn(f"ogi: not using the compiled modules ({reason}); run ./install.sh to compile them "
                      f"again. Reading is slower until then.", RuntimeWarning, stacklevel=2)
        sys.meta_path.insert(0, _SourcesFirst())


def compiled() -> bool:
    """True when the compiled modules are in use (the speed the benchmarks promise)."""
    from ogi.readers import text

    return bool(text.__file__) and not str(text.__file__).endswith(".py")


use_sources_when_stale()  # on import, before `ogi` imports any module of MODULES
