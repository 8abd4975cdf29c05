"""Builds ogi with its hot modules compiled by mypyc (the list is ogi._compiled.MODULES); all other
metadata is in pyproject.toml. OGI_PURE_PYTHON=1 installs plain Python; a failed compile does too."""

from __future__ import annotations

import ast
import hashlib
import os
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
# Only the commands that build code compile (metadata queries must not spend a minute in mypyc).
_BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def compiled_modules() -> list[str]:
    tree = ast.parse((HERE / "src/ogi/_compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MODULES" for t in node.targets):
            return [f"src/{m}" for m in ast.literal_eval(node.value)]
    raise RuntimeError("ogi/_compiled.py defines no MODULES")


RECORD = HERE / "src/ogi/_compiled.sha256"  # what was compiled: ogi._compiled compares it on import


def remove_old_builds() -> None:
    """Compiled files of an earlier in-place build: a module dropped from the list must not go on
    loading its old compiled form."""
    package = HERE / "src/ogi"
    for built in [*(HERE / "src").glob("*__mypyc.*"), *package.rglob("*.so"), *package.rglob("*.pyd")]:
        built.unlink()
    RECORD.unlink(missing_ok=True)


def record_sources(modules: list[str]) -> None:
    lines = [f"{hashlib.sha256((HERE / m).read_bytes()).hexdigest()}  {m.removeprefix('src/')}" for m in modules]
    RECORD.write_text("\n".join(lines) + "\n", encoding="utf-8")


IN_PLACE = "editable_wheel" in sys.argv or "develop" in sys.argv  # compiled files go into src/


def ext_modules() -> list[object]:
    if not _BUILDS.intersection(sys.argv[1:]):
        return []
    if IN_PLACE:
        remove_old_builds()  # a wheel's compiled files go into its build folder and leave src/ alone
    if os.environ.get("OGI_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        # Its own mypy options, not the project's strict ones: in the build's isolated environment the
        # third-party packages and their stubs are absent (their types are Any), which strict mode
        # rejects; `mypy` itself checks the code strictly in CI.
        options = ["--config-file", os.devnull, "--ignore-missing-imports", "--python-version", "3.11"]
        modules = compiled_modules()
        extensions = list(mypycify([*options, *modules], opt_level="3"))
        record_sources(modules)
        return extensions
    except (Exception, SystemExit) as exc:  # no compiler, a mypyc error: ogi works the same, only slower
        print(f"ogi: not compiling with mypyc ({type(exc).__name__}: {exc}); installing plain Python",
              file=sys.stderr)
        return []


# A wheel takes the record of its sources from src/ but must not leave it there: it would vouch for
# the compiled files of an earlier in-place build, which may predate edits.
_kept = RECORD.read_bytes() if RECORD.exists() else None
try:
    setup(ext_modules=ext_modules())
finally:
    if not IN_PLACE:
        if _kept is None:
            RECORD.unlink(missing_ok=True)
        else:
            RECORD.write_bytes(_kept)
