#!/usr/bin/env python
"""Compiled translations match their sources: each locale's django.mo is what msgfmt makes of
its django.po, the .po is well formed (msgfmt --check: placeholders of each translation match
its source), and every message has a translation that is not marked fuzzy. Exit 1 naming the
locale and the difference; `make messages` extracts and compiles, a person translates.

Run by `make test` (scripts/test.sh); needs GNU gettext's msgfmt.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "dragoman" / "locale"


def catalog(path: Path) -> dict[object, object]:
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    # The header (msgid "") carries the date msgfmt was run with: not a translation.
    return {key: value for key, value in translations._catalog.items() if key != ""}  # type: ignore[attr-defined]  # the parsed catalog has no public accessor


def main() -> int:
    if shutil.which("msgfmt") is None:
        print("msgfmt not found: install GNU gettext (apt-get install -y gettext)")
        return 2
    failed = False
    sources = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
    if not sources:
        print(f"no translations found under {LOCALE}")
        return 1
    for source in sources:
        compiled = source.with_suffix(".mo")
        with tempfile.TemporaryDirectory() as folder:
            fresh = Path(folder) / "django.mo"
            result = subprocess.run(  # noqa: S603
                ["msgfmt", "--check", "--statistics", "-o", str(fresh), str(source)],  # noqa: S607
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                print(f"{source}: msgfmt --check failed:\n{result.stderr}")
                failed = True
                continue
            # "N translated messages, M fuzzy translations, K untranslated messages."
            if "fuzzy" in result.stderr or "untranslated" in result.stderr:
                print(f"{source}: every message needs a checked translation: {result.stderr}")
                failed = True
            if not compiled.exists():
                print(f"{compiled} is missing: run make messages")
                failed = True
                continue
            want, have = catalog(fresh), catalog(compiled)
        if want != have:
            missing = [k for k in want if have.get(k) != want[k]]
            stale = [k for k in have if k not in want]
            print(
                f"{compiled} does not match {source.name}: {len(missing)} translations differ "
                f"or are missing, {len(stale)} are no longer in the source; run make messages. "
                f"First: {(missing or stale)[:3]}"
            )
            failed = True
        else:
            print(f"{source.parent.parent.name}: {len(want)} translations, compiled copy matches")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
