"""charts.py: the weeks of the cumulative chart of the HTML report."""

from __future__ import annotations

from datetime import date

from tpmpath.output.charts import weekly_cumulative


def test_weekly_cumulative_pads_to_eight_weeks_and_counts_by_monday() -> None:
    days = [date(2026, 3, 2), date(2026, 3, 8), date(2026, 3, 9), date(2026, 2, 1)]
    points = weekly_cumulative(days, date(2026, 3, 11))
    assert points[0] == (date(2026, 1, 19), 0)  # eight weeks back from the week of 9 March
    assert points[-3:] == [(date(2026, 2, 23), 1), (date(2026, 3, 2), 3), (date(2026, 3, 9), 4)]
    assert len(points) == 8


def test_weekly_cumulative_long_history_starts_at_the_first_week() -> None:
    points = weekly_cumulative([date(2025, 1, 1)], date(2026, 1, 1))
    assert points[0] == (date(2024, 12, 30), 1)
    assert points[-1] == (date(2025, 12, 29), 1)
    assert len(points) == 53
