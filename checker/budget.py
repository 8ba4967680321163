"""A per-file budget of time and memory: a file that costs more is stopped (E006), never left to run.

Every step of a check is meant to cost time in proportion to the file (docs/performance.md,
"Hostile inputs"), and the size limit bounds the file; the budget is the backstop for what
that reasoning misses. The check core opens a :func:`budget` around each file, and the
loops whose length a file decides (syntax-error recovery, includes, rules over clauses,
onward paths) call :func:`checkpoint`, which raises :class:`OverBudget` once the file has
used more processor time or memory than allowed. It is cooperative: it cannot cut a single
step short, which is why every single step is also kept linear.

Time is the thread's processor time, not the clock, so a busy machine (a CI runner running
other jobs) never stops a file that a quiet one would finish. Memory is the growth of the
process's resident size since the file was opened, read from ``/proc`` (elsewhere, from the
peak size the operating system reports). Both are looked at most every 50 ms.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

LOOK_EVERY = 0.05  # seconds between two looks at the processor time and the memory in use


class OverBudget(Exception):
    """A file used more time or memory than its budget; the message says which, for E006."""


@dataclass
class _Budget:
    seconds: float
    bytes: int
    started: float  # processor time
    memory_at_start: int
    looked: float  # the clock, when the budget was last looked at


class _Current(threading.local):
    budget: _Budget | None = None


_CURRENT = _Current()


def resident_bytes() -> int:
    """This process's resident memory now (Linux), else the peak the operating system reports."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextmanager
def budget(seconds: float, megabytes: int) -> Iterator[None]:
    """Give the code inside ``seconds`` of processor time and ``megabytes`` more memory (this thread)."""
    previous = _CURRENT.budget
    _CURRENT.budget = _Budget(seconds, megabytes * 1024 * 1024, time.thread_time(), resident_bytes(),
                              time.monotonic())
    try:
        yield
    finally:
        _CURRENT.budget = previous


def checkpoint() -> None:
    """Raise :class:`OverBudget` if the file being checked has used up its budget; else return at once.

    Cheap enough for any loop: it reads the (fast) clock, and only every :data:`LOOK_EVERY`
    seconds the processor time and the memory, which cost a system call or a file read each.
    """
    spent = _CURRENT.budget
    if spent is None:
        return
    now = time.monotonic()
    if now - spent.looked < LOOK_EVERY:
        return
    spent.looked = now
    if time.thread_time() - spent.started > spent.seconds:
        raise OverBudget(f"took more than {spent.seconds:g} seconds to check (time-budget)")
    if resident_bytes() - spent.memory_at_start > spent.bytes:
        raise OverBudget(f"needed more than {spent.bytes // (1024 * 1024):,} MB of memory to check "
                         "(memory-budget)")
