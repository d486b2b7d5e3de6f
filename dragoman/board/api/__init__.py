"""The reputation board in the REST API: /outsourcers, /lwa-entries and /board.

Handlers parse a schema, call one selector or service and return a schema; the rules live
in ``board.services``.

One module per part of the board; importing them registers their operations on the three
routers, which ``config.api`` mounts."""

from dragoman.board.api import (
    applications,  # noqa: F401  (registers its operations)
    entries,  # noqa: F401  (registers its operations)
    nonpayment,  # noqa: F401  (registers its operations)
    outsourcers,  # noqa: F401  (registers its operations)
    vetting,  # noqa: F401  (registers its operations)
    wwa,  # noqa: F401  (registers its operations)
)
from dragoman.board.api.schemas import board_router, entries_router, outsourcers_router

__all__ = ["board_router", "entries_router", "outsourcers_router"]
