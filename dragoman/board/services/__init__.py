"""Changes on the reputation board. Every rule cites the Blue Board FAQ (seed 003).

One entry point per state change (STYLE.md habit 1); each writes an ``EntryEvent`` for an
entry, an audit row for staff decisions, and keeps the outsourcer's cached figures right.

One module per sub-domain; this package gives every service under its old name."""

from dragoman.board.services._common import (  # noqa: F401
    COMMENT_MAX,
    CONTACT_FIELDS,
    ENTRY_YEAR,
    affiliated_users,
    outsourcer_figures_refresh,
    stats_changed,
)
from dragoman.board.services.applications import (  # noqa: F401
    APPLICATION_INTERVAL,
    application_answer,
    application_send,
    application_settings_set,
)
from dragoman.board.services.entries import (  # noqa: F401
    entries_vet,
    entry_approve,
    entry_create,
    entry_delete_request,
    entry_dispute,
    entry_dispute_resolve,
    entry_edit,
    entry_editable,
    entry_reject,
    entry_reply,
    entry_reply_hide,
)
from dragoman.board.services.entry_requests import (  # noqa: F401
    PROVIDERS_PER_REQUEST,
    REQUEST_DAY,
    REQUEST_MONTH,
    REQUESTS_PER_DAY,
    entry_request_create,
    entry_request_to_providers,
)
from dragoman.board.services.nonpayment import (  # noqa: F401
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    NONPAYMENT_RATINGS,
    REVIEW_AUTHORS,
    nonpayment_contest,
    nonpayment_contest_decide,
    nonpayment_entry_changed,
    nonpayment_mark_paid,
    nonpayment_refresh,
    nonpayment_report_create,
    nonpayment_reports_open_due,
    outsourcer_reinstate,
    outsourcer_suspend,
)
from dragoman.board.services.records import (  # noqa: F401
    affiliation_add,
    affiliation_remove,
    affiliation_report,
    outsourcer_approve,
    outsourcer_create,
    outsourcer_reject,
    outsourcer_update,
)
from dragoman.board.services.saved_searches import (  # noqa: F401
    saved_search_delete,
    saved_search_save,
)
from dragoman.board.services.watching import (  # noqa: F401
    UNWATCH_SALT,
    unwatch_token,
    unwatch_token_read,
    watch_start,
    watch_stop,
)
from dragoman.board.services.wwa import (  # noqa: F401
    provider_summary_visibility_set,
    wwa_create,
    wwa_vet,
)
