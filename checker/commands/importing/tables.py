"""Table rows as statements.

A table of "who we share with" is a list of sharing rules written as rows: one column names the
recipient, another what is shared, another when or whether consent is asked. The header says
which column is which, so the row is read through it instead of as a sentence (a row has no
verb). A row of any other table (document control, definitions, signatures) is read as text and
normally says nothing about sharing.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from confide.commands.importing import cues
from confide.commands.importing.clauses import external
from confide.commands.importing.documents import Paragraph
from confide.commands.importing.words import RECIPIENT_PATTERNS, find_mentions, plain

if TYPE_CHECKING:
    from confide.commands.importing.statements import Statement

COLUMN_ROLES: tuple[tuple[str, str], ...] = (
    ("ref", r"^(?:ref(?:erence)?\.?|no\.?|#|id|row|flow)$"),
    ("subject", r"^(?:from|sender|source|provided by|shared by|who shares|discloser|provider)\b"),
    ("recipient", r"^(?:to|recipients?|agency|agencies|organi[sz]ations?|who|shared with|partner|body|"
                  r"who we share with|service|receiving \w+)\b|\bwho (?:we|do we) share"),
    ("consent", r"consent|ask(?:ed)? (?:you )?first|agree|permission|do we ask"),
    ("data", r"^(?:what|information|data|details)|what (?:we|is|do we) share"),
    ("when", r"^(?:when|why|purpose|trigger|circumstances|frequency|how often)"),
)


def column_roles(header: tuple[str, ...]) -> list[str]:
    """The role of each column, from its header cell ('' where none fits)."""
    roles = []
    for cell in header:
        low = plain(cell).strip()
        role = next((r for r, pat in COLUMN_ROLES if re.search(pat, low)), "")
        if role in roles and role != "":
            role = ""
        roles.append(role)
    return roles


def _cell(cells: tuple[str, ...], roles: list[str], role: str) -> str:
    return " ".join(c for c, r in zip(cells, roles, strict=False) if r == role)


def table_consent(cell: str) -> str | None:
    """Consent from a "do we ask you first?" cell: "Yes", "No", "No, but you can say no"..."""
    low = plain(cell).strip()
    if not low:
        return None
    stated = cues.consent_of(low)
    if stated == "unless-objects" or re.search(r"\b(?:say no|object|opt out)\b", low):
        return "unless-objects"
    if re.match(r"(?:yes|always|only with)\b", low):
        return "required"
    if re.match(r"(?:no|not|never)\b", low):
        return "not-required"
    return stated


# A cell that is only a telephone number or an email address: the row is a contact list's.
_CONTACT = re.compile(r"(?:tel(?:ephone)?[:.]?\s*)?\+?\d[\d ()-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)


def row_statement(p: Paragraph, pi: int, lead_text: str | None, defined: dict[str, str] | None) -> Statement:
    """The statement of one table row."""
    from confide.commands.importing.statements import Statement, classify

    roles = column_roles(p.header) if p.header else []
    ref = _cell(p.cells, roles, "ref").strip() if roles else ""
    quote_cells = [c for c, r in zip(p.cells, roles + [""] * len(p.cells), strict=False) if r != "ref" and c]
    quote = p.joiner.join(quote_cells) if quote_cells else p.text
    st = Statement(quote=quote, para=pi, page=p.page, page_end=p.page_end, number=ref or None,
                   role="table-row", item=p.row)
    if any(_CONTACT.fullmatch(c.strip()) for c in p.cells if c.strip()):
        st.kind = "irrelevant"               # a contact list: an agency and its telephone or email
        return st
    if not (roles and "recipient" in roles):
        classify(st, None, None, defined)
        return st
    rec_text = _cell(p.cells, roles, "recipient")
    kinds = external([k for _, _, k, _ in find_mentions(rec_text, RECIPIENT_PATTERNS, defined)])
    if not kinds:
        kinds = ["other"]
        st.flags.append("recipient-unnamed")
    st.subject = sorted(set(external([k for _, _, k, _ in
                                      find_mentions(_cell(p.cells, roles, "subject"), RECIPIENT_PATTERNS, defined)])))
    if len(set(kinds) - set(st.subject)) >= 2:
        kinds = sorted(set(kinds) - set(st.subject))     # "Council | All parties": the others
    st.recipients = sorted(set(kinds))
    st.names = {kind: rec_text for kind in st.recipients}
    rest = " ".join(c for c, r in zip(p.cells, roles, strict=False) if r in ("when", ""))
    what = _cell(p.cells, roles, "data") or rest
    when = " ".join(c for c, r in zip(p.cells, roles, strict=False) if r in ("when", "data", ""))
    from confide.commands.importing.statements import _without_recipients
    st.data, st.data_specified = cues.data_of(_without_recipients(what, defined))
    st.trigger = when
    st.wording = when
    st.threshold = cues.threshold_of(when)
    consent = table_consent(_cell(p.cells, roles, "consent"))
    if consent is None:
        consent = cues.consent_of(when)
        if consent is None and lead_text:
            consent = cues.consent_of(lead_text)
            if consent:
                st.flags.append("consent-from-lead-in")
    st.consent = consent
    st.kind = "share-clause"
    st.modality = "may" if consent in ("required", "written", "preferences") else "must"
    st.flags.append("table-row")
    return st
