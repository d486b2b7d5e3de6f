from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    OPERATOR = "operator", _("Platform operator")
    PARTNER = "partner", _("Partner agency")
    CLIENT = "client", _("Client")


class Role(models.TextChoices):
    """A member's role inside their organisation.

    Client contacts are Requester, Observer or Manager (memoQ customer portal seed);
    partner agencies have managers and members; the operator has admins and moderators.
    """

    REQUESTER = "requester", _("Requester")
    OBSERVER = "observer", _("Observer")
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator")
    MODERATOR = "moderator", _("Moderator")


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.CLIENT: (Role.REQUESTER, Role.OBSERVER, Role.MANAGER),
    OrganisationKind.PARTNER: (Role.MANAGER, Role.MEMBER),
    OrganisationKind.OPERATOR: (Role.ADMIN, Role.MODERATOR),
}


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")
