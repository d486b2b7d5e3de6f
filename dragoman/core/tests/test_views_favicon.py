"""Every page names its icon, and browsers that ask for /favicon.ico anyway find it."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_the_favicon_is_an_svg_among_the_static_files():
    path = finders.find("dragoman/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_every_page_links_the_favicon(world, client_as, role):
    html = client_as(world.user(role)).get("/").content.decode()
    assert f'<link rel="icon" href="{static("dragoman/favicon.svg")}" type="image/svg+xml">' in html


def test_favicon_ico_leads_to_the_svg_instead_of_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("dragoman/favicon.svg")
