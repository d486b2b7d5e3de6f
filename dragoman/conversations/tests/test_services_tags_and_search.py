import pytest

from dragoman.conversations.selectors import conversation_list
from dragoman.conversations.services import conversation_read, message_send
from dragoman.conversations.services.tags import (
    conversation_tag,
    tag_create,
    tag_delete,
    tag_rename,
)
from dragoman.conversations.tests.factories import market_chat
from dragoman.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_tags_are_shared_renamed_and_deleted_everywhere(world, allowed):
    chat = market_chat(world)
    urgent = tag_create(by=world.partner_manager, name="Urgent")
    with pytest.raises(DomainError) as duplicate:
        tag_create(by=world.partner_manager, name="  urgent ")
    assert duplicate.value.code == "duplicate_tag"
    conversation_tag(by=world.partner_manager, conversation=chat, tag=urgent, on=True)
    tag_rename(by=world.partner_manager, tag=urgent, name="Rush")
    listed = conversation_list(user=world.partner_manager).get(pk=chat.pk)
    assert [link.tag.name for link in listed.my_tag_links] == ["Rush"]
    tag_delete(by=world.partner_manager, tag=urgent)
    listed = conversation_list(user=world.partner_manager).get(pk=chat.pk)
    assert listed.my_tag_links == []


def test_another_organisation_can_neither_see_nor_use_the_tags(world, allowed):
    chat = market_chat(world)
    tag = tag_create(by=world.partner_manager, name="VIP")
    with pytest.raises(DomainError):
        conversation_tag(by=world.manager, conversation=chat, tag=tag, on=True)
    with pytest.raises(DomainError):
        tag_rename(by=world.other_manager, tag=tag, name="Hijacked")
    assert conversation_list(user=world.manager, tag_id=tag.pk).count() == 0


def test_the_list_filters_by_tag_and_unread_together(world, allowed):
    tagged_unread = market_chat(world, body="first")
    tagged_read = market_chat(world, body="second")
    untagged_unread = market_chat(world, body="third")
    tag = tag_create(by=world.partner_manager, name="Patents")
    for chat in (tagged_unread, tagged_read):
        conversation_tag(by=world.partner_manager, conversation=chat, tag=tag, on=True)
    conversation_read(conversation=tagged_read, by=world.partner_manager)
    both = conversation_list(user=world.partner_manager, tag_id=tag.pk, unread=True)
    assert [c.pk for c in both] == [tagged_unread.pk]
    unread = {c.pk for c in conversation_list(user=world.partner_manager, unread=True)}
    assert unread == {tagged_unread.pk, untagged_unread.pk}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Bartholomew", True),  # the contact's name
        ("acme client", True),  # the organisation's name
        ("acme-client.example", True),  # the organisation's web address
        ("turbine", True),  # words in a message
        ("nothing-like-this", False),
    ],
)
def test_search_by_name_organisation_address_and_message_text(world, allowed, query, found):
    world.client.website = "https://acme-client.example"
    world.client.save(update_fields=["website"])
    chat = market_chat(world)
    message_send(conversation=chat, by=world.manager, body="The wind turbine manual, 40 pages")
    result = [c.pk for c in conversation_list(user=world.partner_manager, query=query)]
    assert result == ([chat.pk] if found else [])
