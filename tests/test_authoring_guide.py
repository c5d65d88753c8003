"""docs/authoring.md names the kit's API; each call it names exists and has a docstring with
a short example (an indented line of code, or a doctest, which is run)."""

import doctest
import re
from pathlib import Path

import pytest

from explainer.content.request import SceneRequest
from explainer.kit import narration, plot, readout, widgets
from explainer.kit.base import ExplainerScene

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
FUNCTIONS = {"tick_step": widgets.tick_step, "polyline": plot.polyline,
             "curve_points": plot.curve_points, "broken_curve": plot.broken_curve,
             "set_value": readout.Readout.set_value, "t": SceneRequest.t,
             "decades": widgets.decades, "height_of": widgets.LogAxis.height_of,
             "y_of": widgets.LogAxis.y_of}


def named():
    """Every `self.name(` and bare `name(` the guide shows in code."""
    text = GUIDE.read_text(encoding="utf-8")
    calls = set(re.findall(r"self\.(?:spec\.)?([a-z_]+)\(", text))
    calls |= {n for n in re.findall(r"`([a-z_]+)\(", text) if n in FUNCTIONS}
    calls |= {n for n in re.findall(r"\.([a-z_]+)\(", text) if n == "set_value"}
    return sorted(calls)


def has_example(doc):
    lines = (doc or "").splitlines()
    return any(line.startswith("    ") and ("(" in line or ">>>" in line)
               and line.strip() for line in lines[1:])


def test_the_guide_names_the_api():
    assert {"axes", "legend", "bars", "line", "checkpoint", "play_updating", "label_readout",
            "title_card", "tick_step", "polyline"} <= set(named())


@pytest.mark.parametrize("name", named())
def test_each_named_call_has_a_docstring_with_an_example(name):
    target = FUNCTIONS.get(name) or getattr(ExplainerScene, name)
    assert has_example(target.__doc__), f"{name}: add a short example to its docstring"


@pytest.mark.parametrize("module", [widgets, narration])
def test_the_doctests_in_the_kit_hold(module):
    failed, tried = doctest.testmod(module)
    assert tried > 0 and failed == 0


def test_the_number_formats_table_shows_what_a_scene_shows():
    """Each row of the guide's table, filled as a scene fills its text."""
    from explainer.content.numbers import fill

    rows = re.findall(r"^\| `(\{[^`]*\})` \| ([^|]+?) \| (.+?)(?: \(.*\))? \|$",
                      GUIDE.read_text(encoding="utf-8"), re.M)
    assert len(rows) >= 8
    for placeholder, value, shown in rows:
        number = int(value) if value.isdigit() else float(value)
        name = re.match(r"\{(\w+)", placeholder).group(1)
        assert fill(placeholder, {name: number}) == shown, placeholder
