from django.urls import path

from dragoman.orgs import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:organisation_id>/", views.contact_list, name="contact_list"),
    path(
        "organisations/<int:organisation_id>/contacts/new/",
        views.contact_create,
        name="contact_create",
    ),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/approve/",
        views.contact_approve,
        name="contact_approve",
    ),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/reject/",
        views.contact_reject,
        name="contact_reject",
    ),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/invite/",
        views.contact_invite,
        name="contact_invite",
    ),
    path("organisations/<int:organisation_id>/activity/", views.audit_log, name="audit_log"),
]
