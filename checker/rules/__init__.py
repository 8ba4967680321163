"""The rule catalogue: importing this package registers every code (LANGUAGE.md §6)."""

from confide import inputs  # noqa: F401
from confide.rules import consent, dp, fdap, jurisdiction, law, structure, vague, yp  # noqa: F401
