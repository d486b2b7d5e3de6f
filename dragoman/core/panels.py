"""Panels: parts of a page that the apps building on it provide.

A page names a slot ("order_detail", "dashboard"); apps register providers for it in their
``AppConfig.ready``. A provider takes what the page knows (the request, the object, the
caller's Actor) and returns a ``Panel`` or None when it has nothing to show for this caller.
The page renders the panels it is given with ``{% render_panel panel %}``, so it never imports
the apps that build on it (the layering rule of STYLE.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[..., Panel | None]

_providers: dict[str, list[tuple[int, str, PanelProvider]]] = defaultdict(list)


def register(slot: str, provider: PanelProvider, *, position: int = 100) -> None:
    """Add (or replace, by the provider's qualified name) a provider to a slot; panels come
    in order of ``position``."""
    name = f"{provider.__module__}.{provider.__qualname__}"
    entries = [entry for entry in _providers[slot] if entry[1] != name]
    entries.append((position, name, provider))
    _providers[slot] = sorted(entries, key=lambda entry: (entry[0], entry[1]))


def panels(slot: str, **page: Any) -> list[Panel]:
    """The panels of a slot for this page and caller, in order."""
    found = []
    for _position, _name, provider in _providers[slot]:
        panel = provider(**page)
        if panel is not None:
            found.append(panel)
    return found


# Some pages are one template per role whose data several apps give: each app registers a
# function that returns its part of the page's context (empty when it has nothing for this
# caller), and the page merges them in order of registration.
ContextProvider = Callable[..., dict[str, Any]]
_context_providers: dict[str, dict[str, ContextProvider]] = defaultdict(dict)


def register_context(slot: str, provider: ContextProvider) -> None:
    """Add (or replace, by the provider's qualified name) a context provider to a slot."""
    _context_providers[slot][f"{provider.__module__}.{provider.__qualname__}"] = provider


def context(slot: str, **page: Any) -> dict[str, Any]:
    """The page's context as the registered apps give it for this caller."""
    merged: dict[str, Any] = {}
    for provider in _context_providers[slot].values():
        merged.update(provider(**page))
    return merged
