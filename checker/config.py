"""``[tool.confide]`` (or ``confide.toml``, or ``--config FILE``) + command-line flags -> :class:`Settings`.

The file is found by walking up from the working folder: at each level a ``confide.toml``,
then a ``pyproject.toml`` that has a ``[tool.confide]`` table (one without it is passed
over, as black does). Every key is checked before anything is read: an unknown key or a bad
value stops the run (exit 2) with one line naming the file, the key and, where it can, the
key or value that was probably meant. Flags given on the command line win over the file, and
the file over the defaults (``format`` defaults to ``github`` inside GitHub Actions).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from confide import vocabulary as V
from confide.findings import Severity
from confide.inputs import UNCHECKED
from confide.source import suggestion_suffix

FORMATS = ("text", "json", "sarif", "markdown", "html", "github")
SEVERITIES = ("error", "warning", "info")
CONFIG_NAME = "confide.toml"


class ConfigError(Exception):
    """The configuration cannot be used (exit 2); the message is one line."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, fixed before the first file is read.

    ``select`` and ``ignore`` hold rule codes or code prefixes (``FDAP``, ``LAW00``); ``disable``
    is the older spelling of ``ignore``; ``per_file_ignores`` pairs a path pattern with the codes
    ignored in the files it matches. ``exclude`` and ``per_file_ignores`` patterns are relative to
    ``project``, the folder of the configuration file that was read, if any (else the working
    folder): includes may reach anywhere inside it. ``force_exclude`` applies ``exclude`` to
    files named on the command line too (pre-commit names every file it checks).
    """

    fail_on: Severity = Severity.ERROR
    format: str = "text"
    library: tuple[Path, ...] = ()
    jurisdiction: str | None = None
    disable: frozenset[str] = frozenset()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_file_size: int = 5 * 1024 * 1024
    # A file that takes longer or more memory than this to check is stopped with E006
    # (docs/security.md): far beyond any real protocol, low enough to keep a CI runner free.
    time_budget: int = 60  # seconds
    memory_budget: int = 1024  # MB
    cache_size: int = 512  # MB: the result cache is pruned back under this (least recently used first)
    rules_url: str | None = None
    sarif_include_waived: bool = False
    today: date = field(default_factory=date.today)
    project: Path | None = None

    def selects(self, code: str, path: str = "") -> bool:
        """Whether findings of ``code`` are reported in this run: always, for an input error."""
        if code in UNCHECKED:
            return True
        if code in self.disable or any(code.startswith(p) for p in self.ignore):
            return False
        if path and self.per_file_ignores and any(
                code.startswith(c) for pattern, codes in self.per_file_ignores
                if matches(pattern, path, self.base) for c in codes):
            return False
        return not self.select or any(code.startswith(p) for p in self.select)

    @property
    def base(self) -> Path:
        """The folder ``exclude`` and ``per-file-ignores`` patterns are relative to."""
        return self.project or Path.cwd().resolve()

    def excludes(self, path: str) -> bool:
        """Whether an ``exclude`` pattern matches ``path`` (or a folder it is in)."""
        return any(matches(pattern, path, self.base) for pattern in self.exclude)


def matches(pattern: str, path: str, base: Path) -> bool:
    """Whether the glob ``pattern`` matches ``path`` or one of its folders, as ruff and git read globs.

    A pattern without a ``/`` (``*.old.protocol``, ``drafts``) matches a file or folder name at
    any depth; one with a ``/`` (``protocols/drafts/*``) is anchored at ``base``, the folder of
    the configuration file, so it means the same from any subfolder. Paths in ``<...>`` (the
    built-in library, standard input without a name) match nothing.
    """
    if path.startswith("<"):
        return False
    return _matches(pattern, os.path.abspath(path), os.path.normpath(path), base)


@functools.lru_cache(maxsize=4096)
def _matches(pattern: str, absolute_path: str, path: str, base: Path) -> bool:
    """:func:`matches` once per pattern and file (a report asks once per finding)."""
    # Folders resolved, as the configuration's folder was found; a linked file keeps its own name.
    folder, name = os.path.split(absolute_path)
    absolute = Path(os.path.realpath(folder), name)
    try:
        parts = absolute.relative_to(base).parts
    except ValueError:
        parts = Path(os.path.normpath(path)).parts
    bare = pattern.strip("/")
    if "/" not in bare:
        return any(fnmatch.fnmatchcase(part, bare) for part in parts)
    return any(fnmatch.fnmatchcase("/".join(parts[:n]), bare) for n in range(1, len(parts) + 1))


def code_list(names: Iterable[str], where: str, key: str) -> tuple[str, ...]:
    """Rule codes, symbols or code prefixes (``--select LAW,FDAP00``) as codes, each checked."""
    return tuple(rule_code(n.strip(), where, key, prefix=True) for item in names for n in item.split(",")
                 if n.strip())


def silenceable(codes: Iterable[str], where: str, key: str) -> tuple[str, ...]:
    """``codes`` (codes or prefixes) to ignore or re-grade, refusing any that covers an input error.

    An input error means the protocol was not checked; ignoring it, or grading it below an
    error, would report an unchecked protocol as clean.
    """
    out = tuple(codes)
    for code in out:
        hidden = sorted(c for c in UNCHECKED if c.startswith(code))
        if hidden:
            place = f"{where}: {key}" if key else where
            what = f"{code} cannot be left out or re-graded" if hidden == [code] else \
                f"'{code}' would leave out {', '.join(hidden)}"
            raise ConfigError(f"{place}: {what}: a protocol with an input error was not checked, so input errors "
                              "are always reported as errors")
    return out


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest configuration above ``start``: its path and its confide table."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own, read_table(own) or {}
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = read_table(pyproject)
            if table is not None:
                return pyproject, table
    return None


def read_table(path: Path) -> dict[str, Any] | None:
    """The confide settings in ``path``: ``[tool.confide]`` of a pyproject.toml (None when it
    has none), else the whole file.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict):  # `tool = "x"`, `tool = []`, `[[tool]]`
            kind = "a list" if isinstance(tool, list) else "a string" if isinstance(tool, str) else "a single value"
            raise ConfigError(f"{path}: tool must be a table ([tool], holding [tool.confide]), not {kind}")
        table = tool.get("confide")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.confide] must be a table")
        return table
    return document


def _where(path: Path) -> str:
    return f"{path} [tool.confide]" if path.name == "pyproject.toml" else str(path)


def _choice(value: Any, options: tuple[str, ...] | frozenset[str], where: str, key: str) -> str:
    if not isinstance(value, str) or value not in options:
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        hint = suggestion_suffix(value, options) if isinstance(value, str) else ""
        raise ConfigError(f"{where}: {key} = {shown} is not one of {', '.join(sorted(options))}{hint}")
    return value


def _strings(value: Any, where: str, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: {key} must be a string or a list of strings")
    return items


def rule_code(name: str, where: str, key: str, prefix: bool = False) -> str:
    """The code ``name`` stands for (a code or a symbol; with ``prefix``, also a code prefix)."""
    from confide.rules import CATALOGUE  # the catalogue sits below settings in the pipeline

    found = CATALOGUE.lookup(name)
    if found is not None:
        return found.code
    if prefix and name.isupper() and any(code.startswith(name) for code in CATALOGUE.codes):
        return name
    guess = CATALOGUE.guess(name)
    hint = f"; did you mean '{guess}'?" if guess else ""
    place = f"{where}: {key}" if key else where  # a file and its key, or a flag alone
    raise ConfigError(f"{place}: '{name}' is not a rule code{' or prefix' if prefix else ''} or symbol{hint}")


def _fail_on(value: Any, where: str, base: Path) -> dict[str, Any]:
    return {"fail_on": Severity.parse(_choice(value, SEVERITIES, where, "fail-on"))}


def _format(value: Any, where: str, base: Path) -> dict[str, Any]:
    return {"format": _choice(value, FORMATS, where, "format")}


def _library(value: Any, where: str, base: Path) -> dict[str, Any]:
    # Relative to the configuration file, so it means the same from any subfolder.
    files = []
    for name in _strings(value, where, "library"):
        file = base / name
        if file.is_dir():
            raise ConfigError(f"{where}: library = '{name}' is a folder ({file}); name a law library file")
        if not file.is_file():
            raise ConfigError(f"{where}: library = '{name}': no such file ({file})")
        files.append(file)
    return {"library": tuple(files)}


def _jurisdiction(value: Any, where: str, base: Path) -> dict[str, Any]:
    return {"jurisdiction": _choice(value, V.JURISDICTIONS, where, "jurisdiction")}


def _disable(value: Any, where: str, base: Path) -> dict[str, Any]:
    codes = (rule_code(n, where, "disable") for n in _strings(value, where, "disable"))
    return {"disable": frozenset(silenceable(codes, where, "disable"))}


def _severity(value: Any, where: str, base: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: severity must be a table, e.g. [tool.confide.severity] LAW005 = \"warning\"")
    codes = silenceable((rule_code(code, where, "severity") for code in value), where, "severity")
    return {"severity": {code: Severity.parse(_choice(level, SEVERITIES, where, f"severity.{name}"))
                         for code, (name, level) in zip(codes, value.items(), strict=True)}}


def _select(value: Any, where: str, base: Path) -> dict[str, Any]:
    return {"select": tuple(rule_code(n, where, "select", prefix=True) for n in _strings(value, where, "select"))}


def _ignore(value: Any, where: str, base: Path) -> dict[str, Any]:
    codes = (rule_code(n, where, "ignore", prefix=True) for n in _strings(value, where, "ignore"))
    return {"ignore": silenceable(codes, where, "ignore")}


def _exclude(value: Any, where: str, base: Path) -> dict[str, Any]:
    return {"exclude": tuple(_strings(value, where, "exclude"))}


def _flag(key: str) -> Callable[[Any, str, Path], dict[str, Any]]:
    def read(value: Any, where: str, base: Path) -> dict[str, Any]:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false")
        return {key.replace("-", "_"): value}

    return read


def _per_file_ignores(value: Any, where: str, base: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: per-file-ignores must be a table of path patterns, e.g. "
                          '[tool.confide.per-file-ignores] "drafts/*" = ["LAW005"]')
    return {"per_file_ignores": tuple(
        (pattern, silenceable(code_list(_strings(codes, where, f"per-file-ignores.{pattern}"), where,
                                        f"per-file-ignores.{pattern}"), where, f"per-file-ignores.{pattern}"))
        for pattern, codes in value.items())}


def _max_file_size(value: Any, where: str, base: Path) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: max-file-size must be a positive whole number of bytes")
    return {"max_file_size": value}


def _positive(key: str, field_name: str, unit: str) -> Callable[[Any, str, Path], dict[str, Any]]:
    """A key whose value is a positive whole number of ``unit``."""
    def check(value: Any, where: str, base: Path) -> dict[str, Any]:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}: {key} must be a positive whole number of {unit}")
        return {field_name: value}

    return check


def _rules_url(value: Any, where: str, base: Path) -> dict[str, Any]:
    if not isinstance(value, str) or not value.startswith(("https://", "http://", "file://")):
        raise ConfigError(f"{where}: rules-url must be an absolute address, e.g. "
                          "\"https://example.org/policies/docs/rules.md\"")
    return {"rules_url": value}


def _sarif_include_waived(value: Any, where: str, base: Path) -> dict[str, Any]:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: sarif-include-waived must be true or false")
    return {"sarif_include_waived": value}


KEYS: dict[str, Callable[[Any, str, Path], dict[str, Any]]] = {
    "fail-on": _fail_on, "format": _format, "library": _library, "jurisdiction": _jurisdiction,
    "disable": _disable, "select": _select, "ignore": _ignore, "severity": _severity, "exclude": _exclude,
    "force-exclude": _flag("force-exclude"), "respect-gitignore": _flag("respect-gitignore"),
    "per-file-ignores": _per_file_ignores, "max-file-size": _max_file_size,
    "time-budget": _positive("time-budget", "time_budget", "seconds"),
    "memory-budget": _positive("memory-budget", "memory_budget", "megabytes"),
    "cache-size": _positive("cache-size", "cache_size", "megabytes"),
    "rules-url": _rules_url,
    "sarif-include-waived": _sarif_include_waived,
}


def from_table(table: Mapping[str, Any], path: Path) -> dict[str, Any]:
    """Validated ``Settings`` fields from a confide table read from ``path``."""
    where = _where(path)
    values: dict[str, Any] = {}
    for key, value in table.items():
        check = KEYS.get(key)
        if check is None:
            raise ConfigError(f"{where}: unknown key '{key}'{suggestion_suffix(key.replace('_', '-'), KEYS)}")
        values.update(check(value, where, path.parent))
    return values


def load_settings(flags: Mapping[str, Any], config: Path | None = None, cwd: Path | None = None) -> Settings:
    """Settings from the configuration file, with every flag that was given (not None) on top.

    ``config`` names the file explicitly (``--config``); otherwise the nearest one above
    ``cwd`` is used, if any. ``flags`` uses ``Settings`` field names.
    """
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"configuration file not found: {config}")
        found: tuple[Path, dict[str, Any]] | None = (config, read_table(config) or {})
    else:
        found = find_config((cwd or Path.cwd()).resolve())
    values = from_table(found[1], found[0]) if found else {}
    if found:
        values["project"] = found[0].parent
    names = {f.name for f in fields(Settings)}
    values.update({k: v for k, v in flags.items() if v is not None and k in names})
    # Inside a GitHub Actions job, annotations are the useful default (the file or a flag wins).
    default = Settings(format="github" if os.environ.get("GITHUB_ACTIONS") else "text")
    return replace(default, **values)
