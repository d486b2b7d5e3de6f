"""The layering rule holds: core at the ground, no app cycles, selectors only read.

``KNOWN`` listed the 29 breaks there were when the rule became a test; all are mended, and a
new one fails the test. (Were one ever accepted for a while, it would be listed here, and a
listed one that is gone fails the test too, so the list only shrinks.)
"""

from pathlib import Path

from tests.layering import ROOT, app_edges, cycles, imports_under, violations

KNOWN: set[str] = set()


def test_no_module_breaks_the_layering_rule():
    found = set(violations(imports_under(ROOT)))
    assert sorted(found - KNOWN) == [], "new layering breaks (see STYLE.md, Layout)"
    assert sorted(KNOWN - found) == [], "mended: take these off KNOWN"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"dragoman/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.with_name("__init__.py").exists():
            path.with_name("__init__.py").write_text("")
        path.write_text(text)
    return tmp_path


def test_a_planted_import_of_a_domain_app_from_core_is_caught(tmp_path):
    root = _tree(
        tmp_path,
        {
            "dragoman/core/views.py": "def dashboard():\n    from dragoman.orders import models\n",
            "dragoman/orders/models.py": "from dragoman.core import models\n",
            "dragoman/core/models.py": "",
        },
    )
    found = violations(imports_under(root))
    assert "core imports a domain app: dragoman.core.views -> dragoman.orders.models" in found
    assert "app cycle: core <-> orders" in found


def test_a_planted_cycle_between_two_apps_is_caught_even_through_relative_imports(tmp_path):
    root = _tree(
        tmp_path,
        {
            "dragoman/orders/views.py": "from dragoman.assignments.selectors import ranked\n",
            "dragoman/assignments/selectors.py": "from ..orders import models\nranked = 1\n",
            "dragoman/orders/models.py": "",
        },
    )
    imports = imports_under(root)
    assert cycles(app_edges(imports)) == [["assignments", "orders"]]
    assert "app cycle: assignments <-> orders" in violations(imports)


def test_a_selector_importing_a_service_is_caught_and_type_only_imports_are_not(tmp_path):
    root = _tree(
        tmp_path,
        {
            "dragoman/board/selectors/__init__.py": "from dragoman.board.services import entries\n",
            "dragoman/board/services/entries.py": "",
            "dragoman/orgs/models.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from dragoman.board.models import Entry\n"
            ),
            "dragoman/board/models.py": "from dragoman.orgs import models\n",
        },
    )
    found = violations(imports_under(root))
    writer = "dragoman.board.services.entries"
    assert f"a selector imports a writer: dragoman.board.selectors -> {writer}" in found
    assert not [line for line in found if line.startswith("app cycle")]


def test_composers_may_know_every_app_but_no_app_imports_them(tmp_path):
    root = _tree(
        tmp_path,
        {
            "dragoman/config/urls.py": "from dragoman.orders import views\n",
            "dragoman/orders/views.py": "from dragoman.demo import people\n",
            "dragoman/demo/people.py": "from dragoman.orders import models\n",
            "dragoman/orders/models.py": "",
        },
    )
    assert violations(imports_under(root)) == [
        "an app imports a composer: dragoman.orders.views -> dragoman.demo.people"
    ]


def test_no_test_module_imports_another():
    """Helpers that several test modules use live in factories.py or fixtures, never in a
    test module (importing one runs, and may collect, its tests twice)."""
    import ast

    offenders = []
    for path in sorted([*ROOT.glob("dragoman/**/test_*.py"), *ROOT.glob("tests/**/test_*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.split(".")[-1].startswith("test_"):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []
