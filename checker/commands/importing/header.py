"""Guess the protocol header (title, organisation, service, clients, review date) from a document.

A policy says who wrote it and whom it serves on its cover and in its document-control table,
rarely in the words the protocol language uses. Every value here is therefore a guess from cue
words, and the draft marks each one with a ``# review:`` comment naming what it was read from,
so the author confirms the header before trusting any verdict that depends on it (which laws
bind the service follows from ``service``, ``sector`` and ``staff-include``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from confide.commands.importing.documents import Document

FRONT = 40  # paragraphs from the start where the title block and document control sit
_VERSION = re.compile(r"\b(?:version|issue|v)\s*\.?\s*:?\s*(\d{1,3}(?:\.\d{1,3}){0,2})\b", re.I)
_ORGANISATION = re.compile(
    r"\b((?:The )?(?:[A-Z][\w'\u2019&-]+ ){0,5}(?:Trust|CIC|Partnership|Council|Ltd|Limited|Association|Charity|"
    r"Foundation|Housing|Health|Project|Society|Group))\b")
_REVIEW = re.compile(r"\b(?:next review(?: date)?|review date|review by|to be reviewed(?: by| on| in)?|"
                     r"date of next review|review due)\b\W{0,3}([^.;|]{4,40})", re.I)
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})

# (service kind, cue): the first cue found in the title, else the most frequent in the text.
SERVICES: tuple[tuple[str, str], ...] = (
    ("young-peoples-service", r"young people'?s|youth|under[- ]18s?|children and young people"),
    ("homeless-hostel", r"hostel|night shelter|direct[- ]access"),
    ("supported-housing", r"supported housing|supported accommodation|tenancy support|floating support"),
    ("criminal-justice-service", r"offender|criminal justice|probation|information sharing agreement|community safety"),
    ("drug-and-alcohol-treatment", r"drug and alcohol|substance misuse|recovery|treatment service|prescrib"),
    ("outreach", r"outreach"),
)


@dataclass
class Header:
    """The header values found, and for each a note saying what it was read from."""

    title: str
    version: str | None = None
    organisation: str | None = None
    service: str = "other"
    sector: str = "voluntary"
    jurisdiction: str = "england-and-wales"
    clients: str = "adults"
    staff: list[str] = field(default_factory=lambda: ["support-workers"])
    review_by: date | None = None
    notes: list[str] = field(default_factory=list)


def guess_header(doc: Document, name: str) -> Header:
    """The protocol header a document suggests; every guess is listed in ``notes``."""
    paragraphs = [p.text for p in doc.paragraphs]
    front = " \n".join(paragraphs[:FRONT])
    text = " \n".join(paragraphs)
    low = text.lower()
    title = _title(doc) or name
    head = Header(title=title)
    head.notes.append(f"the title is the document's first line of title length (\"{title[:60]}\")")
    if m := _VERSION.search(front):
        head.version = m.group(1)
    if m := _ORGANISATION.search(front):
        head.organisation = m.group(1)
        head.notes.append(f"organisation \"{head.organisation}\" is the first organisation-like name on the cover")
    head.service = _service(title.lower(), low)
    head.notes.append(f"service {head.service} is guessed from the document's words")
    organisation = (head.organisation or "").lower()
    public = re.search(r"\b(?:council|nhs|police|probation service|local authority)\b", organisation)
    private = re.search(r"\b(?:ltd|limited)\b", front.lower())
    head.sector = "public" if public else ("private" if private else "voluntary")
    head.notes.append(f"sector {head.sector} is guessed from the organisation's name")
    if re.search(r"\bnorthern ireland\b", low):
        head.jurisdiction = "northern-ireland"
    elif re.search(r"\bwales\b(?! and)|\bwelsh\b", low) and not re.search(r"\bengland\b", low):
        head.jurisdiction = "wales"
    head.notes.append(f"jurisdiction {head.jurisdiction} is assumed; say so if the service works elsewhere")
    head.clients = _clients(head.service, low)
    head.notes.append(f"clients {head.clients} is guessed from the ages and words the document uses")
    if re.search(r"\b(?:our|the service'?s?|we employ) (?:nurses?|doctors?|prescribers?|pharmacists?)\b|"
                 r"\b(?:nurses?|doctors?|prescribers?) (?:in|at|on) (?:our|the) (?:team|service)\b", low):
        head.staff.append("regulated-health-professionals")
    if re.search(r"\bvolunteers?\b", low):
        head.staff.append("volunteers")
    head.notes.append(f"staff-include {', '.join(head.staff)}: add every regulated profession you employ")
    if m := _REVIEW.search(front) or _REVIEW.search(text):
        head.review_by = parse_date(m.group(1))
        if head.review_by is not None:
            head.notes.append(f"review-by is read from \"{m.group(0).strip()[:60]}\"")
    return head


def _title(doc: Document) -> str | None:
    """The document's title: a short line near the top that names the kind of document, else the
    first heading, else the first short line.
    """
    top = [p for p in doc.paragraphs[:12] if 2 <= len(p.text.split()) <= 20]
    named = [p for p in top if _KIND_OF_DOCUMENT.search(p.text)]
    headings = [p for p in doc.paragraphs[:12] if p.role == "heading"]
    found = (named or headings or top)[:1]
    return found[0].text if found else None


_KIND_OF_DOCUMENT = re.compile(r"\b(?:policy|agreement|statement|protocol|procedure|confidentiality|guidance)\b", re.I)


def _service(title: str, low: str) -> str:
    for kind, cue in SERVICES:
        if re.search(cue, title):
            return kind
    counts = [(len(re.findall(cue, low)), -i, kind) for i, (kind, cue) in enumerate(SERVICES)]
    best = max(counts)
    return best[2] if best[0] else "other"


def _clients(service: str, low: str) -> str:
    young = service == "young-peoples-service" or bool(re.search(r"\baged? (?:1[0-7]|[5-9])\b|\bunder[- ]18", low))
    adults = bool(re.search(r"\badults?\b|\b18 (?:and|or) over\b|\bover 18\b", low))
    if young and service == "young-peoples-service":
        return "young-people"
    return "all" if young and adults else ("young-people" if young else "adults")


def parse_date(text: str) -> date | None:
    """A date written as 2026-03-31, 31/03/2026, 31 March 2026 or March 2026 (the month's last day)."""
    text = text.strip()
    try:
        if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := re.search(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if m := re.search(r"\b(?:(\d{1,2})(?:st|nd|rd|th)? )?([A-Za-z]{3,9})\.? (\d{4})\b", text):
            month = _MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            year = int(m.group(3))
            day = int(m.group(1)) if m.group(1) else calendar.monthrange(year, month)[1]
            return date(year, month, day)
    except ValueError:
        return None
    return None
