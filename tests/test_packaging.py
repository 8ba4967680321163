"""The wheel must carry every template, the grammar and the libraries (and nothing from reports/out)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_report_template_is_force_included_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    templates = {f"reports/{p.name}" for p in (ROOT / "reports").glob("*.j2")}
    assert templates, "no templates found in reports/"
    assert templates <= set(included), f"add to [tool.hatch.build.targets.wheel.force-include]: {templates - set(included)}"
    assert all(not key.startswith("reports/out") and key != "reports" for key in included)
    assert included.get("grammar") == "checker/grammar"
