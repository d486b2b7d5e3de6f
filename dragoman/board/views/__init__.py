"""The reputation board's pages, one module per part; ``board.urls`` routes to them."""

from dragoman.board.views.applications import (  # noqa: F401
    application_targets,
    applications,
)
from dragoman.board.views.common import (  # noqa: F401
    board_page,
    country_options,
    raise_first,
)
from dragoman.board.views.entries import (  # noqa: F401
    entry_create,
    entry_dispute,
    entry_edit,
    entry_reply,
    my_entries,
)
from dragoman.board.views.entry_requests import (  # noqa: F401
    entry_delete,
    entry_request,
    saved_searches,
)
from dragoman.board.views.nonpayment import (  # noqa: F401
    nonpayment_action,
    nonpayment_create,
    nonpayment_evidence,
    nonpayment_list,
    suspension,
)
from dragoman.board.views.records import (  # noqa: F401
    affiliations,
    outsourcer_create,
    outsourcer_detail,
    outsourcer_edit,
    outsourcer_history,
    search,
)
from dragoman.board.views.vetting import (  # noqa: F401
    resolve_dispute,
    stats,
    vet_entries,
    vet_outsourcer,
    vetting,
)
from dragoman.board.views.watching import (  # noqa: F401
    unwatch,
    watch,
)
from dragoman.board.views.wwa import (  # noqa: F401
    provider,
    reply_hide,
    vet_wwa,
    wwa_create,
)
