"""Draft items: format, vocabulary, determinism, and the issue's targets on the samples and our own prose."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from confide import vocabulary as V
from confide.commands.importing.documents import read_document
from confide.commands.importing.items import to_jsonl
from import_helpers import (
    OWN_GOLD,
    OWN_PROSE,
    PROSE5,
    PROSE5_GOLD,
    PROSE6,
    PROSE6_GOLD,
    SAMPLES,
    SHARED_PROSE,
    import_items,
    library,
    load_score,
)

SCORER = load_score()


def all_items(paths: list[Path]) -> list[dict[str, Any]]:
    return [d for p in paths for d in import_items(p)]


@pytest.fixture(scope="module")
def own_items() -> list[dict[str, Any]]:
    return all_items(OWN_PROSE)


def test_items_use_the_v2_vocabulary(own_items: list[dict[str, Any]]) -> None:
    refs: set[tuple[str, str]] = set()
    for d in own_items:
        assert d["quotes"] and d["doc"] and "location" in d and isinstance(d["flags"], list)
        assert (d["doc"], d["ref"]) not in refs
        refs.add((d["doc"], d["ref"]))
        if d["kind"] in ("share-clause", "prohibition"):
            assert d["modality"] in V.MODALITIES
            assert (d["kind"] == "prohibition") == (d["modality"] == "must-not")
            assert d["recipient_kinds"] and set(d["recipient_kinds"]) <= V.RECIPIENT_KINDS
            assert set(d["data"]) <= V.DATA_KINDS and set(d["steps"]) <= set(V.STEPS)
            assert d["consent"] in V.CONSENT_MODES and set(d["standards"]) <= set(library().standards)
            assert set(d["thresholds"]) <= set(V.THRESHOLDS)


def test_quotes_are_in_the_document(own_items: list[dict[str, Any]]) -> None:
    for path in OWN_PROSE:
        text = " ".join(p.text for p in read_document(path).paragraphs)
        for d in own_items:
            if d["doc"] == path.stem:
                assert d["quotes"][0] in text


def test_output_is_deterministic() -> None:
    runs = [to_jsonl(all_items(OWN_PROSE[:4])) for _ in range(2)]
    assert runs[0] == runs[1]


def test_same_statement_same_item(md: Any) -> None:
    sentence = "If we suspect a resident is dealing drugs in the hostel, the manager will report it to the police."
    a = md("# Hostel A\n\n## Drugs\n\nWe keep records securely.\n\n" + sentence + "\n", name="a.md")
    b = md("## Rules\n\n" + sentence + "\n\n## Other\n\nWe may share information with your GP if you agree.\n",
           name="b.md")

    def core(items: list[dict[str, Any]]) -> dict[str, Any]:
        d = next(x for x in items if x["quotes"] == [sentence])
        return {k: v for k, v in d.items() if k not in ("ref", "doc", "location")}
    assert core(a) == core(b)


def summary(draft: list[dict[str, Any]], gold_paths: list[Path]) -> dict[str, float]:
    assert SCORER is not None
    gold = [json.loads(line) for p in gold_paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    r = SCORER.score(gold, draft)
    acc = r["field_accuracy"]
    return {"recall": r["recall"]["share+prohibition, core"][2],
            "precision": r["precision"]["clauses on a sharing rule"][2],
            "modality": acc["modality"][0], "recipient": acc["recipient_kind"][0], "consent": acc["consent"][0]}


def meets_the_targets(s: dict[str, float]) -> None:
    """The issue's targets: recall 85 % of core sharing rules (half-quote coverage); modality and recipient
    kind right on 80 % and consent on 70 % of those; 70 % of the clauses on a sharing rule."""
    assert s["recall"] >= 0.85 and s["precision"] >= 0.70, s
    assert s["modality"] >= 0.80 and s["recipient"] >= 0.80 and s["consent"] >= 0.70, s


@pytest.mark.skipif(SCORER is None, reason="../shared/prose (the samples and score.py) is not on this machine")
def test_targets_on_the_samples() -> None:
    paths = [SHARED_PROSE / n for n in SAMPLES]
    meets_the_targets(summary(all_items(paths), [p.with_suffix(".jsonl") for p in paths]))


@pytest.mark.skipif(SCORER is None, reason="../shared/prose/score.py is not on this machine")
def test_targets_on_own_prose(own_items: list[dict[str, Any]]) -> None:
    meets_the_targets(summary(own_items, OWN_GOLD))


@pytest.mark.skipif(SCORER is None, reason="../shared/prose/score.py is not on this machine")
def test_the_auditors_policies_keep_their_scores() -> None:
    """prose5 (junction.docx, brannock.pdf): the figures reached when the audit's faults were
    fixed (docs/import.md), so that a later change cannot quietly lose them.
    """
    s = summary(all_items(PROSE5), [PROSE5_GOLD])
    meets_the_targets(s)
    assert s["recall"] >= 0.94 and s["precision"] >= 0.93 and s["consent"] >= 0.93, s


@pytest.mark.skipif(SCORER is None, reason="../shared/prose/score.py is not on this machine")
def test_the_third_rounds_policies_keep_their_scores() -> None:
    """prose6 (amberley.md, hollins.txt): first contact gave recall 53/63 and clause precision
    0.70; these are the figures after the fix (docs/import.md).
    """
    s = summary(all_items(PROSE6), [PROSE6_GOLD])
    meets_the_targets(s)
    assert s["recall"] >= 0.98 and s["precision"] >= 0.80 and s["recipient"] >= 0.93 and s["consent"] >= 0.95, s
