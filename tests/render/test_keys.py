"""Cache keys: exactly the jobs whose inputs changed get a new key."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from explainer import catalog
from explainer.errors import BatchError
from explainer.render import keys as key_module
from explainer.render.keys import dependencies
from explainer.render.plan import expand_ids, plan
from explainer.settings import MANIM_OPTIONS_ENV
from tests.conftest import CAT, LANGS

ROOT = CAT.root


def keys(root=ROOT, langs=LANGS, voice="off"):
    cat = catalog.load(root)
    planned = plan(cat, cat.ids(), langs, "l", "mp4", "dark", voice=voice)
    return {(p.job.scene_id, p.job.lang): p.key for p in planned}


def plan_one(*args, **kwargs):
    return plan(CAT, ["dying-relu"], ["en"], *args, **kwargs)[0].key


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the project, whose root is passed instead of the real one."""
    for folder in ("explainer", "scenes"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    key_module.clear_caches()
    yield tmp_path
    key_module.clear_caches()


def changed(before, after):
    return {k for k in before if before[k] != after[k]}


KEYS_SCRIPT = """
import json
from explainer import catalog
from explainer.content.text import languages
from explainer.render.plan import plan
cat = catalog.load()
planned = plan(cat, cat.ids(), languages(cat.content_dir), "l", "mp4", "dark")
print(json.dumps({f"{p.job.scene_id}/{p.job.lang}": p.key for p in planned}))
"""


def test_keys_are_stable_across_processes():
    """Two fresh interpreters with different hash seeds compute the same keys."""
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", KEYS_SCRIPT], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(proc.stdout))
    assert runs[0] == runs[1]
    assert len(runs[0]) == 2 * len(CAT.ids()) and len(set(runs[0].values())) == len(runs[0])
    assert runs[0] == {f"{k[0]}/{k[1]}": v for k, v in keys().items()}


def test_dependencies_follow_imports():
    deps = {p.relative_to(ROOT).as_posix()
            for p in dependencies(ROOT / "scenes" / "dying_relu.py")}
    assert {"scenes/dying_relu.py", "explainer/kit/base.py", "explainer/core/dead_neurons.py",
            "explainer/core/activations.py", "explainer/content/request.py"} <= deps
    assert "explainer/core/gradients.py" not in deps
    assert "explainer/render/job.py" not in deps


def test_title_edit_changes_only_that_language(project_copy):
    before = keys(project_copy)
    path = project_copy / "scenes" / "content" / "zh.toml"
    path.write_text(path.read_text().replace('title = "ReLU 神经元死亡"',
                                             'title = "ReLU 神经元的死亡"'))
    assert changed(before, keys(project_copy)) == {("dying-relu", "zh")}


def test_caption_wording_changes_only_the_captions_key(project_copy):
    def both(root):
        cat = catalog.load(root)
        return {(p.job.scene_id, p.job.lang): (p.key, p.captions_key)
                for p in plan(cat, cat.ids(), LANGS, "l", "mp4", "dark")}

    before = both(project_copy)
    path = project_copy / "scenes" / "content" / "zh.toml"
    path.write_text(path.read_text().replace("可能关闭之后再也打不开", "一旦关闭就再也打不开"))
    after = both(project_copy)
    assert {k for k in before if before[k][0] != after[k][0]} == set()
    assert {k for k in before if before[k][1] != after[k][1]} == {("dying-relu", "zh")}


def test_parameter_edit_changes_only_that_scene(project_copy):
    before = keys(project_copy)
    path = project_copy / "scenes" / "content" / "params.toml"
    path.write_text(path.read_text().replace("steps = 100", "steps = 90"))
    assert changed(before, keys(project_copy)) == {("dying-relu", "en"), ("dying-relu", "zh")}


def test_activation_entry_edit_changes_that_scene_and_the_scenes_naming_it(project_copy):
    before = keys(project_copy)
    path = project_copy / "scenes" / "content" / "en.toml"
    path.write_text(path.read_text().replace('title = "Mish"', 'title = "Mish (2019)"'))
    # The overview titles its panels with every activation's title; the others name them.
    assert changed(before, keys(project_copy)) == {
        ("activation-mish", "en"), ("activation-overview", "en"), ("vanishing-gradient", "en"),
        ("dying-relu", "en"), ("linear-collapse", "en"), ("universal-approximation", "en"),
        ("training-comparison", "en"), ("choosing-an-activation", "en"),
        ("decision-boundary", "en")}


def test_core_module_edit_changes_the_scenes_that_use_it(project_copy):
    before = keys(project_copy)
    path = project_copy / "explainer" / "core" / "dead_neurons.py"
    path.write_text(path.read_text() + "\n# edited\n")
    both = ("en", "zh")
    # the diagnosis in choosing-an-activation reruns both experiments
    assert changed(before, keys(project_copy)) == {
        (s, lang) for s in ("dying-relu", "choosing-an-activation") for lang in both}
    key_module.clear_caches()
    before = keys(project_copy)
    path = project_copy / "explainer" / "core" / "gradients.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys(project_copy)) == {
        (s, lang) for s in ("vanishing-gradient", "choosing-an-activation") for lang in both}


def test_scene_module_edit_changes_only_its_scenes(project_copy):
    before = keys(project_copy)
    path = project_copy / "scenes" / "linear_collapse.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys(project_copy)) == {("linear-collapse", "en"),
                                                   ("linear-collapse", "zh")}


def test_the_toolchain_is_part_of_the_key(monkeypatch):
    base = plan_one("l", "mp4", "dark")
    monkeypatch.setattr(key_module, "toolchain_fingerprint", lambda: "manim 9.9|other tex")
    assert plan_one("l", "mp4", "dark") != base


def test_job_options_are_part_of_the_key():
    base = plan_one("l", "mp4", "dark")
    assert plan_one("h", "mp4", "dark") != base
    assert plan_one("l", "webm", "dark") != base
    assert plan_one("l", "mp4", "light") != base
    assert plan_one("l", "mp4", "dark", {"steps": 50}) != base


def test_expand_ids():
    assert expand_ids(CAT, ["activation-*"])[0] == "activation-sigmoid"
    assert "activation-overview" in expand_ids(CAT, ["activation-*"])
    assert expand_ids(CAT, ["dying-relu", "linear-*"]) == ["linear-collapse", "dying-relu"]
    with pytest.raises(BatchError, match="did you mean 'dying-relu'"):
        expand_ids(CAT, ["dying-rel"])


@pytest.mark.parametrize("setting", [{"pixel_width": 320}, {"pixel_height": 200},
                                     {"frame_rate": 12}, {"background_opacity": 0.5}])
def test_each_manim_setting_is_part_of_the_key(monkeypatch, setting):
    """Pixel size lays text out, frame rate times every animation: one setting at a time."""
    base = plan_one("l", "mp4", "dark")
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(setting))
    changed_key = plan_one("l", "mp4", "dark")
    assert changed_key != base
    monkeypatch.setenv(MANIM_OPTIONS_ENV, "{}")
    assert plan_one("l", "mp4", "dark") == base


def test_with_a_voice_the_spoken_words_are_part_of_the_key(project_copy):
    """Silent, a caption is not drawn (its key stays); narrated, its words are the sound."""
    en = ["en"]
    silent, spoken = keys(project_copy, en), keys(project_copy, en, "espeak")
    path = project_copy / "scenes" / "content" / "en.toml"
    text = path.read_text(encoding="utf-8")
    old = "Those units are dead: zero output, zero gradient, no way back."
    assert text.count(old) == 1
    path.write_text(text.replace(old, "Those units are gone: no output, no gradient."),
                    encoding="utf-8")
    assert changed(silent, keys(project_copy, en)) == set()
    assert changed(spoken, keys(project_copy, en, "espeak")) == {("dying-relu", "en")}
    # what the engine hears: a lexicon entry changes every narrated video of that language
    spoken = keys(project_copy, en, "espeak")
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"ReLU" = "rel-you"', '"ReLU" = "ray-loo"', 1), encoding="utf-8")
    assert changed(spoken, keys(project_copy, en, "espeak")) == set(spoken)


@pytest.mark.parametrize("form", [
    "from helpers import tools as t", "import helpers.tools as t", "from helpers.tools import f",
    "from helpers import (\n    other,\n    tools as t,\n)",
    "def later():\n    import helpers.tools",
    "import importlib\nt = importlib.import_module('helpers.tools')",
])
def test_a_module_imported_any_way_is_a_dependency(tmp_path, form):
    scenes = tmp_path / "scenes"
    (scenes / "helpers").mkdir(parents=True)
    (scenes / "helpers" / "__init__.py").write_text("")
    (scenes / "helpers" / "other.py").write_text("")
    (scenes / "helpers" / "tools.py").write_text("from .deep import f\n")
    (scenes / "helpers" / "deep.py").write_text("def f():\n    return 1\n")
    (scenes / "unused.py").write_text("")
    (scenes / "scene.py").write_text(form + "\n")
    found = {p.relative_to(scenes).as_posix() for p in dependencies(scenes / "scene.py")}
    # the module, its package, and what it imports relatively; nothing it does not import
    assert {"helpers/__init__.py", "helpers/tools.py", "helpers/deep.py"} <= found
    assert "unused.py" not in found


def test_a_core_module_imported_under_another_name_changes_the_key(project_copy):
    """decision-boundary reads ``from explainer.core import separability as sep``."""
    before = keys(project_copy)
    path = project_copy / "explainer" / "core" / "separability.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys(project_copy)) == {("decision-boundary", "en"),
                                                   ("decision-boundary", "zh")}


def test_a_tiny_render_has_a_folder_of_its_own(monkeypatch, tmp_path):
    """A 192x108 check once landed in 720p30/ and replaced the real 720p30 video there."""
    (normal,) = plan(CAT, ["dying-relu"], ["en"], "m", "mp4", "dark")
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(
        {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}))
    (tiny,) = plan(CAT, ["dying-relu"], ["en"], "m", "mp4", "dark")
    assert normal.job.output(tmp_path) == tmp_path / "en" / "720p30" / "dying-relu.mp4"
    assert tiny.job.output(tmp_path) == tmp_path / "en" / "192x108p5" / "dying-relu.mp4"
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps({"frame_rate": 5}))
    (slow,) = plan(CAT, ["dying-relu"], ["en"], "l", "mp4", "dark")
    assert slow.job.output(tmp_path).parent.name == "480p5-ql"  # -q l keeps its own folder
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps({"video_encoder_options": {"crf": "18"}}))
    (other,) = plan(CAT, ["dying-relu"], ["en"], "m", "mp4", "dark")
    assert other.job.output(tmp_path) == normal.job.output(tmp_path)  # same picture size
    assert other.key != normal.key
