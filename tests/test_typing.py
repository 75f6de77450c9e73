"""The package type-checks under mypy's strict mode, as pyproject.toml configures it."""

from __future__ import annotations

import pytest

from conftest import REPO


def test_mypy_strict_passes() -> None:
    api = pytest.importorskip("mypy.api")
    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml"), str(REPO / "toolkit")])
    assert status == 0, stdout + stderr
