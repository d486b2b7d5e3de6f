"""Searching conversations by contact name, organisation name and web address, and message
text: PostgreSQL's full-text search over an index of message bodies (migration 0002); on
SQLite a plain case-insensitive match, which is enough for an embedded installation."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from dragoman.conversations.models import Conversation, Message

FTS_CONFIG = "simple"


def body_vector() -> SearchVector:
    """The indexed expression; queries must use exactly this to use the index."""
    return SearchVector("body", config=FTS_CONFIG)


def search_conversations(queryset: QuerySet[Conversation], query: str) -> QuerySet[Conversation]:
    people = (
        Q(customer__full_name__icontains=query)
        | Q(customer_organisation__name__icontains=query)
        | Q(customer_organisation__website__icontains=query)
        | Q(provider__display_name__icontains=query)
        | Q(provider__organisation__name__icontains=query)
        | Q(provider__website__icontains=query)
        | Q(provider__organisation__website__icontains=query)
        | Q(subject__icontains=query)
        | Q(order__organisation__name__icontains=query)
        | Q(order__requester__full_name__icontains=query)
    )
    messages = Message.objects.filter(conversation=OuterRef("pk"))
    if connection.vendor == "postgresql":
        messages = messages.annotate(found=body_vector()).filter(
            found=SearchQuery(query, config=FTS_CONFIG, search_type="websearch")
        )
    else:
        messages = messages.filter(body__icontains=query)
    return queryset.filter(people | Exists(messages))
