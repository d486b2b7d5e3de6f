"""Pseudonyms: the only name a client ever sees of a linguist.

Built from two neutral words and a number ("Amber Heron 27"): easy to say in a chat, and
carrying nothing about the person's name, sex, origin or languages.
"""

from __future__ import annotations

import secrets

ADJECTIVES = (
    "Amber", "Azure", "Bright", "Calm", "Cedar", "Clear", "Copper", "Coral", "Crisp", "Dawn",
    "Deft", "Ember", "Fern", "Frost", "Golden", "Granite", "Hazel", "Indigo", "Ivory", "Jade",
    "Keen", "Linen", "Lunar", "Maple", "Mellow", "Misty", "Noble", "Ochre", "Olive", "Onyx",
    "Pearl", "Quiet", "Rapid", "Russet", "Sable", "Sage", "Silver", "Slate", "Solar", "Steady",
    "Swift", "Teal", "Tidal", "Topaz", "Umber", "Velvet", "Vivid", "Willow", "Winter", "Zephyr",
)
NOUNS = (
    "Albatross", "Badger", "Beacon", "Brook", "Canyon", "Cipher", "Comet", "Crane", "Delta",
    "Dolphin", "Falcon", "Fjord", "Fox", "Glacier", "Harbor", "Hare", "Heron", "Ibis", "Kestrel",
    "Lantern", "Lark", "Lynx", "Meadow", "Mesa", "Nightingale", "Orca", "Osprey", "Otter",
    "Owl", "Pelican", "Pine", "Plover", "Quill", "Raven", "Reef", "Ridge", "River", "Robin",
    "Sparrow", "Stork", "Summit", "Swan", "Tern", "Thrush", "Tundra", "Valley", "Wren",
)


def random_pseudonym() -> str:
    return f"{secrets.choice(ADJECTIVES)} {secrets.choice(NOUNS)} {secrets.randbelow(90) + 10}"
