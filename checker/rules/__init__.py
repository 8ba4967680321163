"""The rule catalogue: importing this package registers every code (LANGUAGE.md §6)."""

from checker.rules import consent, dp, fdap, graph, inputs, law, library, vague, yp  # noqa: F401
