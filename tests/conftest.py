"""Shared test helpers: check a protocol given as text, run the command line in-process."""

from __future__ import annotations

import builtins
import errno
import importlib.util
import io
import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from confide.batch import check_paths as check
from confide.cli import main
from confide.config import Settings
from confide.findings import Finding

ROOT = Path(__file__).resolve().parent.parent


def _load_helper(name: str) -> None:
    """Load tests/<name>.py once, for the test modules that share it (rule fixtures, generated
    protocols).

    pytest's importlib mode puts no test folder on sys.path, and conftest.py is imported
    before any test module, so it registers the module by path here.
    """
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_load_helper("rules_cases")
_load_helper("generated")
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user cache folder (XDG_CACHE_HOME): the result cache and its key
    live there, and one test's entries (or another checkout's, on a shared machine) must never
    answer another's check.
    """
    folder = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "confide"


@pytest.fixture
def check_text(tmp_path: Path) -> Callable[..., list[Finding]]:
    """Write ``text`` (dedented) to a protocol file in a fresh folder and check it."""

    def run(text: str, name: str = "t.protocol", settings: Settings | None = None,
            extra: dict[str, str] | None = None) -> list[Finding]:
        for other, body in (extra or {}).items():
            (tmp_path / other).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / other).write_text(textwrap.dedent(body), encoding="utf-8")
        target = tmp_path / name
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        results = list(check([str(target)], settings or Settings()))
        return [f for r in results for f in r.findings]

    return run


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``confide ARGS`` in-process: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> Callable[[str | bytes], None]:
    """Give the next command these bytes (text: as UTF-8) on standard input, as a pipe gives them."""

    def feed(data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))

    return feed


def pytest_addoption(parser: pytest.Parser) -> None:
    """``pytest --update-golden`` rewrites tests/golden/ from the current output."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files in tests/golden/ instead of comparing against them")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to refresh the golden files."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make a file or folder unreadable (mode 000) for the rest of the test.

    The superuser reads anything whatever its mode, so when the tests run as root (as in this
    project's containers) listing or opening the path is refused the way the kernel refuses
    anyone else: with EACCES.
    """
    locked: list[str] = []
    real_scandir, real_open = os.scandir, io.open

    def check(path: Any) -> None:
        if isinstance(path, (str, os.PathLike)) and os.path.abspath(os.fspath(path)) in locked:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def scandir(path: Any = ".") -> Any:
        check(path)
        return real_scandir(path)

    def open_(path: Any, *args: Any, **kwargs: Any) -> Any:
        check(path)
        return real_open(path, *args, **kwargs)

    def lock(path: Path) -> None:
        locked.append(str(path.resolve()))
        path.chmod(0)
        if os.geteuid() == 0:
            monkeypatch.setattr(os, "scandir", scandir)
            monkeypatch.setattr(io, "open", open_)
            monkeypatch.setattr(builtins, "open", open_)

    yield lock
    for name in locked:
        Path(name).chmod(0o700)


@pytest.fixture
def script() -> Callable[[str], ModuleType]:
    """Load ``scripts/<name>.py`` as a module: the scripts are run as programs, never installed."""
    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
