"""The chart's piecewise time axis and its row labels: room where the statements are, labels never cut."""

from datetime import date

from cli.chart_axis import BREAK, breaks, day_of, position, stretches, ticks
from cli.views.chart import row_label


def _day(text: str) -> float:
    return day_of(date.fromisoformat(text))


def test_quiet_years_become_breaks_and_busy_months_get_the_room():
    marks = [(_day("2022-11-15"),) * 2] + [(_day(f"2025-{m:02d}-01"),) * 2 for m in range(1, 13)]
    axis = stretches(marks)
    assert len(axis) == 2 and breaks(axis) == [(axis[0].x1, axis[1].x0)]
    assert axis[1].x0 - axis[0].x1 == BREAK
    # One mark in 2022 gets the least room (3 of 15 shares); twelve in 2025 get the rest.
    assert round(axis[0].x1, 3) == round((1 - BREAK) * 3 / 15, 3)
    assert position(axis, _day("2022-11-15")) < position(axis, _day("2024-06-01")) < position(axis, _day("2025-01-01"))
    assert position(axis, _day("2025-12-01")) < 1.0


def test_ticks_name_the_months_of_a_long_stretch_and_the_day_of_a_short_one():
    axis = stretches([(_day("2023-05-27"),) * 2, (_day("2025-02-01"), _day("2025-06-30"))])
    found = ticks(axis, 0.0)
    assert found[0][1] == "27 May\n2023"
    assert [label for _, label in found[1:]] == ["Feb\n2025", "Mar", "Apr", "May", "Jun", "Jul"]
    assert len(ticks(axis, 0.3)) < len(found)  # a narrow chart keeps fewer, never overlapping


def test_row_labels_wrap_and_name_a_sub_issue_under_its_parent():
    assert row_label("territory/recognition", "Territory › Recognition of territorial claims", {"territory"}, 20) \
        == "› Recognition of\nterritorial claims"
    label = "Alliances › NATO membership"
    assert row_label("alliances/nato", label, {"territory"}, 34) == label
    assert row_label("russia", "Russia", set(), 18) == "Russia"
