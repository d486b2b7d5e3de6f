"""The audit log: who changed what, written by services."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dragoman.core.models import AuditEvent

# How each action reads in the activity log; an action missing here shows its code.
ACTION_LABELS = {
    "account.activated": _("activated their account"),
    "api_token.created": _("created an API token"),
    "api_token.revoked": _("revoked an API token"),
    "user.updated": _("changed personal details"),
    "organisation.created": _("created the organisation"),
    "organisation.updated": _("changed the organisation"),
    "contact.created": _("added a contact"),
    "contact.updated": _("changed a contact"),
    "contact.role_changed": _("changed a contact's role"),
    "contact.removed": _("removed a contact"),
    "contact.registered": _("asked to join"),
    "contact.approved": _("approved a registration"),
    "contact.rejected": _("rejected a registration"),
    "contact.invited": _("sent an activation e-mail again"),
    "contact.work_reassigned": _("reassigned a contact's open requests"),
    "linguist.created": _("registered a linguist"),
    "linguist.updated": _("changed a linguist profile"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as ``{field: [old, new]}``."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _plain(before.get(key)) != _plain(after.get(key))
    }


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        organisation=organisation,
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        ip_address=ip_address,
    )
