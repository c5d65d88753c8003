"""Authoring without code: an activation from a formula, a language from a file, and
`explainer check` listing every problem."""

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from explainer import catalog, check
from explainer.cli import main
from explainer.content.request import plan_request
from explainer.content.text import language_name, languages
from explainer.errors import ContentError
from explainer.render.plan import plan
from tests.content.conftest import third_language

FIXTURES = Path(__file__).parents[1] / "fixtures"
SWISH_ENTRY = '[scaled_swish]\nformula = "x * sigmoid(beta * x)"\nparams = { beta = 1.5 }\n'
SWISH_TEXT = {
    "en": ('title = "Scaled Swish"', 'subtitle = "Swish with a steeper gate, peak slope '
           '{peak:.2f}"', 'description = "x times sigmoid of 1.5 x."',
           'takeaway = "A sharper gate: closer to ReLU, still smooth. Range {range}."'),
    "zh": ('title = "缩放 Swish"', 'subtitle = "门控更陡的 Swish，最大斜率 {peak:.2f}"',
           'description = "x 乘以 1.5x 的 sigmoid。"',
           'takeaway = "门控更陡：更接近 ReLU，但仍然光滑。输出范围 {range}。"'),
}


def add_scaled_swish(folder, langs=("en", "zh")):
    with (folder / "activations.toml").open("a", encoding="utf-8") as fh:
        fh.write(SWISH_ENTRY)
    for lang in langs:
        with (folder / f"{lang}.toml").open("a", encoding="utf-8") as fh:
            fh.write("\n[activations.scaled_swish]\n" + "\n".join(SWISH_TEXT[lang]) + "\n")


def test_an_activation_from_a_formula_is_a_scene_everywhere(drafts):
    add_scaled_swish(drafts)
    cat = catalog.load()
    assert "activation-scaled-swish" in cat.ids()
    assert cat.ids().index("activation-scaled-swish") < cat.ids().index("activation-overview")
    assert check.problems(cat) == []
    before = {(p.job.scene_id, p.job.lang): p.key
              for p in plan(cat, cat.ids(), ["en", "zh"], "l", "mp4", "dark")}
    path = drafts / "activations.toml"
    path.write_text(path.read_text().replace("beta = 1.5", "beta = 2.0"), encoding="utf-8")
    after = {(p.job.scene_id, p.job.lang): p.key
             for p in plan(catalog.load(), cat.ids(), ["en", "zh"], "l", "mp4", "dark")}
    changed = {k[0] for k in before if before[k] != after[k]}
    # its own video, the overview that draws it, the scenes that name every activation
    assert changed == {"activation-scaled-swish", "activation-overview", "vanishing-gradient",
                       "dying-relu", "linear-collapse", "universal-approximation",
                       "training-comparison", "choosing-an-activation", "decision-boundary"}


def test_the_formula_scene_builds_with_its_derivative(drafts, media_dir):
    from tests.conftest import dry_run
    from tests.scenes.test_dry_run import check_layout

    add_scaled_swish(drafts)
    for lang, theme in (("en", "dark"), ("zh", "light")):
        scene = dry_run("activation-scaled-swish", lang, theme, media_dir=media_dir)
        # f'(x) = s(u) + u s(u) (1 - s(u)) with u = 1.5 x: the same peak as SiLU's, 1.0998;
        # and, independently, the largest central difference of x s(1.5 x) written out here
        assert scene.shown_numbers["peak"] == pytest.approx(1.0998393, abs=1e-6)
        xs, h = np.linspace(-6, 6, 120001), 1e-5

        def swish(x):
            return x / (1 + np.exp(-1.5 * x))

        central = (swish(xs + h) - swish(xs - h)) / (2 * h)
        assert scene.shown_numbers["peak"] == pytest.approx(central.max(), abs=1e-6)
        check_layout(scene)


def test_a_step_is_drawn_with_its_jump(drafts, media_dir):
    """The perceptron's step: its curve breaks at the jump, marked, and the video says
    f' = 0 on both sides."""
    from tests.conftest import dry_run
    from tests.scenes.test_dry_run import check_layout, shown_text

    with (drafts / "activations.toml").open("a", encoding="utf-8") as fh:
        fh.write('[step]\nformula = "where(x > 0.5, 1, 0)"\n')
    for lang, words in (("en", ("Step", "A perceptron's step", "1 above 0.5, else 0.",
                                "No slope, no learning.")),
                        ("zh", ("阶跃", "感知机的阶跃函数", "大于 0.5 时为 1，否则为 0。",
                                "没有斜率，就无法学习。"))):
        with (drafts / f"{lang}.toml").open("a", encoding="utf-8") as fh:
            fh.write("\n[activations.step]\n" + "\n".join(
                f'{k} = "{v}"' for k, v in zip(("title", "subtitle", "description",
                                                "takeaway"), words, strict=True)) + "\n")
    scene = dry_run("activation-step", "zh", "light", media_dir=media_dir)
    check_layout(scene)
    assert any("x=0.5" in t and "f′=0" in t for t in shown_text(scene))
    from manim import Axes

    from explainer.kit.plot import broken_curve

    step = scene.activations["step"]
    assert step.jumps == (0.5,)
    axes = Axes(x_range=[-2, 2, 1], y_range=[-1, 2, 1])
    curve = broken_curve(axes, np.linspace(-2, 2, 41), step.f, step.jumps, "#FFFFFF", 3)
    pieces = curve.get_subpaths()
    assert len(pieces) == 2  # no line joins the two levels
    ys = [axes.p2c(p[:, :].mean(axis=0))[1] for p in pieces]
    assert ys == pytest.approx([0.0, 1.0])


@pytest.mark.parametrize("scene_id", ["dying-relu", "activation-overview"])
def test_the_third_language_lays_out_cleanly(drafts, media_dir, scene_id):
    from tests.conftest import dry_run
    from tests.scenes.test_dry_run import check_layout

    third_language(drafts)
    scene = dry_run(scene_id, "ja", "dark", media_dir=media_dir)
    check_layout(scene)
    assert any("\u3040" <= ch <= "\u30ff" for c in scene.captions for ch in c.text)


FIVE = {
    "missing key": ("zh.toml", 'dead = "死亡"\n', ""),
    "unknown key": ("zh.toml", 'dead = "死亡"\n', 'dead = "死亡"\nundead = "僵尸"\n'),
    "placeholder": ("en.toml", 'dead_count = "dead: {dead} / {total}"',
                    'dead_count = "dead: {dead.__class__} / {total}"'),
    "parameter": ("params.toml", "steps = 100", "steps = 100000"),
    "formula": ("activations.toml", "", '[bad]\nformula = "x * sigmoidd(x)"\n'),
}


def test_check_lists_every_problem(drafts):
    for name, (file, old, new) in FIVE.items():
        path = drafts / file
        text = path.read_text(encoding="utf-8")
        if name == "unknown key":  # a key English does not have, elsewhere in the file
            text = text.replace("[dying-relu.labels]\n", "[dying-relu.labels]\nundead = \"x\"\n")
        elif name == "formula":
            text += new
        else:
            assert old in text, name
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    found = check.problems(catalog.load(lenient=True))
    joined = "\n".join(found)
    assert "zh.toml: missing key dying-relu.labels.dead" in joined
    assert "zh.toml: unknown key dying-relu.labels.undead" in joined
    assert "en.toml: [dying-relu] labels.dead_count" in joined and "plain placeholder" in joined
    assert "params.toml [dying-relu] steps = 100000 is out of range" in joined
    assert "activations.toml: [bad] formula: column 5: unknown function 'sigmoidd'" in joined
    assert len(found) == len(set(found)) >= 5

    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == len(found)


def test_check_names_characters_no_font_has(drafts):
    path = drafts / "zh.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'title = "ReLU 神经元死亡"', 'title = "ReLU नमस्ते"'), encoding="utf-8")
    found = check.problems(catalog.load())
    assert any("zh.toml: no installed font has" in p and "नमस" in p
               and "apt-get install fonts-noto-core" in p for p in found)


def test_a_missing_translation_of_a_formula_activation_is_named(drafts):
    add_scaled_swish(drafts, langs=("en",))
    found = check.problems(catalog.load())
    assert any("zh.toml: missing section [activations.scaled_swish]" in p for p in found)


def test_a_language_is_a_file(drafts):
    third_language(drafts)
    assert languages(drafts) == ["en", "ja", "zh"]
    assert language_name("ja", drafts) == "日本語"
    cat = catalog.load()
    spec = plan_request(cat, "dying-relu", "ja")
    assert spec.t("labels.final", activation="ReLU", percent=0.45) == "ReLU：45% が死亡"
    with pytest.raises(ContentError, match=r"ja\.toml: missing section \[linear"):
        plan_request(cat, "linear-collapse", "ja")  # not translated: an error, no English
