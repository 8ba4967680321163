"""`confide graph`: DOT, Mermaid and SVG exports, with protocol text always escaped."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]
HOSTILE = 'Police "HQ" | <script>alert(1)</script> # x; `y` \\ z'


def hostile(tmp_path: Path) -> str:
    path = tmp_path / "h.protocol"
    label = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(textwrap.dedent(f"""\
        protocol "Title with \\"quotes\\" and <b>tags</b>"
          organisation "Org"
          clients adults

        recipient cops "{label}"
          kind police

        clause 1 "With consent"
          staff may share identity with cops
          consent required
        """), encoding="utf-8")
    return str(path)


def test_dot_has_every_flow_with_its_status(cli: Cli) -> None:
    code, out, _ = cli("graph", str(ROOT / "protocols" / "hostel-blanket-police-referral.protocol"))
    assert code == 0 and out.startswith("digraph obligations {")
    assert ('n0 -> n1 [label="identity, suspected-activity, drug-test-results\\n(clause 7.1: not justified)", '
            'color="#b00020", style=dashed];') in out


def test_dot_escapes_labels(tmp_path: Path, cli: Cli) -> None:
    _, out, _ = cli("graph", hostile(tmp_path), "--format", "dot")
    assert 'n1 [label="Police \\"HQ\\" | <script>alert(1)</script> # x; `y` \\\\ z"];' in out
    for line in out.splitlines()[1:-1]:
        assert re.fullmatch(r'\s*(\w+( -> \w+)? \[.*\]|[\w]+=.*|node \[.*\]|edge \[.*\]);', line), line


def test_mermaid_escapes_labels(tmp_path: Path, cli: Cli) -> None:
    _, out, _ = cli("graph", hostile(tmp_path), "--format", "mermaid")
    node = next(line for line in out.splitlines() if line.strip().startswith("n1["))
    assert node.strip() == ('n1["Police #quot;HQ#quot; #124; #lt;script#gt;alert(1)#lt;/script#gt; '
                            '#35; x#59; #96;y#96; \\ z"]')
    assert 'title: "Title with \\"quotes\\" and <b>tags</b>"' in out
    assert '  n0 -->|"identity (clause 1: with consent)"| n1' in out


def test_svg_is_escaped(tmp_path: Path, cli: Cli) -> None:
    code, out, _ = cli("graph", hostile(tmp_path), "--format", "svg")
    assert code == 0 and out.startswith("<svg") and "<script>" not in out and "&lt;script&gt;" in out


def test_sharing_with_the_nominated_officer_is_drawn_as_internal_never_as_consented(tmp_path: Path, cli: Cli) -> None:
    """§3: telling the service's own safeguarding lead discloses nothing, so the drawing must not
    call a `consent not-required` clause "with consent" (nor "not justified")."""
    path = tmp_path / "lead.protocol"
    path.write_text(textwrap.dedent("""\
        protocol "Lead"
          organisation "Org"
          clients adults

        recipient lead "Our safeguarding lead"
          kind nominated-officer

        data stats "Anonymised counts"
          kind anonymised

        clause 1 "Tell the lead"
          staff must share identity with lead
          consent not-required

        clause 2 "Counts to the council"
          staff may share stats with childrens-social-care
          consent not-required
        """), encoding="utf-8")
    outputs = {fmt: cli("graph", str(path), "--format", fmt)[1] for fmt in ("mermaid", "dot", "svg")}
    assert '-.->|"identity (clause 1: internal, not a disclosure)"|' in outputs["mermaid"]
    assert '-.->|"stats (clause 2: anonymised, not a disclosure)"|' in outputs["mermaid"]
    assert '(clause 1: internal, not a disclosure)", color="#5f6368", style=dotted];' in outputs["dot"]
    assert "Our safeguarding lead: clause 1, internal, not a disclosure" in outputs["svg"]
    assert "internal, not a disclosure (dotted)" in outputs["svg"]  # the legend says what the grey line is
    assert all("with consent)" not in out and "clause 1, with consent" not in out for out in outputs.values())
    _, html, _ = cli("check", str(path), "--format", "html")
    assert "<td>internal, not a disclosure</td>" in html and "<td>with consent</td>" not in html
