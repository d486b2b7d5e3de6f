"""Placeholder until the detector lands (same interface)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MASK = "[contact details hidden]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@dataclass(frozen=True)
class Masked:
    text: str
    hidden: int


def mask_contacts(text: str) -> Masked:
    masked, count = _EMAIL.subn(MASK, text)
    return Masked(masked, count)


def has_contacts(text: str) -> bool:
    return mask_contacts(text).hidden > 0
