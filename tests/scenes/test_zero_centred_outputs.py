"""Zero-centred outputs: its chapters, and the numbers it shows against the core's (its
layout in every language and theme is in test_dry_run.py, with every scene's)."""

import numpy as np

from explainer.core import zero_centred as zc
from tests.conftest import dry_run


def test_it_shows_the_cores_numbers_in_its_chapters(media_dir):
    scene = dry_run("zero-centred-outputs", "zh", "light", media_dir=media_dir)
    assert [c.key for c in scene.chapters] == [
        "chapters.title", "chapters.paths", "chapters.signs", "chapters.closing"]
    p = scene.spec.params
    for i, squash in enumerate(("sigmoid", "tanh")):
        run = zc.descend(zc.inputs(squash, p["samples"], p["spread"], p["seed"]),
                         np.array(p["teacher"]), np.array(p["start"]), p["learning_rate"],
                         p["steps"])
        assert scene.shown_numbers[f"same_sign_share_{i}"] == run.same_sign_share()
        assert scene.shown_numbers[f"steps_to_{squash}"] == run.steps_to(p["tolerance"])
    assert scene.shown_numbers["same_sign_share_0"] == 1.0
    assert scene.shown_numbers["steps_to_sigmoid"] >= 2 * scene.shown_numbers["steps_to_tanh"]
