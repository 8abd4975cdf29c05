from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project (present in CI and on developer machines, never shipped)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
