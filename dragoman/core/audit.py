"""The audit log: who changed what, written by services."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

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


# --- Reading the log ---------------------------------------------------------------------------

# The actions whose changes come from ``diff()``: each value is a ``[before, after]`` pair. The
# other actions keep the values as they were set (``{"email": …, "role": …}``), so a list there
# is a value, not a pair. Keep this in step with the services that call ``diff()``.
DIFF_ACTIONS = frozenset(
    {
        "organisation.updated",
        "contact.updated",
        "contact.role_changed",
        "linguist.updated",
        "user.updated",
        "board.outsourcer.updated",
    }
)
# Board entries record only their status as a pair, beside a note (board.services._entry_event).
PAIRED_KEYS_BY_ACTION_PREFIX = {"board.entry.": frozenset({"status"})}

# Keys whose values stand for something with a name: countries and languages by code, catalog
# services by code and topics by their English name.
COUNTRY_KEYS = frozenset({"country"})
LANGUAGE_KEYS = frozenset({"native_languages", "source_language", "target_language"})
LANGUAGE_PAIR_KEYS = frozenset({"language_pairs"})
CATALOG_KEYS = {"services": "service", "allowed_services": "service", "specialisations": "topic"}

# Labels of keys that are no field of the changed object (or of its person, for contacts).
FIELD_LABELS = {
    "note": _("note"),
    "reason": _("reason"),
    "requests": _("requests"),
    "to": _("handed over to"),
    "accepting": _("accepting applications"),
}

EMPTY = "—"

CatalogNames = Mapping[tuple[str, str], str]


@dataclass(frozen=True)
class ChangeLine:
    """One recorded field as people read it: "Country: — → Ireland", or "Role: Manager"."""

    label: str
    before: str | None  # None where the action kept only the value it set
    after: str


def _model_field(target_type: str, key: str) -> Any:
    """The field ``key`` of the changed object's model, or of the person for a contact
    (contact events record the person's name and phones on the membership)."""
    candidates = []
    with contextlib.suppress(LookupError, ValueError):
        candidates.append(apps.get_model(target_type))
    candidates.append(get_user_model())
    for model in candidates:
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def _label(key: str, field: Any) -> str:
    if key in FIELD_LABELS:
        return capfirst(str(FIELD_LABELS[key]))
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    if field is not None and field.auto_created and field.related_model is not None:
        # A reverse relation (a profile's language pairs) reads as the related rows' name.
        return capfirst(str(field.related_model._meta.verbose_name_plural))
    return capfirst(key.replace("_", " "))


def _is_pair(action: str, key: str, value: Any) -> bool:
    if not (isinstance(value, list) and len(value) == 2):
        return False
    if action in DIFF_ACTIONS:
        return True
    return any(
        action.startswith(prefix) and key in keys
        for prefix, keys in PAIRED_KEYS_BY_ACTION_PREFIX.items()
    )


# How the apps that own named things name them for the reader (registered in their
# AppConfig.ready, so that core imports no domain app): the catalog names languages by code,
# services by code and topics by their English name.
Namer = Callable[[set[str]], dict[str, str]]
_namers: dict[str, Namer] = {}
_language_namer: list[Callable[[str], str]] = []


def register_names(kind: str, namer: Namer) -> None:
    """``namer(values)`` gives ``{value: name}`` for the values of ``kind`` it knows."""
    _namers[kind] = namer


def register_language_names(namer: Callable[[str], str]) -> None:
    _language_namer[:] = [namer]


def _language(code: str) -> str:
    if not _language_namer:
        return code
    try:
        return _language_namer[0](code)
    except ValueError:  # not a language tag: show it as it was kept
        return code


def _one(key: str, value: Any, field: Any, names: CatalogNames) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    text = str(value)
    if key in COUNTRY_KEYS:
        return countries.name(text) or text
    if key in LANGUAGE_KEYS:
        return _language(text)
    if key in LANGUAGE_PAIR_KEYS and ">" in text:
        source, target = text.split(">", 1)
        return f"{_language(source)} → {_language(target)}"
    if key in CATALOG_KEYS:
        return names.get((CATALOG_KEYS[key], text), text)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return str(choices.get(text, text))


def _value(key: str, value: Any, field: Any, names: CatalogNames) -> str:
    if isinstance(value, (list, tuple)):
        shown = [_one(key, item, field, names) for item in value]
        return ", ".join(item for item in shown if item != EMPTY) or EMPTY
    return _one(key, value, field, names)


def _catalog_values(changes: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The ``(kind, value)`` of every service and topic the changes name, pairs unpacked."""
    found: set[tuple[str, str]] = set()
    for key in CATALOG_KEYS.keys() & changes.keys():
        stack = [changes[key]]
        while stack:
            value = stack.pop()
            if isinstance(value, (list, tuple)):
                stack.extend(value)
            elif value:
                found.add((CATALOG_KEYS[key], str(value)))
    return found


def catalog_names(values: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Names in the reader's language of services (by code) and topics (by English name):
    one query for each kind asked for, none when nothing is."""
    wanted: dict[str, set[str]] = {}
    for kind, value in values:
        wanted.setdefault(kind, set()).add(value)
    names: dict[tuple[str, str], str] = {}
    for kind, asked in wanted.items():
        if asked and kind in _namers:
            for value, name in _namers[kind](asked).items():
                names[kind, value] = name
    return names


def describe_changes(
    changes: Mapping[str, Any],
    *,
    action: str,
    target_type: str,
    names: CatalogNames | None = None,
) -> list[ChangeLine]:
    """An audit event's changes as people read them, in the reader's language.

    Labels are the changed model's field names (``verbose_name``) where it has the field;
    country codes read as country names (django-countries), language codes as language
    names (the catalog's CLDR names), services and topics by their names, choices by their
    labels, booleans as Yes/No, lists joined with commas and an empty value as a dash.
    ``names`` (from ``catalog_names``) saves the look-up when describing many events.
    """
    if names is None:
        names = catalog_names(_catalog_values(changes))
    lines = []
    for key, value in changes.items():
        field = _model_field(target_type, key)
        label = _label(key, field)
        if _is_pair(action, key, value):
            before, after = value
            lines.append(
                ChangeLine(
                    label=label,
                    before=_value(key, before, field, names),
                    after=_value(key, after, field, names),
                )
            )
        else:
            lines.append(
                ChangeLine(label=label, before=None, after=_value(key, value, field, names))
            )
    return lines


def describe_events(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The events, each with its ``change_lines`` ready, looking services and topics up once."""
    events = list(events)
    names = catalog_names(
        found for event in events for found in _catalog_values(event.changes or {})
    )
    for event in events:
        event.change_lines = describe_changes(
            event.changes or {}, action=event.action, target_type=event.target_type, names=names
        )
    return events
