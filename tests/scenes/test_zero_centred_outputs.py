"""Zero-centred outputs: a dry run in every language and theme (its text inside the frame, no
overlaps, its chapters), and the numbers it shows against the core's."""

import numpy as np
import pytest

from explainer.core import zero_centred as zc
from tests.conftest import LANGS, dry_run
from tests.scenes.test_dry_run import check_layout


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("lang", LANGS)
def test_zero_centred_outputs_lays_out_its_chapters(lang, theme, media_dir):
    scene = dry_run("zero-centred-outputs", lang, theme, media_dir=media_dir)
    check_layout(scene)
    assert [c.key for c in scene.chapters] == [
        "chapters.title", "chapters.paths", "chapters.signs", "chapters.closing"]


def test_it_shows_the_cores_numbers(media_dir):
    scene = dry_run("zero-centred-outputs", "zh", "light", media_dir=media_dir)
    p = scene.spec.params
    for i, squash in enumerate(("sigmoid", "tanh")):
        run = zc.descend(zc.inputs(squash, p["samples"], p["spread"], p["seed"]),
                         np.array(p["teacher"]), np.array(p["start"]), p["learning_rate"],
                         p["steps"])
        assert scene.shown_numbers[f"same_sign_share_{i}"] == run.same_sign_share()
        assert scene.shown_numbers[f"steps_to_{squash}"] == run.steps_to(p["tolerance"])
    assert scene.shown_numbers["same_sign_share_0"] == 1.0
    assert scene.shown_numbers["steps_to_sigmoid"] >= 2 * scene.shown_numbers["steps_to_tanh"]
