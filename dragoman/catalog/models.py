from __future__ import annotations

from typing import Any

import langcodes
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dragoman.catalog.enums import ServiceKind
from dragoman.core.models import TimeStampedModel


class TranslatedNameMixin(models.Model):
    """Reference data named in English, with optional names in other interface languages."""

    name = models.CharField(_("name (English)"), max_length=120, unique=True)
    name_translations = models.JSONField(
        _("names in other languages"),
        default=dict,
        blank=True,
        help_text=_('For example {"ru": "Синхронный перевод"}.'),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        return self.name_translations.get(language) or self.name


class Service(TranslatedNameMixin, TimeStampedModel):
    """A service clients order: simultaneous interpreting, translation, …"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")


class Topic(TranslatedNameMixin, TimeStampedModel):
    """The shared topic list ("the topic field is a common dictionary", PIE seed)."""

    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


def validate_language_code(value: str) -> None:
    if not langcodes.tag_is_valid(value):
        raise ValidationError(_("%(code)s is not a valid language code."), params={"code": value})
    language = langcodes.Language.get(value)
    if not language.is_valid() or not language.language:
        raise ValidationError(_("%(code)s is not a known language."), params={"code": value})


class Language(TimeStampedModel):
    """A language in use on the platform, by its ISO 639 / BCP 47 code.

    Names come from langcodes (CLDR data) in the reader's interface language, never from a
    hand-written table.
    """

    code = models.CharField(
        _("code"), max_length=20, unique=True, validators=[validate_language_code]
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code = langcodes.standardize_tag(self.code)
        super().save(*args, **kwargs)

    def display_name(self, language: str | None = None) -> str:
        return language_name(self.code, language)

    @property
    def english_name(self) -> str:
        return language_name(self.code, "en")

    def __str__(self) -> str:
        return self.display_name()


def language_name(code: str, in_language: str | None = None) -> str:
    locale = (in_language or get_language() or "en").split("-")[0]
    name = langcodes.Language.get(code).display_name(locale)
    return name[:1].upper() + name[1:]
