from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from dragoman.core.models import TimeStampedModel


class LinguistProfile(TimeStampedModel):
    """A translator's or interpreter's profile.

    ``pseudonym`` is all a client ever sees of the linguist: it is given once, is unique and
    never changes, so a client can recognise "their" interpreter without learning who it is.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linguist_profile"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=60, unique=True, editable=False)
    native_languages = models.ManyToManyField(
        "catalog.Language", verbose_name=_("native languages"), blank=True, related_name="+"
    )
    services = models.ManyToManyField(
        "catalog.Service", verbose_name=_("services"), blank=True, related_name="linguists"
    )
    specialisations = models.ManyToManyField(
        "catalog.Topic", verbose_name=_("specialisations"), blank=True, related_name="linguists"
    )
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("about (seen by staff only)"), blank=True, max_length=4000)
    is_available = models.BooleanField(_("taking new work"), default=True)
    # The secret in the private calendar feed's address; a new one revokes the old address.
    calendar_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["pseudonym"]
        verbose_name = _("linguist profile")
        verbose_name_plural = _("linguist profiles")

    def __str__(self) -> str:
        return self.pseudonym


class LanguagePair(models.Model):
    profile = models.ForeignKey(
        LinguistProfile, on_delete=models.CASCADE, related_name="language_pairs"
    )
    source = models.ForeignKey(
        "catalog.Language", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        "catalog.Language", verbose_name=_("into"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("language pair")
        verbose_name_plural = _("language pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "source", "target"], name="linguists_pair_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="linguists_pair_distinct"
            ),
        ]
        indexes = [models.Index(fields=["source", "target"])]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"
