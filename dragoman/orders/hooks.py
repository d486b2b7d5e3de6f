"""What the apps built on orders do when a request changes (a conversation opens when a
linguist confirms, says so when the status changes, follows the event when it moves).

Each registers a function in its ``AppConfig.ready``; ``_record`` in ``orders.services``
calls every one with the new ``OrderEvent``, inside the transaction of the change, so orders
never imports the apps that build on it. Like ``accounts.hooks``, and unlike signals, they
are called by name from the one place every change of a request passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Hook = Callable[..., None]

_hooks: dict[str, Hook] = {}


def register(hook: Hook) -> None:
    """Call ``hook(event=<OrderEvent>)`` after every change of a request (again: replaces)."""
    _hooks[f"{hook.__module__}.{hook.__qualname__}"] = hook


def run(*, event: Any) -> None:
    for hook in list(_hooks.values()):
        hook(event=event)
