"""Remake docs/screenshots/: the commissioner's report and a client leaflet, as Debian's
headless Chromium shows and prints them, and count the printed pages of the demo report.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Needs chromium and poppler-utils (pdftotext, pdftoppm); pngquant, when installed, makes the
PNGs small. A headless screenshot cannot scroll, so the view of one protocol is taken from a
copy of the report whose summary is hidden by one added style rule; nothing else changes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from confide.batch import check_paths
from confide.check import Checker
from confide.commands.leaflet import build
from confide.commands.leaflet import render as render_leaflet
from confide.config import Settings
from confide.report import render

ROOT = Path(__file__).resolve().parent.parent
DEMO = "protocols"
ONE = "protocols/criminal-justice-drug-service.protocol"
LEAFLET = "protocols/criminal-justice-drug-service.protocol"
HIDE_SUMMARY = "<style>body > header, main > section:first-child { display: none; }</style></head>"


def chromium(page: Path, profile: Path, *extra: str) -> None:
    """Run headless Chromium on ``page`` with the flags the browser test uses."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("chromium is not installed")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    f"--user-data-dir={profile}", *extra, page.as_uri()], check=True, capture_output=True)


def shoot(page: Path, target: Path, width: int, height: int, profile: Path) -> None:
    """A screenshot of the top ``height`` pixels of ``page`` at ``width``, made small."""
    chromium(page, profile, f"--screenshot={target}", f"--window-size={width},{height}")
    squeeze(target)


def squeeze(target: Path) -> None:
    """Shrink a PNG with pngquant when it is installed (the docs keep small files)."""
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--output", str(target), "--", str(target)],
                       check=False)


def printed(pdf: Path) -> dict[str, int]:
    """Pages per protocol of the printed report ("" for the summary before the first)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    counts: dict[str, int] = {"": 0}
    current = ""
    for page in text.split("\f")[:-1]:
        named = re.search(r"File\s+(\S+\.protocol)", page)
        if named:
            current = Path(named.group(1)).name
        counts[current] = counts.get(current, 0) + 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        profile = work / "profile"
        demo = work / "report.html"
        demo.write_text(render("html", check_paths([DEMO], Settings())), encoding="utf-8")
        shoot(demo, out / "report-summary-1280.png", 1280, 1100, profile)
        one = work / "protocol.html"
        html = render("html", check_paths([ONE], Settings()))
        one.write_text(html.replace("</head>", HIDE_SUMMARY, 1), encoding="utf-8")
        shoot(one, out / "report-protocol-1280.png", 1280, 1600, profile)
        shoot(one, out / "report-protocol-390.png", 390, 1500, profile)
        pdf = work / "report.pdf"
        chromium(demo, profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        counts = printed(pdf)
        first = 1  # the first printed page of the protocol shown above
        for name, pages in counts.items():
            if name == Path(ONE).name:
                break
            first += pages
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(first), "-singlefile", str(pdf),
                        str(out / "report-printed-page")], check=True)
        squeeze(out / "report-printed-page.png")
        leaflet = work / "leaflet.html"
        leaflet.write_text(render_leaflet(build(Checker().open(LEAFLET)), "html"), encoding="utf-8")
        shoot(leaflet, out / "leaflet-800.png", 800, 1500, profile)
        shoot(leaflet, out / "leaflet-390.png", 390, 1300, profile)
    print(f"printed A4 pages: {sum(counts.values())} in all; summary {counts['']}")
    for name, pages in counts.items():
        if name:
            print(f"  {pages}  {name}")


if __name__ == "__main__":
    main()
