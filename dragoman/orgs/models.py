from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from dragoman.core.models import TimeStampedModel
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role


class Organisation(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    partner = models.ForeignKey(
        "self",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clients",
        limit_choices_to={"kind": OrganisationKind.PARTNER},
        help_text=_("The partner agency this client was brought by, if any."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    accepts_registrations = models.BooleanField(
        _("open to self-registration"),
        default=True,
        help_text=_("People may ask to join; a manager approves them."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's place in an organisation. For a client organisation this is a *contact*."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        db_index=True,
    )
    allowed_services = models.ManyToManyField(
        "catalog.Service",
        verbose_name=_("services this contact may order"),
        blank=True,
        related_name="+",
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    # The person's name folded for sorting, kept here so that a contact list is read in
    # order from one index instead of joining and sorting every user of the organisation.
    # Written by the services that change a name (``sort_name_for``), never by hand.
    sort_name = models.CharField(max_length=200, default="", editable=False)

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            # One organisation per person keeps every permission question single-valued.
            models.UniqueConstraint(fields=["user"], name="orgs_membership_one_per_user"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "role"]),
            models.Index(
                fields=["organisation", "sort_name", "id"],
                name="orgs_membership_listing",
                condition=~models.Q(status=MembershipStatus.REMOVED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


def sort_name_for(full_name: str) -> str:
    return (full_name or "").strip().casefold()[:200]
