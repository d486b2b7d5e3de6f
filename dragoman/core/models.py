from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from dragoman.core.audit import ChangeLine


class TimeStampedModel(models.Model):
    """Every Dragoman table knows when a row was made and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class HistoryEvent(models.Model):
    """One row per change of an aggregate (STYLE.md habit 6): who did it, when, and what they
    noted. Each aggregate's own table adds what happened (an enum) and the states before and
    after; the rows are its timeline on the page, its audit log and the input of statistics."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


class AuditEvent(models.Model):
    """One row per change of an organisation, contact, role or profile: who, what, when.

    Written only by ``dragoman.core.audit.record`` from services, never from ``save()``.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64)
    target_repr = models.CharField(_("object"), max_length=255)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @property
    def action_label(self) -> str:
        from dragoman.core.audit import ACTION_LABELS

        return str(ACTION_LABELS.get(self.action, self.action))

    @cached_property
    def change_lines(self) -> list[ChangeLine]:
        """The changes as people read them; ``audit.describe_events`` fills this for a list."""
        from dragoman.core.audit import describe_changes

        return describe_changes(
            self.changes or {}, action=self.action, target_type=self.target_type
        )
