"""How every scene looks: text sizes, margins, and the two colour themes.

Colours are named for what they mean, so a scene on any topic picks them by role:
``primary`` (the main curve or quantity), ``secondary`` (what it is compared with),
``highlight`` (what to look at now), ``good`` / ``warning`` (works / fails), ``muted`` (labels,
side notes), ``faint`` (switched off, gone), and ``highlight_fill`` / ``warning_fill`` for
shaded areas. Activation scenes name two of them by their own words: ``f`` (the function,
primary) and ``df`` (its derivative, secondary).

    th = self.theme
    curve = polyline(axes, xs, ys, th.primary, 4)
    note = self.text(self.label("note"), LABEL_SIZE, th.muted)
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE_SIZE = 52
HEADING_SIZE = 34
BODY_SIZE = 28
LABEL_SIZE = 22
# TeX numbers (tick labels, readouts, formulas): digits 6 px tall on a 390 px phone, the
# smallest explainer.testing accepts (TeX digits are smaller than the house font's per point)
NUMBER_SIZE = 31
MARGIN = 0.35  # frame units kept free at every edge


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str
    axis: str
    grid: str
    primary: str
    secondary: str
    highlight: str
    good: str
    warning: str
    faint: str
    highlight_fill: str
    warning_fill: str

    @property
    def f(self) -> str:
        """An activation's curve: the primary colour."""
        return self.primary

    @property
    def df(self) -> str:
        """An activation's derivative: the secondary colour."""
        return self.secondary


THEMES: dict[str, Theme] = {
    "dark": Theme(
        background="#000000", text="#FFFFFF", muted="#A6A6A6", axis="#D9D9D9", grid="#3A5A80",
        primary="#58C4DD", secondary="#FF862F", highlight="#FFFF00", good="#83C167",
        warning="#FC6255", faint="#6E6E6E", highlight_fill="#FFFF00", warning_fill="#FC6255",
    ),
    "light": Theme(
        background="#FFFFFF", text="#1A1A1A", muted="#5C5C5C", axis="#333333", grid="#4F74A8",
        primary="#1C5FB8", secondary="#D9480F", highlight="#A07800", good="#2B8A3E",
        warning="#C92A2A", faint="#A0A0A0", highlight_fill="#E6B800", warning_fill="#C92A2A",
    ),
}
