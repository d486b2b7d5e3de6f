"""What a demo request's story is made of: the request, and the steps somebody took."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One thing somebody did to a request, ``days`` before today at ``clock`` on their own
    clock; without a clock, in their latest working hour (for what happened just now)."""

    action: str
    by: str  # the local part of their demo e-mail
    days: float
    clock: str | None = None
    note: str = ""
    lines: tuple[tuple[str, str, str, str], ...] = ()  # description, quantity, unit, price
    file: tuple[str, str] | None = None  # name, text
    percent: int | None = None
    linguist: str = ""  # whom an offer is for


@dataclass(frozen=True)
class Story:
    """A request and its steps. ``when`` is the event's start, or the translation's deadline:
    days before today (negative: ahead) and the local clock of ``zone``."""

    title: str
    service: str
    pair: tuple[str, str]
    topic: str
    zone: str
    when: tuple[float, str]
    steps: tuple[Step, ...]
    duration: int | None = None
    platform: str = ""
    link: str = ""
    support: bool = False
    notes: str = ""
