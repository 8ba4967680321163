"""The HTML report in a real browser (headless Chromium): it loads, it shows the summary and
the findings, nothing a protocol says ever runs as script or markup, and it prints short.

In CI (``CI`` set) the browser must be there, so a missing Chromium fails the test instead
of skipping it; .ci/run installs it (and poppler-utils, whose pdftotext reads the printed
pages back). The screenshot is kept in tests/output/ to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.config import Settings
from confide.report import render

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"
HOSTILE = """\
protocol "<script>document.title='pwned'</script> Hostel <img src=x onerror=\\"document.body.dataset.pwned='yes'\\">"
  organisation "Harbour <script>document.title='pwned'</script>"
  service homeless-hostel
  clients adults

recipient police "<img src=x onerror=\\"document.title='pwned'\\">"
  kind police

clause 1 "<script>document.title='pwned'</script> Any suspicion"
  staff must share identity with police
  consent not-required
"""


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return found


def browse(page: Path, profile: Path, *extra: str) -> str:
    """Run headless Chromium on ``page``; returns what it printed (the DOM for --dump-dom)."""
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         *extra, page.as_uri()],
        capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def report(paths: list[str], target: Path) -> Path:
    target.write_text(render("html", list(check(paths, Settings()))), encoding="utf-8")
    return target


def test_protocol_text_never_runs_in_the_browser(tmp_path: Path) -> None:
    protocol = tmp_path / "hostile.protocol"
    protocol.write_text(HOSTILE, encoding="utf-8")
    dom = browse(report([str(protocol)], tmp_path / "hostile.html"), tmp_path / "profile", "--dump-dom")
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and title.group(1) == "Information-sharing protocol review: 1 protocol"
    assert "pwned" not in title.group(1) and "data-pwned" not in dom
    assert "<img" not in dom and dom.count("<script") == 0
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt; Hostel" in dom  # shown, as text
    assert "&lt;img src=x onerror=" in dom


def test_report_loads_with_summary_and_findings_and_is_screenshotted(tmp_path: Path) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page = report([str(ROOT / "protocols")], OUTPUT / "report.html")
    dom = browse(page, tmp_path / "profile", "--dump-dom")
    assert "Summary across all protocols" in dom
    assert re.search(r'<article class="card error"', dom)
    assert "<svg" in dom and "not justified" in dom
    shot = OUTPUT / "report.png"
    shot.unlink(missing_ok=True)
    browse(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    assert shot.is_file() and shot.stat().st_size > 20_000


def printed_pages(pdf: Path) -> dict[str, int]:
    """Pages per protocol of a printed report (each protocol starts a page; its first page names
    its file), and "" for the summary before them.
    """
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    counts: dict[str, int] = {"": 0}
    current = ""
    for page in pages:
        named = re.search(r"File\s+(\S+\.protocol)", page)
        if named:
            current = Path(named.group(1)).name
        counts[current] = counts.get(current, 0) + 1
    return counts


def test_the_demo_prints_in_at_most_two_a4_pages_a_protocol(tmp_path: Path) -> None:
    page = report([str(ROOT / "protocols")], tmp_path / "demo.html")
    pdf = tmp_path / "demo.pdf"
    browse(page, tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    counts = printed_pages(pdf)
    protocols = sorted(p.name for p in (ROOT / "protocols").glob("*.protocol"))
    assert sorted(k for k in counts if k) == protocols
    assert counts[""] <= 2, "the portfolio fits two pages"
    assert max(counts[p] for p in protocols) <= 2, counts
    assert sum(counts.values()) < 2 * len(protocols)
