"""`confide import`: drafts that check like any protocol, JSON for the scorer, and bad documents refused."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from import_helpers import OWN_PROSE, SAMPLES, SHARED_PROSE, import_items, make_pdf

Cli = Callable[..., tuple[int, str, str]]
DOCUMENTS = OWN_PROSE + [SHARED_PROSE / n for n in SAMPLES if (SHARED_PROSE / n).exists()]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_draft_checks_with_no_input_error(cli: Cli, tmp_path: Path, document: Path) -> None:
    draft = tmp_path / "draft.protocol"
    code, _, err = cli("import", str(document), "-o", str(draft))
    assert code == 0, err
    code, out, err = cli("check", str(draft), "--format", "json", "--no-cache")
    assert code in (0, 1), err
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert not [c for c in codes if re.fullmatch(r"E\d+", c)], codes
    lines = draft.read_text(encoding="utf-8").splitlines()
    clauses = [n for n, line in enumerate(lines) if line.startswith("clause ")]
    shares = [d for d in import_items(document) if d["kind"] in ("share-clause", "prohibition")]
    assert len(clauses) == len(shares) > 0
    for n in clauses:                      # each clause is preceded by its source quote
        block = lines[max(0, n - 12):n]
        source = [line for line in block if line.startswith("# from: ")][-1]
        assert re.match(rf"# from: {re.escape(document.name)} (p|§)\.?\d+ ¶\d+: \".+\"$", source)


def test_json_is_the_scorer_format(cli: Cli, tmp_path: Path) -> None:
    document = OWN_PROSE[0]
    code, out, _ = cli("import", str(document), "--format", "json")
    items = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and items == import_items(document)
    assert all({"ref", "doc", "quotes", "kind"} <= set(d) for d in items)


def test_a_trigger_means_a_standard_only_where_its_wording_uses_the_signals(cli: Cli, tmp_path: Path) -> None:
    policy = tmp_path / "policy.md"
    policy.write_text("# Hostel confidentiality policy\n\n## Sharing\n\n"
                      "We will tell the police without the resident's consent if we believe that a resident has "
                      "made a threat to kill someone.\n\n"
                      "We will tell the council without consent where it is in the interests of the hostel.\n",
                      encoding="utf-8")
    code, out, _ = cli("import", str(policy))
    assert code == 0
    triggers = re.findall(r'^trigger (\S+) "([^"]*)"\n((?:  .*\n)*)', out, re.M)
    means = {words: body.strip() for _, words, body in triggers}
    assert any("threat to kill" in w and "means serious-harm-to-others" in b for w, b in means.items())
    assert any("interests of the hostel" in w and "means" not in b for w, b in means.items())


def test_draft_is_deterministic(cli: Cli) -> None:
    runs = [cli("import", str(OWN_PROSE[2]))[1] for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].count("\nclause ") > 3


def test_existing_output_is_not_overwritten(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "mine.protocol"
    target.write_text("# my own work\n", encoding="utf-8")
    code, _, err = cli("import", str(OWN_PROSE[0]), "-o", str(target))
    assert code == 2 and "already exists" in err and target.read_text(encoding="utf-8") == "# my own work\n"


def _encrypted(tmp_path: Path, algorithm: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["1.1 We will tell the police if a court orders us to."]])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm=algorithm)
    path = tmp_path / f"locked-{algorithm}.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _scanned(tmp_path: Path) -> Path:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(3):                     # a picture of each page, no text layer
        for y in range(60, 760, 12):
            c.rect(50, y, 480, 6, fill=1)
        c.showPage()
    c.save()
    return path


def _enormous(tmp_path: Path) -> Path:
    path = tmp_path / "handbook.pdf"
    with open(path, "wb") as fh:           # sparse: 41 MB on paper, nothing on disk
        fh.write(b"%PDF-1.7\n")
        fh.truncate(41 * 1024 * 1024)
    return path


def _many_pages(tmp_path: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(260):
        writer.add_blank_page(595, 842)
    path = tmp_path / "archive.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _long_text(tmp_path: Path) -> Path:
    path = tmp_path / "everything.txt"
    path.write_text(("We will share information with the police. " * 20 + "\n\n") * 2000, encoding="utf-8")
    return path


def _bytes(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path
    return make


@pytest.mark.parametrize("make, message", [
    (_bytes("truncated.pdf", b"%PDF-1.4\n1 0 obj <<>>\ntrailer<<>>\n%%EOF"), "damaged|no text"),
    (_bytes("garbage.pdf", b"these are words, not a PDF"), "not a PDF"),
    (_bytes("broken.docx", b"PK\x03\x04 but not really a zip file"), "not a Word document|damaged"),
    (_bytes("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "password-protected"),
    (_bytes("renamed.txt", b"PK\x03\x04\x14\x00binary"), "not a text file"),
    (lambda tmp: _encrypted(tmp, "RC4-128"), "password-protected"),
    (_scanned, "no text layer"),
    (_enormous, "too large"),
    (_many_pages, "260 pages"),
    (_long_text, "too long"),
], ids=["truncated-pdf", "not-a-pdf", "broken-docx", "encrypted-docx", "renamed-binary", "encrypted-pdf",
        "scanned-pdf", "enormous-file", "too-many-pages", "too-much-text"])
def test_a_bad_document_gets_a_clear_message_and_exit_2(cli: Cli, tmp_path: Path,
                                                        make: Callable[[Path], Path], message: str) -> None:
    path = make(tmp_path)
    code, out, err = cli("import", str(path), "-o", str(tmp_path / "draft.protocol"))
    assert code == 2 and out == ""
    assert err.startswith(f"confide: {path.name}: ") and err.count("\n") == 1 and "Traceback" not in err
    assert re.search(message, err), err
    assert not (tmp_path / "draft.protocol").exists()


def test_the_same_statement_in_two_documents_gives_the_same_clause(cli: Cli, tmp_path: Path) -> None:
    sentence = ("If we believe that a resident has made a threat to kill someone, the manager will tell the police "
                "without the resident's consent.")
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text(f"# Hostel policy\n\n## Police\n\n{sentence}\n", encoding="utf-8")
    second.write_text(f"# Another policy\n\n## Intro\n\nWe keep records securely.\n\n## Risk\n\n{sentence}\n",
                      encoding="utf-8")

    def clause(path: Path) -> list[str]:
        text = cli("import", str(path))[1]
        block = text.split("\nclause ", 1)[1].split("\n\n", 1)[0].splitlines()
        return block[1:]                   # the clause's lines, without its REF and title
    assert clause(first) == clause(second) and any(line.startswith("  when ") for line in clause(first))
