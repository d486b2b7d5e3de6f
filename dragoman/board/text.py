"""Text helpers of the board: the search form of a name, and what a vetter should look at in
a comment."""

from __future__ import annotations

import re
import unicodedata

from dragoman.board.enums import CommentFlag


def normalise(value: str) -> str:
    """Lower case without accents or extra spaces: "  Société  Générale" → "societe generale".

    Stored next to the name so that a partial search ignores case and accents with a plain
    ``LIKE`` on both databases (Georgian, Cyrillic and other scripts stay as they are).
    """
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFKC", stripped).split())


_LINK = re.compile(
    r"(https?://|www\.|\b[\w.+-]+@[\w-]+\.[\w.-]+\b|\b[\w-]+\.(com|net|org|biz|info|io)\b)",
    re.IGNORECASE,
)
_ADVERTISING = re.compile(
    r"\b(discount|promo(tion)?|special offer|our services|visit (us|our)|hire (me|us)|"
    r"best (price|rates?)|cheap|sale|скидк\w*|акци\w*|ფასდაკლ\w*)\b",
    re.IGNORECASE,
)
_CONTACT_PRIVATELY = re.compile(
    r"(contact|e-?mail|write to|message) me (privately|directly|for (further |more )?details)|"
    r"pm me|напишите мне|მომწერეთ",
    re.IGNORECASE,
)


def comment_flags(comment: str) -> list[str]:
    """What staff should check before publishing a comment.

    FAQ 1.3: a comment explains the rating and contains no insults, no general statements,
    no calls to shun the outsourcer, no advertising. FAQ 3.1: "contact me privately for
    further details" says nothing to readers. A link is flagged because it is the usual
    vehicle of advertising. These are hints for the vetter, never a refusal: the author's
    text is stored as typed, and staff reject with a reason the author sees.
    """
    flags: list[str] = []
    if _LINK.search(comment):
        flags.append(CommentFlag.LINK)
    if _ADVERTISING.search(comment):
        flags.append(CommentFlag.ADVERTISING)
    # Only when there is little else: a detailed comment that also offers more by e-mail is
    # fine.
    if _CONTACT_PRIVATELY.search(comment) and len(comment.split()) < 25:
        flags.append(CommentFlag.CONTACT_PRIVATELY)
    return [str(f) for f in flags]
