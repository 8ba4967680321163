"""[tool.confide] / confide.toml / --config -> Settings: every key, every error, flags on top."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.config import ConfigError, Settings, find_config, load_settings
from confide.findings import Severity

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "golden" / "sample.protocol"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_every_key_is_read_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "law").mkdir()
    write(tmp_path, "law/local.protocol", "")
    write(tmp_path, "pyproject.toml", """\
        [project]
        name = "policies"

        [tool.confide]
        fail-on = "warning"
        format = "sarif"
        library = ["law/local.protocol"]
        jurisdiction = "wales"
        disable = ["GRAPH003", "vague-trigger"]
        exclude = ["drafts/*"]
        max-file-size = 1000
        rules-url = "https://policies.example.org/confide/rules.md"

        [tool.confide.severity]
        LAW005 = "warning"
        """)
    settings = load_settings({}, cwd=tmp_path)
    assert settings.fail_on == Severity.WARNING
    assert settings.format == "sarif"
    assert settings.library == (tmp_path / "law" / "local.protocol",)
    assert settings.jurisdiction == "wales"
    assert settings.disable == frozenset({"GRAPH003", "VAGUE001"})
    assert settings.exclude == ("drafts/*",)
    assert settings.max_file_size == 1000
    assert settings.rules_url == "https://policies.example.org/confide/rules.md"
    assert settings.severity == {"LAW005": Severity.WARNING}


def test_found_by_searching_upwards_skipping_a_pyproject_without_the_table(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.confide]\nfail-on = "info"\n')
    inner = tmp_path / "services" / "hostels"
    inner.mkdir(parents=True)
    write(inner.parent, "pyproject.toml", '[project]\nname = "x"\n')
    found = find_config(inner)
    assert found is not None and found[0] == tmp_path / "pyproject.toml"
    assert load_settings({}, cwd=inner).fail_on == Severity.INFO


def test_confide_toml_is_read_whole_and_wins_at_its_level(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.confide]\nformat = "json"\n')
    write(tmp_path, "confide.toml", 'format = "markdown"\n')
    assert load_settings({}, cwd=tmp_path).format == "markdown"


def test_no_config_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings({}, cwd=tmp_path) == Settings(today=load_settings({}, cwd=tmp_path).today)


def test_flags_win_over_the_file(tmp_path: Path) -> None:
    write(tmp_path, "a.protocol", "")
    write(tmp_path, "confide.toml", 'fail-on = "info"\nformat = "json"\nlibrary = "a.protocol"\n')
    settings = load_settings({"fail_on": Severity.ERROR, "format": "html", "library": (Path("b.protocol"),),
                              "jurisdiction": None}, cwd=tmp_path)
    assert (settings.fail_on, settings.format, settings.library) == (Severity.ERROR, "html", (Path("b.protocol"),))


def test_explicit_config_file(tmp_path: Path) -> None:
    path = write(tmp_path, "team.toml", 'fail-on = "warning"\n')
    assert load_settings({}, config=path, cwd=Path("/")).fail_on == Severity.WARNING
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_settings({}, config=tmp_path / "missing.toml")


def test_github_actions_makes_annotations_the_default_but_not_over_the_file(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert load_settings({}, cwd=tmp_path).format == "github"
    write(tmp_path, "confide.toml", 'format = "text"\n')
    assert load_settings({}, cwd=tmp_path).format == "text"


@pytest.mark.parametrize(("toml", "message"), [
    ('fail_on = "warning"\n', "unknown key 'fail_on'; did you mean 'fail-on'?"),
    ('formats = "json"\n', "unknown key 'formats'; did you mean 'format'?"),
    ('fail-on = "warn"\n', "fail-on = 'warn' is not one of error, info, warning; did you mean 'warning'?"),
    ('format = "sarf"\n', "did you mean 'sarif'?"),
    ("format = 3\n", "format = 3 is not one of"),
    ('jurisdiction = "england"\n', "jurisdiction = 'england' is not one of"),
    ('disable = ["LAW01"]\n', "disable: 'LAW01' is not a rule code or symbol; did you mean 'LAW001'?"),
    ("disable = [1]\n", "disable must be a string or a list of strings"),
    ('exclude = 5\n', "exclude must be a string or a list of strings"),
    ('library = [true]\n', "library must be a string or a list of strings"),
    ('severity = "warning"\n', "severity must be a table"),
    ('[severity]\nLAW005 = "loud"\n', "severity.LAW005 = 'loud' is not one of"),
    ('[severity]\nLAW05 = "info"\n', "severity: 'LAW05' is not a rule code or symbol; did you mean 'LAW005'?"),
    ("max-file-size = -1\n", "max-file-size must be a positive whole number"),
    ("max-file-size = true\n", "max-file-size must be a positive whole number"),
    ('rules-url = "docs/rules.md"\n', "rules-url must be an absolute address"),
    ('sarif-include-waived = "yes"\n', "sarif-include-waived must be true or false"),
    ("fail-on = \n", "is not valid TOML"),
])
def test_bad_configuration_is_one_clear_line(tmp_path: Path, toml: str, message: str) -> None:
    write(tmp_path, "confide.toml", toml)
    with pytest.raises(ConfigError) as caught:
        load_settings({}, cwd=tmp_path)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "confide.toml"))


def test_pyproject_errors_name_the_table(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.confide]\nfial-on = "error"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.confide\]: unknown key 'fial-on'; did you mean"):
        load_settings({}, cwd=tmp_path)
    write(tmp_path, "pyproject.toml", '[tool]\nconfide = 1\n')
    with pytest.raises(ConfigError, match="must be a table"):
        load_settings({}, cwd=tmp_path)


def test_cli_exits_2_with_one_line_on_bad_config(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "confide.toml", 'fail_on = "warning"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", str(SAMPLE))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"confide: {tmp_path / 'confide.toml'}: unknown key 'fail_on'; "
                                        "did you mean 'fail-on'?"]


@pytest.mark.parametrize("tool, kind", [('tool = "x"\n', "not a string"), ("tool = []\n", "not a list"),
                                        ("[[tool]]\nx = 1\n", "not a list")])
@pytest.mark.parametrize("command", [("check",), ("fmt", "--check"), ("test",), ("explain", "1.1")])
def test_a_pyproject_whose_tool_is_not_a_table_is_a_settings_error(cli: Cli, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch, tool: str,
                                                                     kind: str, command: tuple[str, ...]) -> None:
    write(tmp_path, "pyproject.toml", tool)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(command[0], str(SAMPLE), *command[1:])
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"confide: {tmp_path / 'pyproject.toml'}: tool must be a table ([tool], "
                                        f"holding [tool.confide]), {kind}"]


@pytest.mark.parametrize("library, words", [
    ('"laws"', "library = 'laws' is a folder"),
    ('""', "library = '' is a folder"),
    ('["laws/local.protocol", "laws/gone.protocol"]', "library = 'laws/gone.protocol': no such file"),
])
def test_a_library_setting_that_names_no_file_says_where_it_was_set(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: str, words: str) -> None:
    (tmp_path / "laws").mkdir()
    write(tmp_path, "laws/local.protocol", "")
    write(tmp_path, "pyproject.toml", f"[tool.confide]\nlibrary = {library}\n")
    monkeypatch.chdir(tmp_path)
    for command in (("check", str(SAMPLE)), ("test", str(SAMPLE)), ("explain", str(SAMPLE), "1.1")):
        code, out, err = cli(*command)
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1
        assert err.startswith(f"confide: {tmp_path / 'pyproject.toml'} [tool.confide]: {words}")


def test_a_broken_library_in_the_settings_stops_every_command_alike(cli: Cli, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` no longer reports the library's errors and then judges protocols against what was
    left of it (exit 1): like `test` and `explain`, it shows each problem in full on stderr and
    stops with one line (exit 2).
    """
    write(tmp_path, "local.protocol", 'law my-law "Mine\n  kind duty\n')
    write(tmp_path, "pyproject.toml", '[tool.confide]\nlibrary = ["local.protocol"]\n')
    monkeypatch.chdir(tmp_path)
    for command in (("check", str(SAMPLE)), ("check", "--format", "json", str(SAMPLE)), ("test", str(SAMPLE)),
                    ("explain", str(SAMPLE), "1.1")):
        code, out, err = cli(*command)
        assert (code, out) == (2, ""), command
        lines = err.strip().splitlines()
        assert lines[0].startswith(f"{tmp_path / 'local.protocol'}:1:") and " error E001 unclosed quote" in lines[0]
        assert '    1 | law my-law "Mine' in lines
        assert lines[-1] == (f"confide: the law library has errors: {tmp_path / 'local.protocol'}:1: "
                             "E001 unclosed quote: a text in double quotes must end on the same line "
                             'with "; nothing can be judged against it until they are fixed')


def test_cli_uses_the_config_and_flags_override_it(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "confide.toml", 'format = "json"\ndisable = ["LAW005"]\n[severity]\nLAW001 = "warning"\n'
                                    'FDAP002 = "warning"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", str(SAMPLE), "--no-cache")
    assert code == 0 and out.startswith("{")  # no errors left: LAW001, FDAP002 are warnings now
    assert '"LAW005"' not in out and '"severity": "warning"' in out
    code, out, _ = cli("check", str(SAMPLE), "--no-cache", "--fail-on", "warning", "--format", "text")
    assert code == 1 and out.startswith(f"{SAMPLE}:35:3: warning LAW001")
    code, _, err = cli("check", str(SAMPLE), "--config", str(tmp_path / "nope.toml"))
    assert code == 2 and "configuration file not found" in err
