"""The rule catalogue: importing this package registers every code (LANGUAGE.md §6)."""

from confide.rules import consent, dp, fdap, graph, inputs, law, library, vague, yp  # noqa: F401
