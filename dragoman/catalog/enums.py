from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    INTERPRETING = "interpreting", _("Interpreting (event)")
    TRANSLATION = "translation", _("Translation (document)")
    OTHER = "other", _("Other")
