"""Build the second batch of home-made test policies: fenwick.docx (a youth drug service, with
Word's automatic list numbering and a sharing table) and causeway.pdf (a hostel, with running
headers, page numbers and a paragraph running over a page break)."""
from __future__ import annotations

from pathlib import Path

import docx

HERE = Path(__file__).parent


def fenwick(path: Path = HERE / "fenwick.docx") -> Path:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Fenwick Young People's Service - Confidentiality"
    d.add_paragraph("Fenwick Young People's Substance Misuse Service", style="Title")
    d.add_heading("Introduction", level=1)
    d.add_paragraph("Fenwick supports young people under 19 who are worried about drugs or alcohol.")
    d.add_heading("Confidentiality", level=1)
    d.add_paragraph("What you say to your Fenwick worker is private. We will not tell your parents, your "
                    "teachers or your social worker that you come to Fenwick unless you want us to.",
                    style="List Number")
    d.add_paragraph("Your worker will go through the confidentiality agreement with you at your first "
                    "session, and check that you understand it.", style="List Number")
    d.add_heading("When we must share", level=1)
    d.add_paragraph("Fenwick staff will pass information to Children's Services or the police, even if you "
                    "ask us not to, if:")
    d.add_paragraph("you tell us that someone is hurting you or abusing you;", style="List Bullet")
    d.add_paragraph("you are being made to carry or sell drugs for someone else;", style="List Bullet")
    d.add_paragraph("your life is in danger.", style="List Bullet")
    d.add_paragraph("The decision to share will be taken by the team leader, and we will always tell you "
                    "first unless that would put you or someone else in more danger.")
    d.add_heading("Parents and carers", level=1)
    d.add_paragraph("If you are under 13 we will need to talk to your parent or carer before we can work "
                    "with you.")
    d.add_paragraph("Parents can phone us for advice, but we will not give them any information about you "
                    "without your say-so.")
    d.add_heading("Working with other services", level=1)
    t = d.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Service", "What we tell them", "Do we ask you first?"), strict=True):
        cell.text = text
    for row in (("Your school", "Whether you are attending sessions", "Yes"),
                ("Youth Offending Service", "Attendance, if it is part of your court order", "No"),
                ("Hospital A&E", "Anything they need in an emergency", "No")):
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    d.add_heading("Keeping your records", level=1)
    d.add_paragraph("Your records are kept on a password-protected computer system.")
    d.save(str(path))
    return path


def causeway(path: Path = HERE / "causeway.pdf") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, 810, "Causeway Night Shelter - Information Sharing Policy")
        canvas.drawRightString(540, 30, f"Page {doc.page}")
        canvas.restoreState()

    body = [Paragraph("Causeway Night Shelter: Information Sharing Policy", styles["Title"])]
    paras = [
        ("h", "1. Our commitment"),
        ("p", "1.1 Guests can expect that what they tell shelter staff will be treated in confidence."),
        ("p", "1.2 We do not share a guest's details with other agencies unless the guest agrees or one of "
              "the exceptions in section 3 applies."),
        ("h", "2. Consent"),
        ("p", "2.1 Guests are asked on arrival whether we may pass their details to the Street Outreach Team "
              "and to the local authority's housing service, so that they can be helped into accommodation. "
              "Their answer is recorded on the booking sheet."),
        ("h", "3. Exceptions"),
        ("p", "3.1 Staff will call the police if a guest is violent or threatening towards staff or other guests."),
        ("p", "3.2 Where staff suspect that a guest is selling drugs in or near the shelter, the shift leader "
              "may report it to the police."),
        ("p", "3.3 If a guest appears to be an adult at risk of abuse or neglect, the shift leader will make a "
              "safeguarding referral to Adult Social Care, having first discussed it with the guest where "
              "this is safe."),
        ("p", "3.4 If a guest is seriously unwell, staff will call an ambulance and tell the crew what they "
              "know about the guest's drug use."),
    ]
    for _ in range(6):
        paras.append(("p", "3.5 Staff must record every disclosure made without consent in the incident log, "
                           "noting the date, the recipient and the reason for sharing, so that the manager can "
                           "review it at the next supervision."))
        break
    for kind, text in paras:
        body.append(Paragraph(text, styles["Heading2"] if kind == "h" else styles["BodyText"]))
        body.append(Spacer(1, 6))
    body.append(Spacer(1, 420))
    body.append(Paragraph("4.1 Guests' names are never given to callers, including people who say they are "
                          "family members, and staff will neither confirm nor deny that a person is staying at the "
                          "shelter. Staff may take a message and pass it on.", styles["BodyText"]))
    body.append(Paragraph("4.2 Information about a guest's health or drug use will not be passed to the Jobcentre "
                          "or the DWP.", styles["BodyText"]))
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=50).build(
        body, onFirstPage=furniture, onLaterPages=furniture)
    return path


if __name__ == "__main__":
    fenwick()
    causeway()
