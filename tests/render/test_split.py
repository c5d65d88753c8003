"""Splitting a job at its chapters: how the chapters are grouped and the chunks ordered (the
renders that compare split and whole videos are in tests/scenes and tests/voice)."""

import dataclasses

import pytest

from explainer.errors import BatchError
from explainer.render import split
from explainer.render.plan import plan
from tests.conftest import CAT


def test_runs_are_as_even_as_the_order_allows():
    # linear-collapse's six sections (it ends "bend" twice): 28 s and 31 s, not 41 and 18
    assert split.groups([3.0, 14.8, 10.2, 12.8, 12.2, 6.0], 2) == [(0, 2), (3, 5)]
    assert split.groups([1.0] * 4, 2) == [(0, 1), (2, 3)]
    assert split.groups([1.0] * 3, 9) == [(0, 0), (1, 1), (2, 2)]  # never more than chapters
    assert split.groups([5.0, 1, 1, 1, 1, 1, 1], 3) == [(0, 0), (1, 2), (3, 6)]


def test_chunks_run_the_last_one_to_the_end_and_the_longest_first():
    (item,) = plan(CAT, ["linear-collapse"], ["en"], "l", "mp4", "dark")
    pieces = split.chunks(item, 2, [3.0, 14.8, 10.2, 12.8, 12.2, 6.0])
    assert [p.chunk for p in pieces] == [(1, 3, split.TO_THE_END), (0, 0, 2)]
    assert all(p.key == item.key and p.job == item.job for p in pieces)
    thirds = sorted(p.chunk for p in split.chunks(item, 3))  # equal weights: 5 chapters
    assert thirds == [(0, 0, 1), (1, 2, 2), (2, 3, split.TO_THE_END)]
    assert split.splittable(item) and not split.splittable(pieces[0])
    (gif,) = plan(CAT, ["linear-collapse"], ["en"], "l", "gif", "dark")
    assert not split.splittable(gif)
    assert not split.splittable(dataclasses.replace(item, chapters=1))  # nothing to cut at


def test_split_option_values():
    assert split.parse("auto") == "auto" and split.parse("off") == "off"
    assert split.parse("4") == 4
    for bad in ("0", "-1", "many", "²"):
        with pytest.raises(BatchError, match="use auto"):
            split.parse(bad)
