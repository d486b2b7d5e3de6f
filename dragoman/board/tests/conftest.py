import pytest

from dragoman.board import services
from dragoman.board.models import Outsourcer


@pytest.fixture
def outsourcer(world) -> Outsourcer:
    """A published record the world's client organisation speaks for."""
    record = services.outsourcer_create(
        by=world.linguist, name="Acme Client Ltd", country="GB", city="London"
    )
    services.outsourcer_approve(by=world.staff, outsourcer=record)
    services.affiliation_add(by=world.staff, outsourcer=record, organisation=world.client)
    record.refresh_from_db()
    return record
