"""The JSON outputs have versioned JSON Schemas (draft 2020-12) shipped in the package, tested on real output."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from confide.config import KEYS, load_settings
from confide.resources import data_dir

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir("schemas") / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def test_check_json_of_every_example_matches_the_report_schema(cli: Cli) -> None:
    _, out, _ = cli("check", "--format", "json", "--no-cache", str(ROOT / "protocols"), str(ROOT / "tests" / "golden"))
    report = json.loads(out)
    assert report["schema_version"] == 1 and len(report["findings"]) > 50
    jsonschema.Draft202012Validator(schema("report-1.json")).validate(report)


def test_the_report_schema_rejects_what_readers_rely_on_being_absent() -> None:
    validator = jsonschema.Draft202012Validator(schema("report-1.json"))
    good = {"schema_version": 1, "confide": "0", "findings": [], "summary": {"files": 0, "error": 0, "warning": 0,
                                                                            "info": 0, "waived": 0}}
    validator.validate(good)
    assert not validator.is_valid({**good, "schema_version": 2})
    assert not validator.is_valid({**good, "findings": [{"code": "LAW001"}]})


def test_config_schema_knows_exactly_the_keys_confide_reads() -> None:
    properties = schema("config-1.json")["properties"]
    assert set(properties) == set(KEYS)


def test_config_schema_accepts_the_documented_example_and_rejects_typos(tmp_path: Path) -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]
    table = tomllib.loads(example)["tool"]["confide"]
    validator = jsonschema.Draft202012Validator(schema("config-1.json"))
    validator.validate(table)
    config = tmp_path / "confide.toml"
    for library in table["library"]:  # a library setting must name a file that is there
        (tmp_path / library).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / library).write_text("", encoding="utf-8")
    config.write_text(example.replace("[tool.confide]", "").replace("[tool.confide.", "["), encoding="utf-8")
    assert load_settings({}, config).ignore == ("LAW005",)  # and confide reads it as the schema does
    assert not validator.is_valid({**table, "fail_on": "error"})
    assert not validator.is_valid({**table, "fail-on": "never"})


@pytest.mark.parametrize("command", [("rules", "--format", "json"),
                                     ("simulate", "--format", "json", "--event", "risk-to-others", "--consent",
                                      "refused", str(ROOT / "protocols" / "personalised-consent-model.protocol"))])
def test_other_commands_print_json(cli: Cli, command: tuple[str, ...]) -> None:
    code, out, _ = cli(*command)
    assert code == 0
    data = json.loads(out)
    if command[0] == "rules":
        assert {r["code"] for r in data} >= {"LAW001", "FDAP002"} and all(r["summary"] for r in data)
    else:
        assert data["situation"]["events"] == ["risk-to-others"]
        assert [c["clause"] for c in data["clauses"]] and all("lawful" in c for c in data["clauses"])


def test_a_trigger_finding_names_its_trigger_as_subject_not_as_a_graph_path(cli: Cli) -> None:
    """graph_path is an onward path or a contradicting pair; VAGUE002 is about a trigger."""
    protocol = ROOT / "protocols" / "supported-housing-arrears-labelled-harm.protocol"
    _, out, _ = cli("check", "--format", "json", "--no-cache", str(protocol))
    report = json.loads(out)
    jsonschema.Draft202012Validator(schema("report-1.json")).validate(report)
    vague = next(f for f in report["findings"] if f["code"] == "VAGUE002")
    assert vague["graph_path"] == [] and vague["clause"] is None
    assert vague["subject"] == {"kind": "trigger", "id": "arrears-four-weeks"}
    assert "clause 3.1" in vague["message"]  # the clauses the label decides are still named
    assert all(f["subject"] is None for f in report["findings"] if f["clause"] is not None)
