"""Build lanterns.pdf: third batch of home-made test prose (a fictional women's refuge)."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def lanterns(path: Path = HERE / "lanterns.pdf") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, 810, "LANTERNS REFUGE  |  RESIDENTS' CONFIDENTIALITY STATEMENT")
        canvas.drawCentredString(300, 28, f"- {doc.page} -")
        canvas.restoreState()

    p = lambda t: Paragraph(t, styles["BodyText"])  # noqa: E731
    h = lambda t: Paragraph(t, styles["Heading2"])  # noqa: E731
    story = [Paragraph("Lanterns Refuge: Confidentiality Statement for Residents", styles["Title"]),
             h("1. Keeping you safe"),
             p("1.1 The address of the refuge is confidential. Residents must not give the address to anyone, "
               "including family and friends."),
             p("1.2 Staff will never confirm to callers that a woman is staying at Lanterns."),
             h("2. Working with other agencies"),
             p("2.1 With your agreement, your key worker will contact agencies such as housing, benefits and your "
               "children's school to support you."),
             p("2.2 We will refer you to the local MARAC if our risk assessment shows that you are at high risk; "
               "we will always discuss this with you first."),
             p("2.3 Information about your children may be shared with children's social care where there are "
               "concerns about their welfare."),
             h("3. Police"),
             p("3.1 If you want to report abuse to the police, we will support you to do so."),
             p("3.2 We will only give information to the police without your consent if a court orders us to or "
               "someone's life is at risk."),
             h("4. Records"),
             Table([["Record", "How long we keep it"], ["Support file", "6 years after you leave"],
                    ["Incident log", "3 years"]]),
             Spacer(1, 12), PageBreak(),
             h("5. If you leave"),
             p("5.1 If you leave the refuge without telling us and we are worried about your safety, we will tell "
               "the police that you are missing.")]
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=60).build(story, onFirstPage=furniture,
                                                                  onLaterPages=furniture)
    return path


if __name__ == "__main__":
    lanterns()
