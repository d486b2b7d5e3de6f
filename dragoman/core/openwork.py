"""Open work a person still owns, asked before their contact is removed.

Apps that give people work (orders, tickets, …) register a function that counts a user's
open items; ``contact_remove`` refuses while the sum is above zero. Registering keeps the
dependency pointing from those apps to the accounts, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OpenWorkCounter = Callable[[Any], int]

_counters: dict[str, OpenWorkCounter] = {}


def register(name: str, counter: OpenWorkCounter) -> None:
    _counters[name] = counter


def unregister(name: str) -> None:
    _counters.pop(name, None)


def open_work(user: Any) -> dict[str, int]:
    """``{kind: count}`` of the user's open work, only kinds with something open."""
    counts = {name: counter(user) for name, counter in _counters.items()}
    return {name: count for name, count in counts.items() if count}
