"""Readers: every format gives located paragraphs; furniture is dropped; bad files are refused."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from confide.commands.importing import documents
from confide.commands.importing.documents import DocumentError, read_document
from import_helpers import make_docx, make_pdf


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_docx_sections_numbers_lists_tables(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "p.docx", [
        ("Title", "A Hostel Policy"),
        ("h1", "1. Sharing"),
        ("Normal", "1.1 We will share information with the police where:"),
        ("List Bullet", "a resident is at risk of serious harm;"),
        ("List Bullet", "a court orders us to."),
        ("h1", "2. Agencies"),
    ], table=[["Agency", "What we share"], ["Probation", "Attendance"]], header="RUNNING HEADER")
    doc = read_document(path)
    assert "RUNNING HEADER" not in " ".join(texts(doc)) and "Page footer text" not in " ".join(texts(doc))
    body = [p for p in doc.paragraphs if p.role == "body"]
    assert body[0].number == "1.1" and body[0].text.startswith("We will share") and body[0].page == 1
    items = [p for p in doc.paragraphs if p.role == "list-item"]
    assert [p.item for p in items] == [1, 2] and all(doc.paragraphs[p.lead_in] is body[0] for p in items)
    row = [p for p in doc.paragraphs if p.role == "table-row"][0]
    assert row.cells == ("Probation", "Attendance") and row.header == ("Agency", "What we share") and row.page == 2


def test_docx_tracked_changes_are_accepted(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    path = make_docx(tmp_path / "t.docx", [("Normal", "We will tell the police.")])
    d = docx.Document(str(path))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p = d.paragraphs[0]._p
    p.append(parse_xml(f'<w:ins {ns} w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> Added.</w:t></w:r></w:ins>'))
    p.append(parse_xml(f'<w:del {ns} w:id="2" w:author="a"><w:r><w:delText> Deleted.</w:delText></w:r></w:del>'))
    d.save(str(path))
    assert texts(read_document(path))[0] == "We will tell the police. Added."


@pytest.mark.parametrize("content, message", [
    (b"this is not a zip file at all", "not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
])
def test_docx_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_docx_zip_without_body_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(DocumentError, match="not a Word document"):
        read_document(path)


def test_pdf_furniture_and_page_join(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "p.pdf", [
        ["1. Police", "", "1.1 We will share information with the police when a court order", "requires us to."],
        ["1.2 Staff must not confirm whether a person lives at the hostel, whether the caller is",
         "police or family"],
        ["and they must take a message instead.", "", "2. Records", "", "2.1 Records are kept for six years."],
    ])
    doc = read_document(path)
    joined = " ".join(texts(doc))
    assert "Example Trust" not in joined and "Page 1 of 3" not in joined
    p12 = next(p for p in doc.paragraphs if p.number == "1.2")
    assert p12.text.endswith("police or family and they must take a message instead.")
    assert p12.page == 2 and p12.page_end == 3
    assert next(p for p in doc.paragraphs if p.number == "2.1").page == 3


def test_pdf_table_rows(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "t.pdf", [[
        "The table shows the agencies we share with.", "",
        "Agency            What we share             When",
        "Probation         Attendance and any        Weekly",
        "                  risks",
        "Housing Options   Name and move-out date    On eviction",
    ]], header=None, footer=False)
    rows = [p for p in read_document(path).paragraphs if p.role == "table-row"]
    assert [r.cells for r in rows] == [("Probation", "Attendance and any risks", "Weekly"),
                                       ("Housing Options", "Name and move-out date", "On eviction")]
    assert rows[0].header == ("Agency", "What we share", "When")


def test_pdf_encrypted_refused_but_owner_only_opens(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "p.pdf", [["1.1 We will tell the police if a court orders us to."]])
    for name, user in (("locked.pdf", "secret"), ("owner.pdf", "")):
        w = PdfWriter(clone_from=PdfReader(str(plain)))
        w.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        with open(tmp_path / name, "wb") as fh:
            w.write(fh)
    with pytest.raises(DocumentError, match="password-protected"):
        read_document(tmp_path / "locked.pdf")
    assert "court orders" in " ".join(texts(read_document(tmp_path / "owner.pdf")))


def test_pdf_without_text_layer_refused(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    with pytest.raises(DocumentError, match="no text layer"):
        read_document(path)


@pytest.mark.parametrize("content", [b"%PDF-1.4\n1 0 obj <<>>\ntrailer<<>>\n%%EOF", b"plain words, not a PDF"])
def test_pdf_malformed_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    with pytest.raises(DocumentError):
        read_document(path)


def test_enormous_documents_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text(("We will share information with the police. " * 20 + "\n\n") * 2000, encoding="utf-8")
    with pytest.raises(DocumentError, match="too long"):
        read_document(big)
    monkeypatch.setattr(documents, "MAX_BYTES", 1000)
    with pytest.raises(DocumentError, match="too large"):
        read_document(big)


def test_pdf_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from confide.commands.importing import read_pdf

    path = make_pdf(tmp_path / "p.pdf", [["Some text about sharing information with people."]] * 3)
    monkeypatch.setattr(read_pdf, "MAX_PAGES", 2)
    with pytest.raises(DocumentError, match="3 pages"):
        read_document(path)


def test_txt_footer_and_form_feed_inside_paragraph(tmp_path: Path) -> None:
    footer = "\n" + "-" * 70 + "\nThe Policy | v1 | Page {} of 2\n"
    text = ("1. SHARING\n==========\n\n1.1   We will tell the police if a court\n"
            "      order requires us to, and we will\n" + footer.format(1) + "\f      tell the resident first.\n\n"
            "2. RECORDS\n==========\n\n2.1   Records are kept for six years.\n" + footer.format(2))
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    p11 = next(p for p in doc.paragraphs if p.number == "1.1")
    assert p11.text == "We will tell the police if a court order requires us to, and we will tell the resident first."
    assert next(p for p in doc.paragraphs if p.number == "2.1").page == 2
    assert "Page" not in " ".join(texts(doc))


def test_md_sections_tables_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# Title\n\nIntro.\n\n## One\n\nWe **will** tell your [GP](http://x).\n\n## Two\n\n"
                    "| Who | Consent |\n|---|---|\n| Your GP | No, but you can say no |\n", encoding="utf-8")
    doc = read_document(path)
    assert next(p for p in doc.paragraphs if "GP." in p.text).text == "We will tell your GP."
    row = next(p for p in doc.paragraphs if p.role == "table-row")
    assert row.text == "Your GP | No, but you can say no" and row.page == 2   # "## Two" is section 2


@pytest.mark.parametrize("name, content, message", [
    ("x.txt", b"PK\x03\x04binary", "not a text file"),
    ("x.odt", b"whatever", "cannot import"),
    ("x.doc", b"whatever", "old Word"),
    ("x.txt", b"", "empty"),
])
def test_other_refusals(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_pdf_two_columns_read_in_order(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    w, h = A4
    doc = BaseDocTemplate(str(tmp_path / "two.pdf"), pagesize=A4)
    doc.addPageTemplates([PageTemplate(frames=[Frame(40, 40, (w - 100) / 2, h - 80),
                                               Frame(60 + (w - 100) / 2, 40, (w - 100) / 2, h - 80)])])
    text = ("Staff must not tell callers whether a person lives at {} House, even if the caller says that "
            "they are a member of the family.")
    names = [a + b for a in ("Ash", "Birch", "Cedar", "Elm", "Fir") for b in ("ford", "ley", "wick", "ton", "by",
                                                                              "ham", "stead", "field")]
    doc.build([Paragraph(f"{i}.1 {text.format(names[i - 1])}", getSampleStyleSheet()["BodyText"])
               for i in range(1, 41)])
    paras = [p for p in read_document(tmp_path / "two.pdf").paragraphs if p.page == 1]
    assert all(p.role == "body" and p.text == text.format(names[n - 1]) for n, p in enumerate(paras, start=1))
    assert [p.number for p in paras] == [f"{i}.1" for i in range(1, len(paras) + 1)] and len(paras) > 25


def test_clause_number_with_trailing_stop(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("4.1. We will tell the police if a court orders us to.\n", encoding="utf-8")
    p = read_document(path).paragraphs[0]
    assert (p.number, p.text) == ("4.1", "We will tell the police if a court orders us to.")
