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
from tests.conftest import CAT, LANGS

ROOT = CAT.root


def keys(root=ROOT):
    cat = catalog.load(root)
    planned = plan(cat, cat.ids(), LANGS, "l", "mp4", "dark")
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
