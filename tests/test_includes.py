"""Includes: a partnership agreement brought into a protocol, safely.

An include may only reach files inside the folder being checked, so checking a folder never
reads anything else; cycles and runaway nesting are errors, not hangs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.check import Checker
from confide.config import Settings
from confide.findings import Finding
from confide.loader import MAX_INCLUDE_DEPTH

MAIN = """\
protocol "Main"
  service supported-housing
  clients adults
include "{target}"
clause 1
  staff may share identity with police
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings_for(path: Path, root: Path | None = None) -> list[Finding]:
    """Check ``root`` (a folder) or ``path`` alone, and return the findings about ``path``'s result."""
    results = list(check([str(root or path)], Settings()))
    return [f for r in results if Path(r.path).resolve() == path.resolve() for f in r.findings]


def e003(findings: list[Finding]) -> list[str]:
    return [f.message for f in findings if f.code == "E003"]


def test_relative_include_in_a_subfolder_is_followed(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="shared/partners.protocol"))
    write(tmp_path / "shared" / "partners.protocol",
          'protocol "Partners"\nrecipient probation-team\n  kind probation\n')
    checked = Checker().open(str(main))
    unit = checked.unit
    assert unit is not None and "probation-team" in unit.recipients
    assert e003(list(checked.findings)) == []


def test_include_paths_are_relative_to_the_including_file(tmp_path: Path) -> None:
    # main -> a/one.protocol -> two.protocol means a/two.protocol, not ./two.protocol.
    main = write(tmp_path / "main.protocol", MAIN.format(target="a/one.protocol"))
    write(tmp_path / "a" / "one.protocol", 'protocol "One"\ninclude "two.protocol"\n')
    write(tmp_path / "a" / "two.protocol", 'protocol "Two"\nrecipient hub\n  kind marac\n')
    write(tmp_path / "two.protocol", 'protocol "Decoy"\nrecipient decoy\n  kind police\n')
    unit = Checker().check(main, str(main), tmp_path).unit
    assert unit is not None and Path(unit.source.path).name == "main.protocol"
    assert "hub" in unit.recipients and "decoy" not in unit.recipients
    assert e003(findings_for(main, tmp_path)) == []


def test_declarations_from_an_include_are_visible_to_the_includer(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", """\
protocol "Main"
  service supported-housing
  clients adults
include "partners.protocol"
clause 1
  when partner-concern
  staff may share risk-information with probation-team
""")
    write(tmp_path / "partners.protocol", """\
protocol "Partners"
recipient probation-team
  kind probation
trigger partner-concern
  means serious-harm-to-others
""")
    assert [f.code for f in findings_for(main) if f.code.startswith("E")] == []


def test_an_undeclared_name_is_still_caught_with_an_include(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="partners.protocol").replace(
        "with police", "with probaton-team"))
    write(tmp_path / "partners.protocol", 'protocol "Partners"\nrecipient probation-team\n  kind probation\n')
    (unknown,) = [f for f in findings_for(main) if f.code == "E002"]
    assert "did you mean 'probation-team'?" in unknown.message


def test_include_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "secret.protocol", 'protocol "Outside"\n')
    checked = tmp_path / "checked"
    main = write(checked / "main.protocol", MAIN.format(target="../secret.protocol"))
    (message,) = e003(findings_for(main, checked))
    assert "leaves the folder being checked" in message


def test_absolute_include_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.protocol", 'protocol "Outside"\n')
    main = write(tmp_path / "checked" / "main.protocol", MAIN.format(target=str(outside)))
    (message,) = e003(findings_for(main, tmp_path / "checked"))
    assert "leaves the folder being checked" in message


def test_include_through_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.protocol", 'protocol "Outside"\nrecipient x\n  kind police\n')
    checked = tmp_path / "checked"
    main = write(checked / "main.protocol", MAIN.format(target="link.protocol"))
    try:
        os.symlink(outside, checked / "link.protocol")
    except OSError:
        pytest.skip("symbolic links are not available here")
    findings = findings_for(main, checked)
    (message,) = e003(findings)
    assert "leaves the folder being checked" in message


def test_include_through_a_symlinked_folder_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "outside" / "secret.protocol", 'protocol "Outside"\n')
    checked = tmp_path / "checked"
    main = write(checked / "main.protocol", MAIN.format(target="shared/secret.protocol"))
    try:
        os.symlink(tmp_path / "outside", checked / "shared", target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    assert len(e003(findings_for(main, checked))) == 1


def test_missing_include(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="partners.protocol"))
    (message,) = e003(findings_for(main))
    assert message == 'included file "partners.protocol" does not exist'


def test_include_of_a_folder(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="shared"))
    (tmp_path / "shared").mkdir()
    (message,) = e003(findings_for(main))
    assert "names a folder" in message


def test_include_cycle_is_an_error_not_a_hang(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="b.protocol"))
    write(tmp_path / "b.protocol", 'protocol "B"\ninclude "main.protocol"\n')
    (finding,) = [f for f in findings_for(main) if f.code == "E003"]
    assert finding.message == 'include cycle: main.protocol -> b.protocol -> main.protocol (in "b.protocol", line 2)'
    # At the protocol's own include line, so that its report quotes it with a caret.
    assert (finding.span.path, finding.span.line, finding.span.column) == (str(main), 4, 9)


def test_a_file_including_itself_is_a_cycle(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="main.protocol"))
    (message,) = e003(findings_for(main))
    assert "include cycle" in message


def test_the_same_file_reached_twice_without_a_cycle_counts_once(tmp_path: Path) -> None:
    # main -> a, main -> b, a -> common, b -> common: a diamond, not a cycle or a duplicate.
    main = write(tmp_path / "main.protocol", MAIN.format(target="a.protocol") + 'include "b.protocol"\n')
    write(tmp_path / "a.protocol", 'protocol "A"\ninclude "common.protocol"\n')
    write(tmp_path / "b.protocol", 'protocol "B"\ninclude "common.protocol"\n')
    write(tmp_path / "common.protocol", 'protocol "Common"\nrecipient hub\n  kind marac\n')
    findings = findings_for(main)
    assert [f.code for f in findings if f.code.startswith("E")] == []


def chain(tmp_path: Path, links: int) -> Path:
    """main.protocol including f1, f1 including f2 ... ``links`` includes deep."""
    main = write(tmp_path / "main.protocol", MAIN.format(target="f1.protocol"))
    for n in range(1, links):
        write(tmp_path / f"f{n}.protocol", f'protocol "F{n}"\ninclude "f{n + 1}.protocol"\n')
    write(tmp_path / f"f{links}.protocol", f'protocol "F{links}"\nrecipient deep\n  kind police\n')
    return main


def test_includes_may_nest_sixteen_deep(tmp_path: Path) -> None:
    main = chain(tmp_path, MAX_INCLUDE_DEPTH)
    result = Checker().open(str(main))
    assert e003(list(result.findings)) == []
    assert result.unit is not None and "deep" in result.unit.recipients


def test_includes_nesting_deeper_than_sixteen_are_refused(tmp_path: Path) -> None:
    main = chain(tmp_path, MAX_INCLUDE_DEPTH + 1)
    result = Checker().open(str(main))
    (message,) = e003(list(result.findings))
    assert "more than 16 deep" in message
    assert result.unit is not None and "deep" not in result.unit.recipients


def test_an_include_with_syntax_errors_is_reported_at_the_include_line(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="partners.protocol"))
    write(tmp_path / "partners.protocol", 'protocol "Partners"\nclause P1\n  police must not share identity with x\n')
    (finding,) = [f for f in findings_for(main) if f.code == "E003"]
    assert (finding.span.line, finding.span.column) == (4, 9)
    assert 'included file "partners.protocol" has errors (line 3:' in finding.message


def test_an_include_with_an_unknown_name_is_reported_at_the_include_line_and_stops_the_rules(tmp_path: Path) -> None:
    """A misspelt kind or standard in a partnership agreement must not be judged as written:
    the includer is told at its include line, as for a syntax error, and no rule runs on it.
    """
    main = write(tmp_path / "main.protocol", MAIN.format(target="agreement.txt"))
    write(tmp_path / "agreement.txt", 'protocol "Partners"\nrecipient probation-team "Probation"\n'
                                      "  kind probaton\ntrigger harm\n  means serious-harm-to-otherz\n")
    found = findings_for(main)
    (finding,) = [f for f in found if f.code == "E003"]
    assert (finding.span.line, finding.span.column) == (4, 9)
    assert finding.message == ("an included file has errors: unknown recipient kind 'probaton'; "
                               'did you mean \'probation\'? (in "agreement.txt", line 3)')
    assert [f.code for f in found] == ["E003"]  # and nothing judged on the misspelt names


def test_a_name_declared_in_two_included_files_is_reported_at_the_include(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="a.protocol") + 'include "b.protocol"\n')
    write(tmp_path / "a.protocol", 'protocol "A"\nrecipient hub\n  kind marac\n')
    write(tmp_path / "b.protocol", 'protocol "B"\nrecipient hub\n  kind childrens-social-care\n')
    (duplicate,) = [f for f in findings_for(main) if f.code == "E004"]
    assert (Path(duplicate.span.path).name, duplicate.span.line, duplicate.span.column) == ("main.protocol", 7, 9)
    message = duplicate.message
    assert message.startswith("recipient 'hub' is declared in both ")
    assert "a.protocol (line 2) and " in message
    assert message.endswith("b.protocol (line 2), which this protocol includes")


def test_a_duplicate_deeper_down_is_reported_at_the_top_level_include(tmp_path: Path) -> None:
    main = write(tmp_path / "main.protocol", MAIN.format(target="a.protocol"))
    write(tmp_path / "a.protocol", 'protocol "A"\ninclude "b.protocol"\nrecipient hub\n  kind marac\n')
    write(tmp_path / "b.protocol", 'protocol "B"\nrecipient hub\n  kind marac\n')
    (duplicate,) = [f for f in findings_for(main) if f.code == "E004"]
    assert (Path(duplicate.span.path).name, duplicate.span.line) == ("main.protocol", 4)
