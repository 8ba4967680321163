"""The drafting page in a real browser: Debian's chromium, driven by selenium through Debian's
chromium-driver (the two come from one source package, so their versions always match, and
nothing is downloaded: the driver is named explicitly, so Selenium Manager never runs).

``confide serve`` runs as a user starts it (a subprocess that prints its address). The
manager's path is followed end to end: open the printed address (a folder with one protocol
opens it), type a blanket police referral, see LAW001 beside its line, press Apply, see it
clear, save, and read the file on disk. Each run keeps a screenshot in tests/output/serve.png;
``pytest --update-golden`` also refreshes docs/screenshots/serve.png, the one docs/serve.md shows. In CI
(``CI`` set) a missing browser fails the test instead of skipping it; .ci/run installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
OUTPUT = ROOT / "tests" / "output"
HOSTEL = """\
# Harbour House: drafted by the manager, March 2026.
protocol "Harbour House: confidentiality and information sharing"
  organisation "Harbour Trust"
  service homeless-hostel
  sector voluntary
  jurisdiction england-and-wales
  clients adults
  staff-include support-workers

recipient police "Harbour Road police station"
  kind police

# The council's housing officer asked for this: tell the police about any dealing.
trigger dealing "A resident is suspected of dealing on the premises"
  means drug-supply-on-premises
  threshold suspicion

at-assessment
  explain limits-of-confidentiality

records
  storage secure
  log disclosures
"""
# What the manager types, as the council's housing officer asked: the police told every time.
REFERRAL = ('\nclause 5 "Dealing on the premises"\n  when dealing\n'
            "  staff must share identity, suspected-activity with police\n  consent not-required")
HOSTILE = 'protocol "<script>window.pwned=1</script><img src=x onerror=\\"window.pwned=2\\">"\n  clients adults\n'


def browser() -> tuple[str, str]:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if found is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver are required in CI (.ci/run installs them)")
        pytest.skip("chromium or chromium-driver is not installed")
    return found, driver


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    binary, chromedriver = browser()
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1600,1000", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]:
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


class Server:
    """``confide serve FOLDER --port 0`` as a user runs it; its printed address."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None) -> None:
        confide = Path(sys.executable).parent / "confide"
        self.process = subprocess.Popen([str(confide), "serve", str(folder), "--port", "0"], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, cwd=folder, env=env)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/\?key=[\w-]+", line)
        if found is None:
            self.stop()
            raise AssertionError(f"confide serve printed no address: {line!r} {self.process.stderr.read()!r}")
        self.address = found.group(0)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    started: list[Server] = []

    def start(files: dict[str, str], env: dict[str, str] | None = None) -> Server:
        folder = tmp_path / f"folder{len(started)}"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        started.append(Server(folder, env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def wait(chrome: Any, condition: Any, seconds: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(chrome, seconds, poll_frequency=0.05).until(condition)


def cards(chrome: Any, code: str) -> list[Any]:
    """The finding cards holding ``code``, once the findings shown are those of the editor's text."""
    from selenium.webdriver.common.by import By

    if chrome.find_element(By.TAG_NAME, "body").get_attribute("data-fresh") != "true":
        return []
    return [c for c in chrome.find_elements(By.CSS_SELECTOR, "#cards .card")
            if code in (c.get_attribute("data-codes") or "").split()]


def settled(chrome: Any) -> bool:
    from selenium.webdriver.common.by import By

    return chrome.find_element(By.TAG_NAME, "body").get_attribute("data-fresh") == "true"


def test_type_a_blanket_referral_see_law001_apply_it_and_save(driver: Any, serve: Any, tmp_path: Path,
                                                              update_golden: bool) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server = serve({"harbour.protocol": HOSTEL})
    driver.get(server.address)  # the folder holds one protocol: the address opens it
    wait(driver, lambda d: d.find_element(By.ID, "counts").text.startswith("Checked"))
    assert driver.find_element(By.ID, "protocol-title").text == "Harbour House: confidentiality and information sharing"
    assert not cards(driver, "LAW001")

    editor = driver.find_element(By.ID, "text")
    assert editor.get_attribute("aria-label") == "Protocol text"
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys(REFERRAL)
    share_line = HOSTEL.count("\n") + 4  # the `staff must share` line, as the editor numbers it
    found = wait(driver, lambda d: cards(d, "LAW001"))[0]
    assert found.get_attribute("data-line") == str(share_line)
    gutter = driver.find_elements(By.CSS_SELECTOR, "#gutter .gutter-line")[share_line - 1]
    assert "has-error" in gutter.get_attribute("class") and "LAW001" in gutter.find_element(
        By.CSS_SELECTOR, ".mark").get_attribute("title")
    line_y = gutter.rect["y"]
    assert abs(found.rect["y"] - line_y) < 30, "the finding sits beside its line"
    assert "open" in found.get_attribute("class")  # the caret is in the clause: its card is open
    assert "no legal duty" in found.text and "The law they rest on" in found.text and "W v Egdell" in found.text
    assert "staff may share identity, suspected-activity with police" in found.find_element(
        By.CSS_SELECTOR, "pre.suggest").text
    assert "not justified" in driver.find_element(By.ID, "flows").text
    OUTPUT.mkdir(exist_ok=True)
    driver.set_window_size(1600, 1650)  # the whole story on one screen: title, the clause, its card
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(OUTPUT / "serve.png"))
    if update_golden:  # the picture in docs/serve.md: refreshed on demand, so a test run leaves no change
        shutil.copyfile(OUTPUT / "serve.png", SCREENSHOTS / "serve.png")
    driver.set_window_size(1600, 1000)

    # Keyboard only: Tab from the editor through the cards to this one's Apply button, then Enter.
    apply = found.find_element(By.CSS_SELECTOR, "button.apply")
    assert apply.get_attribute("aria-label") == "Apply the suggested rewording of clause 5"
    for _ in range(12):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element == apply:
            break
    assert driver.switch_to.active_element == apply
    apply.send_keys(Keys.ENTER)
    wait(driver, lambda d: settled(d) and not cards(d, "LAW001"))
    assert "staff may share identity, suspected-activity with police" in editor.get_attribute("value")
    assert "Changes not saved" in driver.find_element(By.ID, "save-state").text

    editor.send_keys(Keys.CONTROL, "s")
    wait(driver, lambda d: d.find_element(By.ID, "save-state").text == "Saved")
    saved = (tmp_path / "folder0" / "harbour.protocol").read_text(encoding="utf-8")
    assert saved.startswith(HOSTEL)  # the manager's comments are all still there
    assert "staff may share identity, suspected-activity with police" in saved
    assert "staff must share" not in saved and "consent not-required" not in saved
    assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []  # no script errors


def test_a_file_changed_on_disk_is_not_overwritten_and_the_diff_is_shown(driver: Any, serve: Any,
                                                                         tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server = serve({"harbour.protocol": HOSTEL, "other.protocol": HOSTEL})
    driver.get(server.address.replace("?key=", "?file=harbour.protocol&key="))
    wait(driver, lambda d: d.find_element(By.ID, "counts").text.startswith("Checked"))
    on_disk = tmp_path / "folder0" / "harbour.protocol"
    on_disk.write_text(HOSTEL.replace("Harbour Trust", "Harbour Trust (a colleague's edit)"), encoding="utf-8")
    editor = driver.find_element(By.ID, "text")
    editor.send_keys(Keys.CONTROL, Keys.END)
    editor.send_keys("\n# my note\n")
    driver.find_element(By.ID, "save-button").click()
    dialog = wait(driver, lambda d: d.find_element(By.ID, "conflict-dialog") if d.find_element(
        By.ID, "conflict-dialog").get_attribute("open") is not None else None)
    assert "changed on disk" in dialog.text
    diff = driver.find_element(By.ID, "conflict-diff").text
    assert '-  organisation "Harbour Trust (a colleague\'s edit)"' in diff and "+# my note" in diff
    assert "colleague's edit" in on_disk.read_text(encoding="utf-8")
    driver.find_element(By.ID, "conflict-cancel").click()


def test_a_title_holding_markup_shows_as_text(driver: Any, serve: Any) -> None:
    from selenium.webdriver.common.by import By

    server = serve({"hostile.protocol": HOSTILE})
    driver.get(server.address)
    wait(driver, lambda d: d.find_element(By.ID, "counts").text.startswith("Checked"))
    title = driver.find_element(By.ID, "protocol-title").text
    assert title == '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    assert driver.execute_script("return window.pwned") is None
    assert len(driver.find_elements(By.CSS_SELECTOR, "script")) == 1  # the page's own module, nothing more
    assert not driver.find_elements(By.CSS_SELECTOR, "#main img:not(#drawing)")
    leaflet_source = driver.execute_script("return document.querySelector('.leaflet-source')?.textContent")
    assert leaflet_source is None or "<script>" in leaflet_source  # as text, where it is shown at all


def test_a_folder_that_cannot_be_read_is_named_on_the_page(driver: Any, serve: Any, tmp_path: Path) -> None:
    """The served folder is a git work tree whose git could not list ``team/`` (it warns and goes
    on; tests run as root, whom git never refuses, so a stand-in git says what a real one would).
    The page must name the folder, not show a shorter list as if it were everything."""
    from selenium.webdriver.common.by import By

    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    git = bin_folder / "git"
    git.write_text("#!/bin/sh\nprintf 'harbour.protocol\\0'\n"
                   "echo \"warning: could not open directory 'team/': Permission denied\" >&2\n", encoding="utf-8")
    git.chmod(0o755)
    path = f"{bin_folder}{os.pathsep}{os.environ['PATH']}"
    server = serve({"harbour.protocol": HOSTEL}, env={**os.environ, "PATH": path})
    driver.get(server.address)
    wait(driver, lambda d: d.find_element(By.ID, "counts").text.startswith("Checked"))
    message = driver.find_element(By.ID, "message")
    assert message.is_displayed() and "warning" in (message.get_attribute("class") or "").split()  # not "saved" green
    assert message.text == ("Some folders could not be read, so the protocols in them are not listed: "
                            "team/ (Permission denied).")


def test_every_control_has_a_name_a_screen_reader_can_read(driver: Any, serve: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    server = serve({"harbour.protocol": HOSTEL + REFERRAL + "\n"})
    driver.get(server.address)
    wait(driver, lambda d: settled(d) and cards(d, "LAW001"))
    unnamed = driver.execute_script("""
        return [...document.querySelectorAll('button, select, textarea, input, [role=tab], [role=tabpanel]')]
          .filter((e) => !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                           || (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.textContent.trim()))
          .map((e) => e.outerHTML.slice(0, 80));""")
    assert unnamed == []
    editor = driver.find_element(By.ID, "text")
    editor.send_keys(Keys.CONTROL, Keys.HOME)
    editor.send_keys(Keys.ALT, Keys.ARROW_DOWN)  # the first finding: the protocol's own line (LAW005)
    editor.send_keys(Keys.ALT, Keys.ARROW_DOWN)  # the next: the referral
    share_line = HOSTEL.count("\n") + 4
    assert driver.find_element(By.ID, "message").text.startswith(f"Line {share_line}: LAW001")
    assert driver.execute_script("return document.activeElement.id") == "text"
    tabs = driver.find_element(By.ID, "tab-drawing")
    tabs.send_keys(Keys.ARROW_RIGHT)
    assert driver.find_element(By.ID, "tab-table").get_attribute("aria-selected") == "true"
    assert driver.find_element(By.ID, "panel-table").is_displayed()
    assert "When dealing" in driver.find_element(By.ID, "panel-table").text
