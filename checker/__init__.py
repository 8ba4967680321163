"""confide: policy-as-code checks for information-sharing protocols.

Reads protocols written in the confide language, builds the graph of obligations they
create and flags every clause that exceeds legal duty or breaches FDAP principles.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
