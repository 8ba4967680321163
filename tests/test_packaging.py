"""The package installs as `confide` with its grammar, templates and libraries (nothing from reports/out)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_source_package_is_listed() -> None:
    folders = {p.parent for p in (ROOT / "checker").rglob("__init__.py")}
    wanted = {"confide" + "".join(f".{part}" for part in folder.relative_to(ROOT / "checker").parts)
              for folder in folders}
    assert wanted <= set(CONFIG["packages"]), f"add to [tool.setuptools] packages: {wanted - set(CONFIG['packages'])}"


def test_data_folders_are_mapped_inside_the_package() -> None:
    assert CONFIG["package-dir"]["confide"] == "checker"
    assert CONFIG["package-dir"]["confide.grammar"] == "grammar"
    assert CONFIG["package-dir"]["confide.reports"] == "reports"
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert data["confide.reports"] == ["*.j2"], "only templates: reports/out/ must stay out of the wheel"
    assert "checker" not in CONFIG["packages"] and "grammar" not in CONFIG["packages"]


def test_the_editable_install_maps_the_folder_to_confide() -> None:
    import confide
    from confide.resources import grammar_path, library_path

    assert Path(confide.__file__).resolve().parent == ROOT / "checker"
    assert grammar_path().is_file() and library_path("england-and-wales").is_file()


def test_the_wheel_carries_its_licence_types_marker_and_schemas() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Typing :: Typed" in project["classifiers"] and (ROOT / "checker" / "py.typed").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert data["confide"] == ["py.typed"] and data["confide.schemas"] == ["*.json"]
    assert {p.name for p in (ROOT / "checker" / "schemas").glob("*.json")} == {"report-1.json", "config-1.json"}


def test_the_notes_the_law_libraries_point_to_ship_beside_them() -> None:
    """The libraries send readers to confide/laws/NOTES.md: the wheel must carry it, readable as a resource."""
    from importlib import resources

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "NOTES.md" in data["confide.laws"] and "*.protocol" in data["confide.laws"]
    notes = resources.files("confide").joinpath("laws", "NOTES.md")
    assert notes.is_file() and notes.read_text(encoding="utf-8").startswith("# Notes on the law libraries")
