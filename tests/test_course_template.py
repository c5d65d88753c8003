"""A course made by `explainer init` speaks as this one does: its pages' words, its voices and
how its narration reads numbers are this course's, so an improvement here reaches new courses."""

import tomllib
from importlib import resources
from string import Template

import pytest

from tests.conftest import CAT

SHARED = ("say_numbers", "gallery")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_new_course_has_this_courses_words(lang):
    text = resources.files("explainer").joinpath("course_template", f"{lang}.toml").read_text(
        encoding="utf-8")
    made = tomllib.loads(Template(text).substitute(title='"T"', title_zh='"T"', heading="T"))
    ours = tomllib.loads((CAT.content_dir / f"{lang}.toml").read_text(encoding="utf-8"))
    for table in SHARED:
        mine = {k: v for k, v in made[table].items() if k != "page_title"}
        theirs = {k: v for k, v in ours[table].items() if k != "page_title"}
        assert mine == theirs, table
    assert made["meta"] == ours["meta"]
    assert {"title", "closing"} <= set(made["chapters"])
    assert made["chapters"]["title"] == ours["chapters"]["title"]
