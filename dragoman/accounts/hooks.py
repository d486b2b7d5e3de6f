"""What the apps built on accounts do when something happens to an account.

They register a function in their ``AppConfig.ready`` (organisations, for example, keep a
member's sortable name in step and tell managers of a confirmed registration), so accounts
never imports the apps that build on it. Like ``core.openwork``, and unlike signals, the hooks
are called by name from the services where the event happens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, Literal

Event = Literal["email_confirmed", "name_changed"]
Hook = Callable[..., None]

_hooks: dict[str, dict[str, Hook]] = defaultdict(dict)


def register(event: Event, hook: Hook) -> None:
    """Call ``hook(user=...)`` when ``event`` happens (registering again replaces)."""
    _hooks[event][f"{hook.__module__}.{hook.__qualname__}"] = hook


def run(event: Event, **details: Any) -> None:
    for hook in list(_hooks[event].values()):
        hook(**details)
