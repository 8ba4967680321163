"""The parser reads every line of the language, whatever the file's line endings and layout.

These tests go text -> :class:`Document` (parse + transform) and assert what a service
manager would rely on: each line lands in the right place, with the line and column a
finding about it would point at.
"""

from __future__ import annotations

import textwrap

import pytest
from confide.language.build import build
from confide.language.model import Document
from confide.language.parse import MAX_SYNTAX_ERRORS, parse
from confide.source import SourceFile


def document(text: str, dedent: bool = True) -> Document:
    """Parse and build ``text``, asserting that it is valid."""
    body = textwrap.dedent(text) if dedent else text
    parsed = parse(SourceFile("p.protocol", body))
    assert parsed.errors == (), [e.message for e in parsed.errors]
    assert parsed.tree is not None
    built, findings = build(parsed.tree, "p.protocol")
    assert findings == [], [f.message for f in findings]
    return built


def test_share_line_keeps_subject_modality_data_and_recipients_in_order() -> None:
    doc = document("""\
        clause 1
          staff must share identity, suspected-activity with police, probation
        """)
    share = doc.clauses[0].shares[0]
    assert (share.subject.text, share.modality.text) == ("staff", "must")
    assert [d.text for d in share.data] == ["identity", "suspected-activity"]
    assert [r.text for r in share.recipients] == ["police", "probation"]
    assert share.by_staff and not share.publish


@pytest.mark.parametrize("modality", ["must", "may", "must-not"])
def test_every_modality_parses(modality: str) -> None:
    doc = document(f"clause 1\n  staff {modality} share identity with police\n")
    assert doc.clauses[0].shares[0].modality.text == modality


def test_a_recipient_can_be_the_subject_of_a_share_line() -> None:
    doc = document("clause P1\n  police may share risk-information with probation\n")
    share = doc.clauses[0].shares[0]
    assert share.subject.text == "police" and not share.by_staff
    assert (share.subject.span.line, share.subject.span.column) == (2, 3)


def test_publish_line_has_no_recipients() -> None:
    doc = document("clause 1\n  staff may publish attendance\n")
    share = doc.clauses[0].shares[0]
    assert share.publish and share.recipients == ()
    assert [d.text for d in share.data] == ["attendance"]


def test_several_share_lines_in_one_clause_are_all_kept() -> None:
    doc = document("""\
        clause 1
          staff may share identity with police
          staff must-not share treatment-content with police
        """)
    assert [s.modality.text for s in doc.clauses[0].shares] == ["may", "must-not"]


def test_crlf_line_endings_parse_like_lf() -> None:
    text = 'protocol "A"\r\n  version "1"\r\nclause 1\r\n  staff may share identity with police\r\n'
    doc = document(text, dedent=False)
    assert doc.header is not None and doc.header.version is not None
    assert doc.header.version.text == "1"
    assert doc.clauses[0].shares[0].span.line == 4


def test_byte_order_mark_at_the_start_is_ignored() -> None:
    doc = document('\ufeffprotocol "A"\n  version "1"\n', dedent=False)
    assert doc.header is not None and doc.header.title.text == "A"


def test_tabs_indent_like_spaces_and_count_as_one_column() -> None:
    doc = document('protocol "A"\n\tversion\t"1"\nclause 1\n\tstaff\tmay share identity with police\n', dedent=False)
    assert doc.header is not None and doc.header.version is not None
    assert (doc.header.version.span.line, doc.header.version.span.column) == (2, 10)
    share = doc.clauses[0].shares[0]
    assert (share.modality.span.line, share.modality.span.column) == (4, 8)


def test_no_final_newline_is_fine() -> None:
    doc = document("clause 1\n  staff may share identity with police", dedent=False)
    assert doc.clauses[0].shares[0].recipients[0].text == "police"


def test_comments_anywhere_are_ignored() -> None:
    doc = document("""\
        # a file comment
        protocol "A"   # after a header
          # inside a block
          version "1"  # after a line
        # between blocks

        clause 1 "T"   # after a clause head
          staff may share identity with police  # after a share line
          steps consult-supervisor # after steps
        # at the end""")
    assert doc.header is not None and doc.header.version is not None
    assert [s.text for s in doc.clauses[0].steps] == ["consult-supervisor"]


def test_hash_inside_quotes_is_text_not_a_comment() -> None:
    doc = document('protocol "Room #4 protocol"\n')
    assert doc.header is not None and doc.header.title.text == "Room #4 protocol"


def test_escaped_quotes_and_backslashes_in_text() -> None:
    doc = document(r'''clause 1 "The \"dealing\" clause \\ v2"
          staff may share identity with police
          timing "within one \"working\" day"
        ''')
    clause = doc.clauses[0]
    assert clause.title is not None and clause.title.text == 'The "dealing" clause \\ v2'
    assert clause.timing is not None and clause.timing.text == 'within one "working" day'


def test_blank_lines_and_indentation_are_cosmetic() -> None:
    doc = document("""\


        recipient police

                  kind police
        clause 1
        staff may share identity with police
        """)
    assert doc.recipients[0].kind is not None and doc.recipients[0].kind.text == "police"
    assert doc.clauses[0].shares[0].span.line == 7


def test_clause_refs_can_be_dotted_numbers_or_words() -> None:
    doc = document("""\
        clause 4.2.1
          staff may share identity with police
        clause P1
          staff may share identity with police
        clause 12
          staff may share identity with police
        """)
    assert [c.ref.text for c in doc.clauses] == ["4.2.1", "P1", "12"]


def test_a_file_may_hold_only_comments() -> None:
    parsed = parse(SourceFile("p.protocol", "# nothing yet\n"))
    assert parsed.errors == () and parsed.tree is not None


def test_every_syntax_error_in_a_file_is_reported_in_one_run() -> None:
    text = textwrap.dedent("""\
        protocol "A"
        clause 1
          staff must not share identity with police
        clause 2
          staff may share identity to police
        clause 3
          steeps consult-supervisor
        """)
    parsed = parse(SourceFile("p.protocol", text))
    assert parsed.tree is None
    assert [e.span.line for e in parsed.errors] == [3, 5, 7]


def test_syntax_errors_stop_at_twenty_per_file() -> None:
    text = "clause 1\n" + "  staff must not share identity with police\n" * 30
    parsed = parse(SourceFile("p.protocol", text))
    assert len(parsed.errors) == MAX_SYNTAX_ERRORS == 20
    assert [e.span.line for e in parsed.errors] == list(range(2, 22))
