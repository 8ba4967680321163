"""Fixtures for the import tests; the helpers module is registered by path (pytest's importlib mode)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location("import_helpers", Path(__file__).with_name("helpers.py"))
assert _spec is not None and _spec.loader is not None
helpers = importlib.util.module_from_spec(_spec)
sys.modules["import_helpers"] = helpers
_spec.loader.exec_module(helpers)


@pytest.fixture
def md(tmp_path: Path) -> Callable[..., list[dict[str, Any]]]:
    """Write Markdown text to a file and return its draft items."""

    def run(text: str, name: str = "policy.md") -> list[dict[str, Any]]:
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return helpers.import_items(p)

    return run
