from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragoman.core.models import TimeStampedModel


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the linguist")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Offer(TimeStampedModel):
    """Staff offer an accepted request to a linguist, who accepts or declines (with a reason)."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="offers")
    linguist = models.ForeignKey(
        "linguists.LinguistProfile", on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    reason = models.TextField(_("reason for declining"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["linguist", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="pending"),
                name="assignments_one_pending_offer_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.linguist}"
