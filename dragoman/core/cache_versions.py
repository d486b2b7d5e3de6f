"""Version counters that retire cached results: a reader puts the current version in its
cache key, a writer bumps it after a change, and the stale entries are never read again
(they expire by themselves). One counter per scope, shared by every process through the
cache (Redis at scale)."""

from __future__ import annotations

from django.core.cache import cache


def version_bump(*keys: str) -> None:
    """Move each counter on by one (made at 1 when missing): cached results keyed on the
    old value are stale from now on."""
    for key in keys:
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.set(key, 1, timeout=None)


def versions_of(*keys: str) -> str:
    """The counters' current values in one cache read, as one string for a cache key."""
    found = cache.get_many(keys)
    return ".".join(str(found.get(key, 0)) for key in keys)
