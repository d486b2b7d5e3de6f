"""Pages show the panels the apps above them register, in order, only when they have one."""

from django.template import Context, Template

from dragoman.core import panels


def test_a_slot_gives_its_panels_in_order_and_skips_providers_with_nothing_to_show():
    def late(*, who):
        return panels.Panel("late.html", {"who": who})

    def early(*, who):
        return panels.Panel("early.html")

    def silent(*, who):
        return None

    panels.register("test_slot", late, position=20)
    panels.register("test_slot", early, position=10)
    panels.register("test_slot", silent, position=15)
    panels.register("test_slot", late, position=20)  # registering again replaces
    shown = panels.panels("test_slot", who="staff")
    assert [p.template for p in shown] == ["early.html", "late.html"]
    assert shown[1].context == {"who": "staff"}
    assert panels.panels("no_such_slot", who="staff") == []


def test_a_panel_renders_with_the_pages_context_and_its_own(settings, tmp_path):
    (tmp_path / "panel.html").write_text("{{ title }}: {{ count }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    page = Template("{% load panels %}{% for p in panels %}{% render_panel p %}{% endfor %}")
    html = page.render(
        Context({"title": "Queue <b>", "panels": [panels.Panel("panel.html", {"count": 3})]})
    )
    assert html == "Queue &lt;b&gt;: 3"


def test_a_page_merges_the_context_each_app_gives_for_this_caller():
    def staff_counts(*, actor):
        return {"counts": 3} if actor == "staff" else {}

    def latest(*, actor):
        return {"latest": [actor]}

    panels.register_context("test_context_slot", staff_counts)
    panels.register_context("test_context_slot", latest)
    panels.register_context("test_context_slot", latest)  # registering again replaces
    assert panels.context("test_context_slot", actor="staff") == {"counts": 3, "latest": ["staff"]}
    assert panels.context("test_context_slot", actor="linguist") == {"latest": ["linguist"]}
