"""Build brightwater.docx: own test prose (a fictional young people's substance misuse service)."""
from __future__ import annotations

from pathlib import Path

import docx

HERE = Path(__file__).parent


def build(path: Path = HERE / "brightwater.docx") -> Path:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Brightwater YPS | Information Sharing Procedure | v1.3"
    d.sections[0].footer.paragraphs[0].text = "Uncontrolled when printed"
    d.add_heading("Brightwater Young People's Service: Information Sharing Procedure", level=0)
    d.add_heading("1. Scope", level=1)
    d.add_paragraph("1.1 This procedure applies to all Brightwater practitioners and volunteers.")
    d.add_heading("2. Competence and consent", level=1)
    d.add_paragraph("2.1 Practitioners will assess whether a young person under 16 is Gillick competent at "
                    "the first session and record the outcome.")
    d.add_paragraph("2.2 Information will only be shared with a young person's school with the young "
                    "person's consent.")
    d.add_heading("3. Safeguarding", level=1)
    d.add_paragraph("3.1 Practitioners must pass any safeguarding concern to the Safeguarding Officer on "
                    "the same day.")
    d.add_paragraph("3.2 The Safeguarding Officer will refer to the Multi-Agency Safeguarding Hub where a "
                    "young person is at risk of significant harm, even if the young person does not agree.")
    d.add_paragraph("3.3 Brightwater will share information with the Youth Offending Team when:")
    d.add_paragraph("the young person is subject to a court order that requires attendance;", style="List Number")
    d.add_paragraph("the young person has signed the YOT consent form.", style="List Number")
    d.add_paragraph("3.4 We do not report young people's cannabis use to the police.")
    d.add_heading("4. Partner agencies", level=1)
    d.add_paragraph("The table below shows who we work with.")
    t = d.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Agency", "What we share", "Consent needed?"), strict=True):
        cell.text = text
    for row in (("CAMHS", "Referral details and risk assessment", "Yes"),
                ("Children's Social Care", "Safeguarding concerns", "No"),
                ("Local Authority commissioners", "Anonymised monthly figures", "No")):
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    d.add_heading("5. Records", level=1)
    d.add_paragraph("5.1 Case notes are kept for eight years after the young person's 18th birthday.")
    d.save(str(path))
    return path


if __name__ == "__main__":
    build()
