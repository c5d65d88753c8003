"""How every scene looks: text sizes, margins, and the two colour themes."""

from __future__ import annotations

from dataclasses import dataclass

TITLE_SIZE = 52
HEADING_SIZE = 34
BODY_SIZE = 28
LABEL_SIZE = 22
MARGIN = 0.35  # frame units kept free at every edge


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    muted: str
    axis: str
    grid: str
    f: str  # the function's curve
    df: str  # its derivative
    accent: str
    good: str
    bad: str
    dead: str
    saturated_fill: str
    dead_fill: str


THEMES: dict[str, Theme] = {
    "dark": Theme(
        background="#000000", text="#FFFFFF", muted="#A6A6A6", axis="#D9D9D9", grid="#3A5A80",
        f="#58C4DD", df="#FF862F", accent="#FFFF00", good="#83C167", bad="#FC6255",
        dead="#6E6E6E", saturated_fill="#FFFF00", dead_fill="#FC6255",
    ),
    "light": Theme(
        background="#FFFFFF", text="#1A1A1A", muted="#5C5C5C", axis="#333333", grid="#4F74A8",
        f="#1C5FB8", df="#D9480F", accent="#A07800", good="#2B8A3E", bad="#C92A2A",
        dead="#A0A0A0", saturated_fill="#E6B800", dead_fill="#C92A2A",
    ),
}
