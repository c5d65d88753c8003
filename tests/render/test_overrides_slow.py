"""Every kind of parameter overridden with --set reaches the scene and renders (tiny size): the
value is checked once at planning and passed down as checked, never re-validated in the render
process (a matrix once passed planning, then failed there as tuples)."""

import json

import av
import pytest

from explainer.cli import main
from explainer.content.params import PARAM_KINDS
from explainer.render.manifest import Manifest
from tests.conftest import CAT

TINY = {"pixel_width": 128, "pixel_height": 72, "frame_rate": 4}
SETS = {
    "linear-collapse": ["W1=[[1.0, 0.5], [0.0, 1.0]]", "b1=[0.2, -0.1]", "grid_lines=5",
                        "grid_extent=1.2", 'bend_activations=["tanh", "relu"]'],
    "activation-relu": ["x_range=[-4.0, 4.0]"],
    "choosing-an-activation": ["logits=[1.5, 0.5, -0.5]"],
    "dying-relu": ["compare_activation=\"prelu\"", "steps=40"],
    "vanishing-gradient": ["vanish_init=\"he\""],
}


def test_every_parameter_kind_is_covered():
    kinds = {CAT.get(scene).params[s.partition("=")[0]].kind
             for scene, sets in SETS.items() for s in sets}
    assert kinds == set(PARAM_KINDS)


@pytest.mark.slow
@pytest.mark.parametrize("scene_id", sorted(SETS))
def test_an_override_renders(scene_id, tmp_path, monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setenv("EXPLAINER_MANIM_OPTIONS", json.dumps(TINY))
    args = ["render", scene_id, "-o", str(tmp_path), "-j", "1"]
    for assignment in SETS[scene_id]:
        args += ["--set", assignment]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (entry,) = Manifest.from_file(tmp_path / "manifest.json").entries.values()
    given = dict(entry.job.overrides)
    for assignment in SETS[scene_id]:
        assert assignment.partition("=")[0] in given
    with av.open(str(tmp_path / entry.files["main"])) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (128, 72)
        assert sum(1 for _ in container.decode(stream)) > 20


def test_the_scene_receives_the_checked_values(media_dir):
    from tests.conftest import dry_run

    matrix = [[1.0, 0.5], [0.0, 1.0]]
    scene = dry_run("linear-collapse", overrides={"W1": matrix, "grid_lines": 5},
                    media_dir=media_dir)
    assert scene.spec.params["W1"] == matrix and scene.spec.params["grid_lines"] == 5
