"""Sample plans and the seeded generator behind them.

- `plans/`: the bundled plans and training calendars (package data: the app offers them after a
  wheel install; the repository's `sample_plans/` links here).
- `generator.py` (+ `weeks.py`, `tables.py`): believable seeded training blocks.
- `recipes.py`: how each bundled YAML sample is made; `python -m planner.samples` rewrites them.
"""

from __future__ import annotations

from pathlib import Path

PLANS = Path(__file__).resolve().parent / "plans"
