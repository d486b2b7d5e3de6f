"""The demo data a first-time user sees (never in production): ``compose.load`` composes each
app's own ``demo.py``; the ``demo_data`` command runs it. Nothing imports this package but
the command (STYLE.md, Layout: a small composer may know every app)."""
