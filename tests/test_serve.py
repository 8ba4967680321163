"""``confide serve``: the drafting page's server, in-process (Starlette's test client).

The security promises first (it is a server): another web page cannot drive it, paths stay
inside the folder, requests are size-limited, the page's headers forbid inline script and
framing. Then what the page is given: findings with the law and the rewording, Apply that
keeps comments, saves that are atomic and refuse to overwrite a changed file, scenarios run
on the unsaved text, starters. The browser test (test_serve_browser.py) drives the page itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from confide.check import Checker
from confide.commands.serve.app import Session, create_app
from confide.commands.serve.drafts import Desk
from confide.commands.serve.folder import Folder
from confide.config import Settings
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "http://127.0.0.1:8765"
TOKEN = "t" * 43
KEY = "k" * 43
HOSTEL = """\
# Harbour House: drafted by the manager.
protocol "Harbour House"
  organisation "Harbour Trust"
  service homeless-hostel
  sector voluntary
  jurisdiction england-and-wales
  clients adults

at-assessment
  explain limits-of-confidentiality

records
  storage secure
  log disclosures

# The police asked for this one.
clause 4 "Tell the police"
  staff must share identity with police  # every time
  consent not-required
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    served = tmp_path / "protocols"
    served.mkdir()
    (served / "harbour.protocol").write_text(HOSTEL, encoding="utf-8")
    return served


def client_for(served: Path, max_body: int = 1_000_000) -> TestClient:
    session = Session(frozenset({"127.0.0.1:8765", "localhost:8765"}), KEY, TOKEN, "confide-8765", max_body)
    return TestClient(create_app(Desk(Folder(served), Checker(Settings())), session), base_url=ADDRESS)


@pytest.fixture
def client(folder: Path) -> TestClient:
    return client_for(folder)


def post(client: TestClient, route: str, body: dict[str, Any], **headers: str) -> Any:
    sent = {"X-Confide-Token": TOKEN, "Origin": ADDRESS, **headers}
    return client.post(route, json=body, headers={k: v for k, v in sent.items() if v})


def get(client: TestClient, route: str, **params: str) -> Any:
    return client.get(route, params=params, headers={"X-Confide-Token": TOKEN})


# ---- another web page cannot drive it ------------------------------------------------------
def test_a_cross_origin_post_is_refused_with_or_without_the_token(client: TestClient, folder: Path) -> None:
    body = {"path": "harbour.protocol", "text": "# taken over\n", "base": opened(client)["version"]}
    for origin, token in [("http://evil.example", TOKEN), ("http://evil.example", ""),
                          ("http://evil.example", "guessed"), ("null", TOKEN), ("http://127.0.0.1:9999", TOKEN)]:
        refused = post(client, "/api/save", body, Origin=origin, **{"X-Confide-Token": token})
        assert refused.status_code == 403, origin
        assert "drafting page" in refused.text
    missing = client.post("/api/save", json=body, headers={"X-Confide-Token": TOKEN})  # no Origin at all
    assert missing.status_code == 403
    cross_site = post(client, "/api/save", body, **{"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status_code == 403
    assert (folder / "harbour.protocol").read_text(encoding="utf-8") == HOSTEL  # nothing was written
    assert post(client, "/api/save", body).status_code == 200  # the page itself may


def test_every_api_request_needs_the_token_and_the_right_host(client: TestClient) -> None:
    assert client.get("/api/folder").status_code == 403
    assert client.get("/api/protocol", params={"path": "harbour.protocol"}).status_code == 403
    assert post(client, "/api/check", {"path": "harbour.protocol", "text": HOSTEL},
                **{"X-Confide-Token": "guessed"}).status_code == 403
    assert get(client, "/api/folder").status_code == 200
    rebound = client.get("/api/folder", headers={"X-Confide-Token": TOKEN, "Host": "evil.example:8765"})
    assert rebound.status_code == 421  # a DNS-rebinding page reaches the port under its own name


def test_the_page_needs_the_printed_key_then_keeps_it_in_a_cookie(client: TestClient) -> None:
    assert client.get("/").status_code == 403
    assert client.get("/", params={"key": "guessed"}).status_code == 403
    entered = client.get("/", params={"key": KEY, "file": "harbour.protocol"}, follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/?file=harbour.protocol"
    cookie = entered.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/")  # the test client keeps the cookie, as the browser does
    assert page.status_code == 200
    assert f'<meta name="confide-token" content="{TOKEN}">' in page.text
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page.text, re.S)
    assert scripts == [""] and not re.search(r"\son[a-z]+=", page.text)  # no inline script, no handlers


def test_every_response_forbids_inline_script_framing_and_sniffing(client: TestClient) -> None:
    for response in [client.get("/"), get(client, "/api/folder"), client.get("/static/app.js"),
                     post(client, "/api/check", {"path": "../x.protocol", "text": ""})]:
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/../folder.py").status_code == 404
    assert client.get("/static/index.html").status_code == 404  # only the page's own assets


def test_request_size_is_limited(folder: Path) -> None:
    client = client_for(folder, max_body=2_000)
    big = post(client, "/api/check", {"path": "harbour.protocol", "text": "#" * 5_000})
    assert big.status_code == 413
    unmeasured = client.post("/api/check", content=iter([b"{}"]),  # chunked: no Content-Length
                             headers={"X-Confide-Token": TOKEN, "Origin": ADDRESS})
    assert unmeasured.status_code == 411


# ---- paths stay inside the folder ----------------------------------------------------------
def test_paths_that_leave_the_folder_are_refused(client: TestClient, folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.protocol"
    secret.write_text('protocol "Secret"\n', encoding="utf-8")
    (folder / "link.protocol").symlink_to(secret)
    (folder / "linked-folder").symlink_to(tmp_path)
    (folder / ".hidden.protocol").write_text(HOSTEL, encoding="utf-8")
    bad = ["../secret.protocol", "./../secret.protocol", "sub/../../secret.protocol", str(secret), "/etc/passwd",
           "link.protocol", "linked-folder/secret.protocol", ".hidden.protocol", "harbour.protocol/..",
           "..\\secret.protocol", "harbour.txt", ""]
    for path in bad:
        read = get(client, "/api/protocol", path=path)
        assert read.status_code == 400, path
        assert "Secret" not in read.text
        saved = post(client, "/api/save", {"path": path, "text": "# overwritten\n", "base": ""})
        assert saved.status_code == 400, path
        assert post(client, "/api/check", {"path": path, "text": HOSTEL}).status_code == 400
    assert secret.read_text(encoding="utf-8") == 'protocol "Secret"\n'
    listed = get(client, "/api/folder").json()["protocols"]
    assert listed == ["harbour.protocol"]  # the link out and the hidden file are not even listed


def test_a_link_that_stays_inside_the_folder_is_followed(client: TestClient, folder: Path) -> None:
    (folder / "alias.protocol").symlink_to(folder / "harbour.protocol")
    assert get(client, "/api/protocol", path="alias.protocol").json()["text"] == HOSTEL


# ---- what the page shows -------------------------------------------------------------------
def opened(client: TestClient, path: str = "harbour.protocol") -> Any:
    response = get(client, "/api/protocol", path=path)
    assert response.status_code == 200, response.text
    return response.json()


def test_findings_carry_the_law_and_the_clause_rewording(client: TestClient) -> None:
    view = post(client, "/api/check", {"path": "harbour.protocol", "text": HOSTEL}).json()
    law001 = next(f for f in view["findings"] if f["code"] == "LAW001")
    assert law001["line"] == 18 and law001["clause"] == "4" and law001["severity"] == "error"
    assert "no legal duty" in law001["message"]
    assert "W v Egdell" in law001["rests_on"]
    assert "staff may share identity with police" in law001["suggestion"] and law001["replaces"] == [17, 19]
    assert view["counts"]["error"] >= 1 and view["title"] == "Harbour House"
    assert view["drawing"]["svg"].startswith("<svg") and view["drawing"]["arrows"][0]["status"] == "unjustified"
    assert "decision table" in view["table"]
    assert view["leaflet"]["title"] == "What happens to what you tell us"


def test_a_protocol_that_does_not_parse_still_gets_its_errors(client: TestClient) -> None:
    view = post(client, "/api/check", {"path": "harbour.protocol", "text": HOSTEL + "clause\n"}).json()
    assert [f["code"] for f in view["findings"]] == ["E001"]
    assert view["usable"] is False and view["drawing"] is None and view["table"] is None


def test_apply_puts_the_rewording_in_place_and_keeps_comments(client: TestClient) -> None:
    asked = {"path": "harbour.protocol", "text": HOSTEL, "code": "LAW001", "clause": "4", "line": 18}
    text = post(client, "/api/apply", asked).json()["text"]
    assert "staff may share identity with police  # every time" in text
    assert "# The police asked for this one." in text and "# Harbour House: drafted by the manager." in text
    view = post(client, "/api/check", {"path": "harbour.protocol", "text": text}).json()
    assert not [f for f in view["findings"] if f["clause"] == "4" and f["severity"] != "info"]
    stale = post(client, "/api/apply", {**asked, "text": text})  # the finding is gone: nothing to apply
    assert stale.status_code == 400 and "changed" in stale.json()["error"]


def test_save_is_atomic_keeps_comments_and_refuses_a_file_changed_on_disk(client: TestClient, folder: Path) -> None:
    first = opened(client)
    edited = first["text"].replace("# every time", "# every time (to be reviewed)")
    saved = post(client, "/api/save", {"path": "harbour.protocol", "text": edited, "base": first["version"]})
    assert saved.status_code == 200
    assert (folder / "harbour.protocol").read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in folder.iterdir()) == ["harbour.protocol"]  # no temporary file left behind
    (folder / "harbour.protocol").write_text(HOSTEL.replace("Harbour House", "Harbour House (colleague's edit)"),
                                             encoding="utf-8")
    again = post(client, "/api/save", {"path": "harbour.protocol", "text": edited + "\n# mine\n",
                                       "base": saved.json()["version"]})
    assert again.status_code == 409
    conflict = again.json()
    assert conflict["conflict"] is True
    assert '-protocol "Harbour House (colleague\'s edit)"' in conflict["diff"] and "+# mine" in conflict["diff"]
    assert "colleague's edit" in (folder / "harbour.protocol").read_text(encoding="utf-8")  # not overwritten
    forced = post(client, "/api/save", {"path": "harbour.protocol", "text": edited, "base": conflict["version"]})
    assert forced.status_code == 200  # the manager chose to save over it, having seen the diff


def test_save_keeps_windows_line_ends_and_the_file_mode(client: TestClient, folder: Path) -> None:
    path = folder / "harbour.protocol"
    path.write_bytes(HOSTEL.replace("\n", "\r\n").encode())
    os.chmod(path, 0o640)
    first = opened(client)
    assert "\r" not in first["text"]
    post(client, "/api/save", {"path": "harbour.protocol", "text": first["text"] + "# more\n",
                               "base": first["version"]})
    assert path.read_bytes().endswith(b"# more\r\n") and b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_new_protocol_starts_from_the_starter_and_is_written_only_on_save(client: TestClient, folder: Path) -> None:
    started = get(client, "/api/new", path="riverside.protocol", service="homeless-hostel", clients="adults").json()
    assert started["version"] == "" and started["text"].startswith("# A starter information-sharing protocol")
    assert not (folder / "riverside.protocol").exists()
    view = post(client, "/api/check", {"path": "riverside.protocol", "text": started["text"]}).json()
    assert view["counts"]["error"] == 0 and view["counts"]["warning"] == 0
    assert post(client, "/api/save", {"path": "riverside.protocol", "text": started["text"], "base": ""}).status_code \
        == 200
    assert (folder / "riverside.protocol").read_text(encoding="utf-8") == started["text"]
    taken = get(client, "/api/new", path="harbour.protocol", service="homeless-hostel", clients="adults")
    assert taken.status_code == 400 and "already exists" in taken.json()["error"]
    assert get(client, "/api/new", path="x.protocol", service="casino", clients="adults").status_code == 400
    clash = post(client, "/api/save", {"path": "harbour.protocol", "text": "# new\n", "base": ""})
    assert clash.status_code == 409  # "new" but a file is there: never overwritten blind


def test_scenarios_run_on_the_unsaved_text(client: TestClient, folder: Path) -> None:
    (folder / "harbour.scenario").write_text(
        'scenario "Nothing has happened and the client said no"\n  protocol-file "harbour.protocol"\n'
        "  client age 30\n  events none\n  consent refused\n  expect no-share with police\n", encoding="utf-8")
    before = post(client, "/api/scenarios", {"path": "harbour.protocol", "text": HOSTEL}).json()["scenarios"]
    assert [(s["title"], s["passed"]) for s in before] == [("Nothing has happened and the client said no", False)]
    assert before[0]["outcomes"][0]["expect"] == "expect no-share with police"
    assert "clause 4" in before[0]["outcomes"][0]["happened"]
    fixed = HOSTEL.replace("staff must share", "staff may share").replace("consent not-required", "consent required")
    after = post(client, "/api/scenarios", {"path": "harbour.protocol", "text": fixed}).json()["scenarios"]
    assert after[0]["passed"] is True and after[0]["outcomes"][0]["passed"] is True
    assert (folder / "harbour.protocol").read_text(encoding="utf-8") == HOSTEL  # run on the draft, not saved


def test_protocol_text_travels_as_json_text(client: TestClient) -> None:
    hostile = HOSTEL.replace('"Harbour House"', '"<script>window.pwned=1</script>"')
    view = post(client, "/api/check", {"path": "harbour.protocol", "text": hostile})
    assert view.headers["content-type"] == "application/json"
    assert view.json()["title"] == "<script>window.pwned=1</script>"
    assert "<script>" not in view.json()["drawing"]["svg"]  # the drawing escapes it (and is shown as an image)


def test_a_folder_that_cannot_be_read_is_named_in_the_list_not_left_out(
        folder: Path, unreadable: Callable[[Path], None]) -> None:
    """Its protocols cannot be listed; the page must say which folder is missing and why, as
    ``check`` does with E006, rather than show a shorter list as if it were the whole folder."""
    (folder / "team").mkdir()
    (folder / "team" / "night.protocol").write_text(HOSTEL, encoding="utf-8")
    unreadable(folder / "team")
    listed = get(client_for(folder), "/api/folder").json()
    assert listed["protocols"] == ["harbour.protocol"]
    assert listed["unreadable"] == [{"folder": "team", "why": "Permission denied"}]


def test_serve_refuses_a_missing_folder_with_exit_2(cli: Any, tmp_path: Path) -> None:
    code, _, err = cli("serve", str(tmp_path / "nowhere"))
    assert code == 2 and "no such folder" in err


def test_serve_says_so_when_the_port_is_taken(cli: Any, folder: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        code, _, err = cli("serve", str(folder), "--port", str(taken.getsockname()[1]))
    assert code == 2 and "cannot listen" in err and "--port" in err


def test_includes_reach_across_the_served_folder_as_check_has_them(folder: Path) -> None:
    (folder / "shared").mkdir()
    (folder / "shared" / "partners.protocol").write_text('recipient probation "Probation"\n  kind probation\n',
                                                         encoding="utf-8")
    (folder / "teams").mkdir()
    (folder / "teams" / "night.protocol").write_text(HOSTEL + 'include "../shared/partners.protocol"\n',
                                                      encoding="utf-8")
    client = client_for(folder)
    night = opened(client, "teams/night.protocol")
    view = post(client, "/api/check", {"path": "teams/night.protocol", "text": night["text"]}).json()
    assert not [f for f in view["findings"] if f["code"].startswith("E")]
    assert get(client, "/api/folder").json()["protocols"] == ["harbour.protocol", "shared/partners.protocol",
                                                              "teams/night.protocol"]


def test_apply_removes_a_stale_waiver(client: TestClient) -> None:
    waiver = '  allow CON002 "no family here" until 2030-01-01\n'
    waived = HOSTEL.replace("  consent not-required\n", "  consent not-required\n" + waiver)
    view = post(client, "/api/check", {"path": "harbour.protocol", "text": waived}).json()
    stale = next(f for f in view["findings"] if f["code"] == "WAIVER001")
    assert stale["suggestion"] == "" and stale["replaces"] == [20, 20]
    text = post(client, "/api/apply", {"path": "harbour.protocol", "text": waived, "code": "WAIVER001",
                                       "clause": "4", "line": stale["line"]}).json()["text"]
    assert text == HOSTEL
