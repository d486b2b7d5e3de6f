from __future__ import annotations

import factory

from dragoman.accounts.tests.factories import UserFactory
from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
from dragoman.orgs.models import Membership, Organisation, sort_name_for


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.CLIENT
    name = factory.Sequence(lambda n: f"Client {n} GmbH")
    country = "DE"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.REQUESTER
    status = MembershipStatus.ACTIVE
    sort_name = factory.LazyAttribute(lambda membership: sort_name_for(membership.user.full_name))
