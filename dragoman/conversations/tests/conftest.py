import pytest

from dragoman.catalog.models import Service


@pytest.fixture
def allowed(world):
    """Every client contact of the world may order every service."""
    for user in (world.manager, world.requester, world.observer, world.other_manager):
        user.memberships.get().allowed_services.set(Service.objects.all())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT
