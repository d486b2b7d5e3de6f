"""Every script in bench/ still seeds and measures: each runs as a subprocess on tiny sizes
against its own throw-away PostgreSQL database and Redis prefix, never the real bench
databases. A benchmark that rots (a column a migration added, a page that moved) fails here
instead of printing no numbers months later.

These tests need PostgreSQL and Redis: scripts/test.sh runs them in its PostgreSQL + Redis
pass and deselects them (``-m "not bench"``) in the SQLite pass.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse, urlunparse

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "bench"
SCRIPTS = sorted(path.name for path in BENCH.glob("*.py"))
TIMEOUT_S = 180


@dataclass(frozen=True)
class Recipe:
    """How to run a script on tiny sizes, and what its measured numbers look like."""

    args: list[str]
    measured: str  # a regular expression, one match per measured line
    lines: int  # how many such lines a complete run prints


RECIPES = {
    "board.py": Recipe(
        ["--outsourcers", "30", "--entries", "100", "--authors", "10", "--runs", "2",
         "--compute-runs", "1"],
        # One row per kind: p50, p95, p99, max, target, query counts.
        measured=r"^  [a-z_0-9]+ +\d+\.\d +\d+\.\d +\d+\.\d +\d+\.\d +\d+ +\d+-\d+",
        lines=11,
    ),
    "chat.py": Recipe(
        ["--conversations", "10", "--rate", "20", "--duration", "2", "--warmup", "0.5",
         "--workers", "1", "--clients", "1", "--no-search"],
        # The floor's run and Dragoman's: latencies, nothing lost or duplicated.
        measured=r"^  (?:floor|dragoman) +\d+ msg/s  p50 \d+\.\d ms, p99 \d+\.\d ms, "
        r"max \d+\.\d ms, lost 0, duplicated 0, unanswered 0,",
        lines=2,
    ),
    "load.py": Recipe(
        ["--contacts", "60", "--orders", "100", "--no-search", "--rate", "5", "--duration", "1",
         "--warmup", "0.5", "--workers", "1"],
        # The summary line of each target; every request answered 200.
        measured=r"^  [a-z_]+ +p50 \d+\.\d ms, p99 \d+\.\d ms, errors 0:",
        lines=4,
    ),
    "suggestions.py": Recipe(
        ["--linguists", "20", "--orders", "3", "--runs", "2", "--warmup", "2"],
        measured=r"^  p50 \d+\.\d ms, p95 \d+\.\d ms, p99 \d+\.\d ms, max \d+\.\d ms",
        lines=1,
    ),
}  # fmt: skip


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_url(database: str) -> str:
    """The tests' PostgreSQL server (DATABASE_URL in the PostgreSQL pass), another database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunparse(urlparse(url)._replace(path=f"/{database}"))


def _redis_url() -> str:
    """The tests' Redis (REDIS_URL in the PostgreSQL pass); the keys get their own prefix."""
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def _admin(sql: str) -> None:
    import psycopg

    url = urlparse(_postgres_url("postgres"))
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=3,
    ) as conn:
        conn.execute(sql)


def _missing(reason: str) -> None:
    """Skip where a service is missing on a developer's machine (scripts/test.sh says so);
    in CI, which must skip nothing, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the bench scripts")
    pytest.skip(reason)


def _require_services() -> None:
    import psycopg
    import redis

    try:
        _admin("SELECT 1")
    except psycopg.OperationalError as exc:
        _missing(f"no PostgreSQL for the bench scripts ({exc})")
    try:
        redis.Redis.from_url(_redis_url(), socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        _missing(f"no Redis for the bench scripts ({exc})")


@dataclass
class Throwaway:
    database: str
    env: dict[str, str]
    results_dir: Path


@pytest.fixture
def throwaway(request: pytest.FixtureRequest) -> Iterator[Throwaway]:
    """A new database and Redis prefix named after the script and the xdist worker, handed
    to the script in BENCH_* variables and removed afterwards."""
    import redis

    _require_services()
    stem = Path(request.node.callspec.params["script"]).stem
    database = f"dragoman_benchtest_{stem}_{_worker()}"
    prefix = f"benchtest{_worker()}{stem}"  # letters and digits: Huey keeps only those
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')  # left by a killed run
    _admin(f'CREATE DATABASE "{database}"')
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BENCH_", "PYTEST_", "DJANGO_"))
        and key not in ("DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "DRAGOMAN_TESTING")
    }
    with tempfile.TemporaryDirectory(prefix="dragoman-benchtest-") as results_dir:
        env.update(
            BENCH_DATABASE_URL=_postgres_url(database),
            BENCH_REDIS_URL=_redis_url(),
            BENCH_REDIS_PREFIX=prefix,
            BENCH_RESULTS_DIR=results_dir,
            # Everything else the app writes (SQLite task queue, media, static files).
            DRAGOMAN_DATA_DIR=results_dir,
            PYTHONUNBUFFERED="1",
        )
        try:
            yield Throwaway(database=database, env=env, results_dir=Path(results_dir))
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            client = redis.Redis.from_url(_redis_url())
            keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
            if keys:
                client.delete(*keys)


def test_every_bench_script_has_a_tiny_recipe() -> None:
    assert SCRIPTS, "no bench/*.py found"
    missing = sorted(set(SCRIPTS) - set(RECIPES))
    stale = sorted(set(RECIPES) - set(SCRIPTS))
    assert not missing, f"add a tiny-size recipe to RECIPES in {__name__} for: {missing}"
    assert not stale, f"RECIPES names scripts that are gone: {stale}"


def _run(script: str, args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run a script; past the timeout SIGTERM it first, so that load.py stops its server
    (it runs in its own process group, which a SIGKILL of the script would leave behind)."""
    with subprocess.Popen(
        [sys.executable, str(BENCH / script), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                stdout, stderr = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
            stderr += f"\n(stopped after {TIMEOUT_S} s)"
    return proc.returncode, stdout, stderr


@pytest.mark.bench
@pytest.mark.parametrize("script", SCRIPTS)
def test_bench_script_seeds_and_prints_measured_numbers_on_tiny_sizes(
    script: str, throwaway: Throwaway
) -> None:
    recipe = RECIPES.get(script)
    if recipe is None:
        pytest.fail(f"bench/{script} has no tiny-size recipe: add one to RECIPES in {__name__}")

    returncode, stdout, stderr = _run(script, recipe.args, throwaway.env)

    output = stdout + stderr
    server_log = throwaway.results_dir / "server-last.log"
    context = f"\n--- output of bench/{script} (last 4000 characters):\n{output[-4000:]}"
    if server_log.exists():
        context += f"\n--- server log:\n{server_log.read_text(errors='replace')[-3000:]}"
    assert returncode == 0, f"exit code {returncode}{context}"
    assert throwaway.database in output, f"the script did not use {throwaway.database}{context}"
    measured = re.findall(recipe.measured, stdout, flags=re.MULTILINE)
    assert len(measured) == recipe.lines, (
        f"{len(measured)} measured lines instead of {recipe.lines}{context}"
    )


def _load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{Path(name).stem}", BENCH / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.bench
@pytest.mark.django_db
def test_board_seed_stops_naming_a_required_column_its_copy_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing("bench/board.py seeds PostgreSQL only (run with DATABASE_URL=postgres://…)")
    board = _load_script("board.py")
    board.check_copy_columns()  # the lists as they are fit the schema
    without_listed = tuple(c for c in board.OUTSOURCER_COLUMNS if c != "listed")
    monkeypatch.setitem(board.COPIED, "board_outsourcer", without_listed)

    with pytest.raises(SystemExit, match=r"board_outsourcer\.listed is NOT NULL without"):
        board.check_copy_columns()
