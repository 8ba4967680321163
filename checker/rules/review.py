"""REVIEW rules: what a protocol's dates say, judged against the day the report is made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from confide.findings import Finding, Severity, rule
from confide.source import Span


@rule("REVIEW001", "review-overdue", Severity.WARNING, "dated")
def review_overdue(review_by: date | None, span: Span, today: date) -> Iterator[Finding]:
    """The protocol's review date has passed.

    Fires when:
        The protocol's 'review-by' date is before today (the day the report is made, or
        '--today DATE'). Judged when the report is made, not when the file was checked, so a
        result answered from the cache is never stale.

    Rests on:
        Law and guidance change (Working Together was replaced in 2023, information-sharing
        advice in 2024, DPA 2018 amended by the Data (Use and Access) Act 2025): a protocol
        past its review date may rest on law that no longer holds. UK GDPR Art 5(2)
        accountability.

    Compliant rewording:
        Review the protocol against current law and set a new 'review-by' date.

    Fires:
        review-by 2024-10-31 (checked in 2026)

    Passes:
        review-by 2030-06-30
    """
    if review_by is not None and review_by < today:
        yield review_overdue.finding(span, f"the protocol was due for review on {review_by.isoformat()}; "
                                     "review it against current law and set a new review-by date")
