"""`confide check --format docx --source POLICY.docx`: the policy with one Word comment per finding."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from import_helpers import OWN_PROSE, SAMPLES, SHARED_PROSE

Cli = Callable[..., tuple[int, str, str]]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WORD = [p for p in OWN_PROSE if p.suffix == ".docx"] + \
    [SHARED_PROSE / n for n in SAMPLES if n.endswith(".docx") and (SHARED_PROSE / n).exists()]


def anchored(document: object) -> dict[str, str]:
    """Comment id -> the text of the paragraph its range starts in."""
    body = document.element.body  # type: ignore[attr-defined]
    out = {}
    for p in body.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        for start in p.iter(W + "commentRangeStart"):
            out[start.get(W + "id")] = text
    return out


@pytest.mark.parametrize("policy", WORD, ids=lambda p: p.name)
def test_one_comment_per_finding_on_its_source_paragraph(cli: Cli, tmp_path: Path, policy: Path) -> None:
    import docx

    draft, reviewed = tmp_path / "draft.protocol", tmp_path / "reviewed.docx"
    assert cli("import", str(policy), "-o", str(draft))[0] == 0
    code, out, _ = cli("check", str(draft), "--format", "json", "--no-cache")
    findings = json.loads(out)["findings"]
    code_docx, _, err = cli("check", str(draft), "--format", "docx", "--source", str(policy), "-o", str(reviewed))
    assert code_docx == code, err
    document = docx.Document(str(reviewed))
    comments = list(document.comments)
    assert len(comments) == len(findings) > 0
    assert sorted(c.text.split(" ", 1)[0] for c in comments) == sorted(f["code"] for f in findings)
    assert all(c.author == "confide" for c in comments)

    text = draft.read_text(encoding="utf-8")
    quotes = dict(re.findall(r'^# from: .*?: "(.*)"\n(?:#.*\n)*clause (\S+)', text, re.M))
    quotes = {ref: quote for quote, ref in quotes.items()}
    on = anchored(document)
    title = document.paragraphs[0].text if document.paragraphs else ""
    checked_clause = 0
    for comment in comments:
        paragraph = on[str(comment.comment_id)]
        found = re.search(r"\(clause (\S+)\)", comment.text.split("\n", 1)[0])
        if found and found.group(1) in quotes:
            quote = quotes[found.group(1)]
            assert paragraph[:25] in quote or quote[:25] in paragraph, (comment.text, paragraph)
            checked_clause += 1
        elif comment.text.startswith(("FDAP001", "LAW005", "FDAP007", "REVIEW001")):
            assert paragraph == title or paragraph in [p.text for p in document.paragraphs[:3]]
    assert checked_clause > 0
    suggestion = next(c for c in comments if "Suggested rewording:" in c.text)
    assert re.search(r"Suggested rewording:\nclause \S+", suggestion.text)


def test_the_source_must_be_word_and_is_never_overwritten(cli: Cli, tmp_path: Path) -> None:
    policy = next(p for p in OWN_PROSE if p.suffix == ".docx")
    draft = tmp_path / "draft.protocol"
    cli("import", str(policy), "-o", str(draft))
    pdf = next(p for p in OWN_PROSE if p.suffix == ".pdf")
    code, _, err = cli("check", str(draft), "--format", "docx", "--source", str(pdf), "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "only a Word (.docx) policy" in err
    code, _, err = cli("check", str(draft), "--format", "docx", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "--source" in err
    copy = tmp_path / policy.name
    copy.write_bytes(policy.read_bytes())
    code, _, err = cli("check", str(draft), "--format", "docx", "--source", str(copy), "-o", str(copy))
    assert code == 2 and "new file" in err and copy.read_bytes() == policy.read_bytes()
