"""How long after the manager stops typing the drafting page shows the findings (docs/serve.md).

Usage: ``.venv/bin/python scripts/serve_latency.py [--clauses 50] [--edits 15]``. Needs Debian's
chromium and chromium-driver (``apt-get install chromium chromium-driver``).

It writes the benchmark's seeded protocol of N clauses (scripts/bench.py) to a temporary
folder, starts ``confide serve`` on it as a user would, opens the page in headless Chromium
and makes a series of edits (a word typed at the end of a clause line). For each edit the page
itself records the time from the last keystroke to the findings being on screen: the pause
the page waits for (120 ms) plus the request, the check and the drawing of every card. The
server's share (one check of the text, with the drawing, the decision table and the leaflet)
is measured in-process too. The target is under 300 ms for a 50-clause protocol.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import protocol_text
from confide.check import Checker
from confide.commands.serve.drafts import Desk
from confide.commands.serve.folder import Folder
from confide.config import Settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def server_side(folder: Path, text: str, runs: int) -> list[float]:
    """Milliseconds for the server to check the text and build everything the page shows."""
    desk = Desk(Folder(folder), Checker(Settings()))
    desk.view("bench.protocol", text)  # the law library, loaded once at start in the real server
    times = []
    for i in range(runs):
        started = time.perf_counter()
        desk.view("bench.protocol", text + f"# edit {i}\n")
        times.append((time.perf_counter() - started) * 1000)
    return times


def in_browser(folder: Path, edits: int) -> tuple[list[tuple[int, ...]], int]:
    """Per edit, milliseconds from the last keystroke to the findings on screen, of which the request
    and the drawing of the cards; and how many findings the page shows.
    """
    confide = Path(sys.executable).parent / "confide"
    server = subprocess.Popen([str(confide), "serve", str(folder), "--port", "0"], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    found = re.search(r"http://\S+", server.stdout.readline())
    assert found, "confide serve printed no address"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000"]:
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        chrome.get(found.group(0))
        body = chrome.find_element(By.TAG_NAME, "body")
        WebDriverWait(chrome, 30).until(lambda d: body.get_attribute("data-fresh") == "true")
        shown = len(chrome.find_elements(By.CSS_SELECTOR, "#cards .finding"))
        editor = chrome.find_element(By.ID, "text")
        times = []
        for i in range(edits):
            editor.send_keys(Keys.CONTROL, Keys.END)
            editor.send_keys(f"\n# note {i}")
            WebDriverWait(chrome, 30, poll_frequency=0.02).until(lambda d: body.get_attribute("data-fresh") == "true")
            times.append(tuple(int(body.get_attribute(f"data-{what}-ms") or 0)
                               for what in ("check", "request", "render")))
        return times, shown
    finally:
        chrome.quit()
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=50)
    parser.add_argument("--edits", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        text = protocol_text(random.Random(1), 1, args.clauses)
        (folder / "bench.protocol").write_text(text, encoding="utf-8")
        server = server_side(folder, text, 20)
        page, shown = in_browser(folder, args.edits)
    lines = text.count("\n")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.clauses} clauses, {lines} lines, {shown} findings on the page; load average {load} "
          f"on {os.cpu_count()} cores")
    print(f"server, check + drawing + table + leaflet: median {statistics.median(server):.0f} ms, "
          f"max {max(server):.0f} ms ({len(server)} runs)")
    total, request, drawing = (sorted(column) for column in zip(*page, strict=True))
    print(f"page, last keystroke -> findings on screen (includes the 120 ms pause): median "
          f"{statistics.median(total):.0f} ms, max {max(total)} ms ({len(total)} edits); of which the request "
          f"median {statistics.median(request):.0f} ms, drawing the page median {statistics.median(drawing):.0f} ms")


if __name__ == "__main__":
    main()
