"""The `ogi` command line: thin commands over the Python API (typer + rich)."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="ogi",
    help="政府信息公开工作年度报告：提取、核对、生成与汇总。Annual OGI reports: extract, check, write, collect.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# One module per command family; each defines `register(app)`.
COMMAND_MODULES = [
    "ogi.cli.extract",
    "ogi.cli.check",
    "ogi.cli.authoring",
    "ogi.cli.corpus",
]

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(_name).register(app)
    except ModuleNotFoundError as exc:  # an optional command whose dependencies are missing
        if exc.name and exc.name.startswith("ogi"):
            raise


def main() -> None:
    app()
