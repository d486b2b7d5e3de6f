#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it.
#
# 1. lint, types, migrations up to date, compiled translations, deployment checks;
# 2. every test on SQLite with the embedded defaults, browser tests included, but not the
#    bench scripts (marker `bench`: they need PostgreSQL and Redis);
# 3. every test again on PostgreSQL + Redis, and each bench/*.py run on tiny sizes.
# Where Chromium, PostgreSQL or Redis are missing the step is left out and said so at the
# end; with CI=true a missing one fails the run instead, since CI must skip nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WORKERS=${TEST_WORKERS:-2}
TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
skipped=()
failed=0
unset DATABASE_URL REDIS_URL EMAIL_URL S3_BUCKET

step() { printf '\n=== %s\n' "$*"; }

step "lint (ruff)"
.venv/bin/ruff check . || failed=1
.venv/bin/ruff format --check --quiet . || { echo "ruff format would change files: run make format"; failed=1; }

step "types (mypy with django-stubs)"
DRAGOMAN_TESTING=1 .venv/bin/mypy || failed=1

step "migrations are up to date"
DRAGOMAN_TESTING=1 $PY -m dragoman makemigrations --check --dry-run >/dev/null || { echo "makemigrations --check failed"; failed=1; }

step "compiled translations match their sources"
if command -v msgfmt >/dev/null 2>&1; then
  $PY scripts/check_translations.py || failed=1
else
  skipped+=("translation check (no msgfmt; install it with: apt-get install -y gettext)")
fi

step "deployment checks in production mode"
DRAGOMAN_ENV=production DJANGO_SECRET_KEY=check-only-$(date +%s)-aVeryLongRandomEnoughValueForTheCheck \
  ALLOWED_HOSTS=dragoman.example SITE_URL=https://dragoman.example \
  $PY -m dragoman check --deploy --fail-level WARNING || failed=1

common_args=()
# CI builds its test databases from the migrations every time: a database kept from an
# earlier run on the same machine (--reuse-db) could hide a migration that no longer applies.
if [ "${CI:-}" = "true" ]; then
  common_args+=(--create-db)
fi
# pytest takes one -m expression: the markers left out are joined with "and".
sqlite_markers="not bench"  # the bench scripts need PostgreSQL and Redis
pg_markers=""
if [ ! -x "$CHROMIUM" ]; then
  sqlite_markers="not e2e and $sqlite_markers"
  pg_markers="not e2e"
  skipped+=("browser tests (no Chromium at $CHROMIUM; install it with: apt-get install -y chromium)")
fi
sqlite_args=(-m "$sqlite_markers")
pg_args=()
if [ -n "$pg_markers" ]; then
  pg_args=(-m "$pg_markers")
fi

step "tests on SQLite (embedded defaults)"
$PY -m pytest -n "$WORKERS" "${common_args[@]}" "${sqlite_args[@]}" "$@" || failed=1

pg_ok=0; redis_ok=0
$PY - "$TEST_DATABASE_URL" <<'PYCODE' && pg_ok=1
import sys, psycopg, dj_database_url
c = dj_database_url.parse(sys.argv[1])
psycopg.connect(host=c["HOST"], port=c["PORT"] or 5432, user=c["USER"], password=c["PASSWORD"] or None, dbname=c["NAME"], connect_timeout=3).close()
PYCODE
$PY - "$TEST_REDIS_URL" <<'PYCODE' && redis_ok=1
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()
PYCODE

if [ $pg_ok = 1 ] && [ $redis_ok = 1 ]; then
  step "tests on PostgreSQL + Redis, bench scripts included"
  DATABASE_URL=$TEST_DATABASE_URL REDIS_URL=$TEST_REDIS_URL \
    $PY -m pytest -n "$WORKERS" "${common_args[@]}" "${pg_args[@]}" "$@" || failed=1
else
  [ $pg_ok = 1 ] || skipped+=("PostgreSQL run (nothing answers at $TEST_DATABASE_URL)")
  [ $redis_ok = 1 ] || skipped+=("PostgreSQL + Redis run, and the cross-process socket tests of the SQLite run (nothing answers at $TEST_REDIS_URL)")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  printf '\n*** Left out on this machine:\n'
  printf '  - %s\n' "${skipped[@]}"
  if [ "${CI:-}" = "true" ]; then
    echo "*** CI must skip nothing: failing."
    failed=1
  fi
fi
exit $failed
