"""Organisations hear of what happens to accounts through accounts.hooks (accounts never
imports organisations)."""

import pytest

from dragoman.accounts.services import user_update
from dragoman.orgs.models import Membership, sort_name_for

pytestmark = pytest.mark.django_db


def test_a_renamed_contact_sorts_by_the_new_name_in_the_contact_list(world, client):
    user_update(user=world.requester, by=world.requester, full_name="Aaron Zweig")
    membership = Membership.objects.get(user=world.requester)
    assert membership.sort_name == sort_name_for("Aaron Zweig")


def test_renaming_a_user_in_the_staff_console_refreshes_the_sort_name_too(world, client):
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client.force_login(world.staff)
    page = f"/staff/accounts/user/{world.requester.pk}/change/"
    form = client.get(page).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(full_name="Zelda Aaronson", date_joined_0="2026-01-01", date_joined_1="10:00")
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data["groups"] = []
    data["user_permissions"] = []
    response = client.post(page, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = Membership.objects.get(user=world.requester)
    assert membership.sort_name == sort_name_for("Zelda Aaronson")
