"""The law library: built-in ``.protocol`` files plus ``--library`` overrides -> :class:`Library`.

The library is written in the protocol language so users can read, override and extend it.
It is itself checked: every ``when`` must name a standard, every ``binds`` a known group, and
every kind, data and step a vocabulary word, or the library's own file gets the finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from confide import vocabulary as V
from confide.findings import Finding
from confide.inputs import INVALID, unknown_names
from confide.language.model import Document, Law, LibraryHeader, Standard
from confide.resources import library_path


@dataclass(frozen=True)
class Library:
    """Laws and standards by id, later files overriding earlier ones entry by entry."""

    jurisdiction: str
    laws: dict[str, Law] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    headers: tuple[LibraryHeader, ...] = ()
    files: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        """True when the jurisdiction's own library says it is partial."""
        return any(h.status is not None and h.status.text == "partial" for h in self.headers[:1])

    @property
    def principle(self) -> str:
        """The jurisdiction's core rule on disclosure without a specific duty (its own words).

        Rules quote it rather than carry jurisdiction-specific text of their own: Northern
        Ireland, unlike England and Wales, has a general duty to report serious offences.
        """
        return next((h.principle.text for h in self.headers if h.principle is not None), "")

    def standard(self, name: str) -> Standard | None:
        """The standard ``name``, if the library has it."""
        return self.standards.get(name)


def assemble(jurisdiction: str, documents: Iterable[Document]) -> tuple[Library, list[Finding]]:
    """Merge library documents in order (later wins) and check each entry's names."""
    laws: dict[str, Law] = {}
    standards: dict[str, Standard] = {}
    headers: list[LibraryHeader] = []
    files: list[str] = []
    docs = list(documents)
    for doc in docs:
        files.append(doc.path)
        if doc.library:
            headers.append(doc.library)
        for standard in doc.standards:
            standards[standard.id.text] = standard
        for law in doc.laws:
            laws[law.id.text] = law
    findings: list[Finding] = []
    for doc in docs:
        findings.extend(_check_document(doc, standards))
    return Library(jurisdiction, laws, standards, tuple(headers), tuple(files)), findings


# The blocks of a protocol, which a law library file has no use for: reported, never dropped in
# silence (a protocol given to --library by mistake, a clause pasted into the wrong file).
_PROTOCOL_BLOCKS = (("header", "protocol"), ("includes", "include"), ("recipients", "recipient"),
                    ("data", "data"), ("triggers", "trigger"), ("assessment", "at-assessment"),
                    ("records", "records"), ("clauses", "clause"), ("scenarios", "scenario"))


def _check_document(doc: Document, standards: dict[str, Standard]) -> Iterable[Finding]:
    for attr, word in _PROTOCOL_BLOCKS:
        value = getattr(doc, attr)
        blocks = value if isinstance(value, tuple) else () if value is None else (value,)
        if blocks:
            more = f" (and {len(blocks) - 1} more)" if len(blocks) > 1 else ""
            hint = "; check a protocol with 'confide check FILE', not --library" if word == "protocol" else ""
            yield INVALID.finding(blocks[0].span, f"a '{word}' block{more} has no effect in a law library file, "
                                  f"which holds only 'library', 'law' and 'standard' blocks{hint}")
    for standard in doc.standards:
        yield from unknown_names(standard.necessary, V.DATA_KINDS, "data kind")
        yield from unknown_names(standard.acts, V.RECIPIENT_KINDS, "recipient kind")
    for law in doc.laws:
        if not law.sources:
            yield INVALID.finding(law.id.span, f"law {law.id.text} needs a 'source' line: every law cites its source")
        if law.special_category and law.kind_word != "condition":
            yield INVALID.finding(law.id.span, f"law {law.id.text}: only a 'condition' can be 'special-category yes'")
        yield from unknown_names(law.binds, V.BOUND_GROUPS, "bound group")
        yield from unknown_names(law.when, standards, "standard")
        yield from unknown_names(law.recipients, V.RECIPIENT_KINDS | {"any"}, "recipient kind")
        yield from unknown_names(law.discloses, V.DATA_KINDS, "data kind")
        yield from unknown_names(law.forbids, V.STEPS, "step")


def library_files(jurisdiction: str, extra: Iterable[Path]) -> list[Path]:
    """The files that make up a library: the shipped one for ``jurisdiction``, then ``extra``."""
    return [library_path(jurisdiction), *extra]
