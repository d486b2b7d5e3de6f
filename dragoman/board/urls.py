from django.urls import path

from dragoman.board import views

urlpatterns = [
    path("board/", views.search, name="board_search"),
    path("board/outsourcers/new/", views.outsourcer_create, name="board_outsourcer_create"),
    path(
        "board/outsourcers/<int:outsourcer_id>/", views.outsourcer_detail, name="board_outsourcer"
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/edit/",
        views.outsourcer_edit,
        name="board_outsourcer_edit",
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/history/",
        views.outsourcer_history,
        name="board_outsourcer_history",
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/entries/",
        views.entry_create,
        name="board_entry_create",
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/affiliations/",
        views.affiliations,
        name="board_affiliations",
    ),
    path("board/entries/<int:entry_id>/edit/", views.entry_edit, name="board_entry_edit"),
    path("board/entries/<int:entry_id>/reply/", views.entry_reply, name="board_entry_reply"),
    path("board/entries/<int:entry_id>/reply/hide/", views.reply_hide, name="board_reply_hide"),
    path("board/entries/<int:entry_id>/dispute/", views.entry_dispute, name="board_entry_dispute"),
    path(
        "board/entries/<int:entry_id>/non-payment/",
        views.nonpayment_create,
        name="board_nonpayment_create",
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/non-payment/",
        views.nonpayment_list,
        name="board_nonpayment",
    ),
    path(
        "board/non-payment/<int:report_id>/",
        views.nonpayment_action,
        name="board_nonpayment_action",
    ),
    path(
        "board/non-payment/evidence/<int:evidence_id>/",
        views.nonpayment_evidence,
        name="board_nonpayment_evidence",
    ),
    path(
        "board/outsourcers/<int:outsourcer_id>/suspension/",
        views.suspension,
        name="board_suspension",
    ),
    path("board/outsourcers/<int:outsourcer_id>/watch/", views.watch, name="board_watch"),
    path("board/unwatch/<str:token>/", views.unwatch, name="board_unwatch"),
    path(
        "board/outsourcers/<int:outsourcer_id>/entry-requests/",
        views.entry_request,
        name="board_entry_request",
    ),
    path("board/entries/<int:entry_id>/delete/", views.entry_delete, name="board_entry_delete"),
    path("board/saved-searches/", views.saved_searches, name="board_saved_searches"),
    path("board/applications/", views.application_targets, name="board_application_targets"),
    path(
        "board/outsourcers/<int:outsourcer_id>/applications/",
        views.applications,
        name="board_applications",
    ),
    path("board/my-entries/", views.my_entries, name="board_my_entries"),
    path("board/vetting/", views.vetting, name="board_vetting"),
    path("board/vetting/entries/", views.vet_entries, name="board_vet_entries"),
    path(
        "board/vetting/outsourcers/<int:outsourcer_id>/",
        views.vet_outsourcer,
        name="board_vet_outsourcer",
    ),
    path(
        "board/vetting/disputes/<int:entry_id>/",
        views.resolve_dispute,
        name="board_resolve_dispute",
    ),
    path("board/vetting/wwa/<int:entry_id>/", views.vet_wwa, name="board_vet_wwa"),
    path("board/outsourcers/<int:outsourcer_id>/wwa/", views.wwa_create, name="board_wwa_create"),
    path("board/providers/<int:provider_id>/", views.provider, name="board_provider"),
    path("board/stats/", views.stats, name="board_stats"),
]
