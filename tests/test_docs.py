"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from pathlib import Path

from ogi.cli import app
from ogi.rules import CHECKS, catalogue
from ogi.rules.docs import rules_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_rules_md_is_generated_from_the_catalogue() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "regenerate: ogi rules --format markdown > docs/rules.md")


def test_every_catalogue_entry_is_complete() -> None:
    codes = [r.code for r in catalogue()]
    assert len(codes) == len(set(codes))
    for r in catalogue():
        assert r.rule and r.severity in ("error", "warning", "info"), r.code
        assert r.title_zh and r.title_en and r.message_zh and r.message_en, r.code


def test_single_report_checks_exist() -> None:
    single = {r.check for r in catalogue()} & set(CHECKS)
    assert {"identity", "cell_values", "narrative_quantities", "narrative_sums", "part_headings",
            "tables_complete", "layout_year", "label_variants", "zero_vs_narrative"} <= single


def test_every_command_has_help() -> None:
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command.name


def test_readme_starts_with_install_run_test() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```sh") + 4]
    assert block[0].startswith("./install.sh") and block[1].startswith("ogi ") and block[2].startswith("pytest")
