"""The JSON report's own record encoder writes exactly what ``json.dumps(..., indent=2)`` writes."""

from __future__ import annotations

import json
from typing import Any

from confide.findings import Finding, Severity
from confide.report.records import finding_record, indented_json, json_record
from confide.source import Span
from hypothesis import given, settings
from hypothesis import strategies as st

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=8), inner, max_size=4),
    st.dictionaries(st.integers(), inner, max_size=2)), max_leaves=12)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_finding_record_with_every_kind_of_value() -> None:
    finding = Finding("LAW001", Severity.ERROR, Span("p \"q\".protocol", 3, 1, 4, 2), "line\nbreak \u2028 é \x00 \\",
                      clause="1.2", suggestion="clause 1.2\n  staff may share a with b", path=("1.2", "3"),
                      waiver="agreed")
    record = finding_record(finding)
    assert indented_json(record) == json.dumps(record, indent=2, ensure_ascii=False)


def test_a_record_in_the_report_is_the_indented_json_of_the_record_four_spaces_in() -> None:
    for code, path in (("LAW001", ()), ("LAW001", ("1.2",)), ("NOT-A-CODE", ("1.2", "3 \"x\""))):
        finding = Finding(code, Severity.ERROR, Span("p.protocol", 3, 1, 4, 2), "m\n\u2028",
                          clause="1.2" if path else None, path=path,
                          waiver=None if path else "agreed", waiver_expired=len(path) == 1,
                          suggestion="clause 1.2\n  staff may share a with b" if path else "")
        expected = "    " + indented_json(finding_record(finding)).replace("\n", "\n    ")
        assert json_record(finding) == expected
