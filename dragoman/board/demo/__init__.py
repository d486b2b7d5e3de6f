"""The reputation board as two years of use left it: outsourcer records in several countries,
LWA entries of the five linguists and the partner agency with replies, a dispute, non-payment
reports, watches, an entry request, a saved search, WWA ratings and an application, and work
waiting in the staff's vetting queue.

Every row comes from the board's services (``steps.py``); ``records.py`` and ``entries.py``
tell the story.
"""

from __future__ import annotations

from dragoman.accounts.demo import demo_people
from dragoman.board import models as board
from dragoman.board.demo.entries import entries
from dragoman.board.demo.records import records
from dragoman.board.demo.steps import BoardDemo, stamp
from dragoman.board.services import stats_changed
from dragoman.core.demo import Timeline

NEEDED = ["staff", "partner", "manager", "caspian.manager"] + [f"linguist{n}" for n in range(1, 6)]


def load(timeline: Timeline) -> None:
    """The whole board, once: nothing when it has records already."""
    stamp(timeline)
    people = demo_people()
    if board.Outsourcer.objects.exists() or any(name not in people for name in NEEDED):
        return
    demo = BoardDemo(timeline, people)
    records(demo)
    entries(demo)
    # The published dates moved: statistics computed meanwhile are stale.
    stats_changed()
