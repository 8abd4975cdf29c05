"""Helpers for the corpus-store tests: synthetic report files, and a throw-away PostgreSQL server."""

from __future__ import annotations

import os
import pwd
import random
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ogi.model.schema import APPLICANT_COLUMNS
from ogi.render.text import to_tika_text
from tests.support.factory import consistent_data

PG_BIN = Path("/usr/lib/postgresql/15/bin")
_CHARS = "政府信息公开工作年度报告本机关认真贯彻落实条例要求主动依申请办理平台建设监督保障培训考核制度规范"


def prose(rng: random.Random, n: int = 600) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(n))


def report_data(rng: random.Random, agency: str, year: int, prev: dict[str, Any] | None = None,
                text: str | None = None) -> dict[str, Any]:
    """Consistent data; with `prev`, this year's carried_over continues last year's carried_forward
    and the in-force counts follow issued and repealed (M6, M7 hold)."""
    data = consistent_data(rng, agency=agency, year=year, sections={"overview": text or prose(rng)})
    for key in ("issued", "repealed", "in_force"):  # only rule-making bodies have 规章
        data["active"]["rules"][key] = 0
    if prev is not None:
        req = data["requests"]
        for c in APPLICANT_COLUMNS:
            req["carried_over"][c] = prev["requests"]["carried_forward"][c]
            new = req["total_processed"][c] + req["carried_forward"][c] - req["carried_over"][c]
            if new < 0:
                req["carried_forward"][c] -= new
                new = 0
            req["new"][c] = new
        for row in ("new", "carried_over", "carried_forward"):
            req[row]["total"] = sum(req[row][c] for c in APPLICANT_COLUMNS)
        nd, before = data["active"]["normative_documents"], prev["active"]["normative_documents"]
        nd["in_force"] = before["in_force"] + nd["issued"] - nd["repealed"]
        if nd["in_force"] < 0:
            nd["issued"] -= nd["in_force"]
            nd["in_force"] = 0
    return data


def write_report(folder: Path, name: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(to_tika_text(data), encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """initdb refuses to run as root: use the `postgres` account, or create `ogitest`."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "ogitest"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "ogitest"],
                   check=True, capture_output=True)
    return "ogitest"


def postgres_server() -> Iterator[str]:
    """Start initdb + pg_ctl in a temporary folder on a free port; yield its URL; stop and remove it."""
    folder = Path(tempfile.mkdtemp(prefix="ogi-pg-"))
    user = _server_user()
    prefix: list[str] = []
    if user is not None:
        shutil.chown(folder, user)
        prefix = ["setpriv", f"--reuid={user}", f"--regid={pwd.getpwnam(user).pw_gid}", "--init-groups", "--"]
    data, port = folder / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C"}
    subprocess.run([*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-U", "ogi", "-A", "trust", "-E", "UTF8",
                    "--no-sync", "--locale=C"], check=True, capture_output=True, env=env)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"),
                    "-w", "start"], check=True, capture_output=True, env=env)
    try:
        yield f"postgresql://ogi@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, env=env)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
