"""Build the fourth batch of home-made test policies, written and annotated (make_gold.py) before
the importer was run on them, after the port into confide: a fresh held-out check.

kestrel.docx: a supported-housing scheme for young adults (16 to 25), with Word headings, a
numbered lead-in list, consent stated in the following paragraph, an entitlement sentence, a
sharing table and running header and footer."""

from __future__ import annotations

from pathlib import Path

import docx

HERE = Path(__file__).parent


def kestrel(path: Path = HERE / "kestrel.docx") -> Path:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Kestrel Court | Sharing Information | KC-POL-07"
    d.sections[0].footer.paragraphs[0].text = "Uncontrolled when printed"
    d.add_paragraph("Kestrel Court Supported Housing: Sharing Information Policy", style="Title")
    d.add_paragraph("Kestrel Housing Association. Version 1.4. Next review: September 2027.")
    d.add_heading("1. Why this matters", level=1)
    d.add_paragraph("1.1 Kestrel Court offers 18 flats with support for young people aged 16 to 25 who have been "
                    "homeless or in care.")
    d.add_paragraph("1.2 What a young person tells their support worker is treated in confidence by the staff team.")
    d.add_heading("2. Starting with us", level=1)
    d.add_paragraph("2.1 At the sign-up meeting the support worker explains when we might have to share information "
                    "without agreement, and records which people and services the young person is happy for us "
                    "to speak to.")
    d.add_paragraph("2.2 We check that a 16 or 17 year old understands what they are agreeing to.")
    d.add_heading("3. Sharing with agreement", level=1)
    d.add_paragraph("3.1 With the young person's agreement, the support worker may talk to their college about "
                    "attendance and any support they need.")
    d.add_paragraph("3.2 We will not contact a young person's family unless the young person has told us we can.")
    d.add_paragraph("3.3 When a young person moves on, we may send a short summary of their support plan to their "
                    "new landlord.")
    d.add_paragraph("3.4 The young person will always be asked first, and nothing is sent if they say no.")
    d.add_heading("4. Sharing without agreement", level=1)
    d.add_paragraph("4.1 Staff will pass information to the appropriate agency, even without the young person's "
                    "agreement, if:")
    d.add_paragraph("a young person tells us they intend to seriously hurt someone;", style="List Number")
    d.add_paragraph("we believe a child living at or visiting the scheme is being abused or neglected;",
                    style="List Number")
    d.add_paragraph("a young person has not been seen for 72 hours and we are worried about them;",
                    style="List Number")
    d.add_paragraph("we are served with a court order.", style="List Number")
    d.add_paragraph("4.2 In each case the scheme manager decides whether to share, and the decision and the reasons "
                    "are written on the file.")
    d.add_paragraph("4.3 Staff must not share anything about a young person's sexual health with their parents or "
                    "carers.")
    d.add_paragraph("4.4 Where a young person is on a youth justice order, staff will tell the Youth Justice "
                    "Service if the young person stops attending their appointments.")
    d.add_heading("5. Police and other enquiries", level=1)
    d.add_paragraph("5.1 Staff must not confirm to callers or visitors whether a young person lives at Kestrel "
                    "Court.")
    d.add_paragraph("5.2 The police are entitled to see the signing-in book whenever they visit.")
    d.add_paragraph("5.3 Any other request from the police for information must be made in writing and will be "
                    "decided by the scheme manager.")
    d.add_paragraph("5.4 We report anyone we suspect of dealing drugs in the building to the police.")
    d.add_heading("6. Agencies we work with", level=1)
    d.add_paragraph("6.1 The table below shows regular sharing with partner agencies.")
    t = d.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Agency", "What we share", "Do we ask first?"), strict=True):
        cell.text = text
    for row in (("Leaving care team", "Progress with the support plan and any concerns", "Yes"),
                ("Housing Benefit office", "Rent account and move-in date", "No"),
                ("Local authority commissioners", "Anonymised monthly figures", "No")):
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    d.add_heading("7. Records", level=1)
    d.add_paragraph("7.1 Files are kept on a password-protected system and destroyed six years after the young "
                    "person leaves.")
    d.add_paragraph("7.2 Young people can ask to see their own file at any time.")
    d.save(str(path))
    return path


if __name__ == "__main__":
    kestrel()
