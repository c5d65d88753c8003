"""Cache keys: exactly the jobs whose inputs changed get a new key."""

import shutil

import pytest

from explainer import content
from explainer.render import job as job_module
from explainer.render.batch import BatchError, expand_ids, plan
from explainer.render.job import dependencies

ROOT = job_module.ROOT


def keys():
    planned = plan(content.scene_ids(), content.LANGUAGES, "l", "mp4", "dark")
    return {(p.job.scene_id, p.job.lang): p.key for p in planned}


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """A copy of the sources, which keys are computed from instead of the real ones."""
    for package in ("explainer", "scenes"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(job_module, "ROOT", tmp_path)
    monkeypatch.setenv(content.CONTENT_ENV, str(tmp_path / "scenes" / "content"))
    job_module.clear_caches()
    yield tmp_path
    job_module.clear_caches()


def changed(before, after):
    return {k for k in before if before[k] != after[k]}


def test_keys_are_stable():
    assert keys() == keys()


def test_dependencies_follow_imports():
    deps = {p.relative_to(ROOT).as_posix() for p in dependencies("scenes.dying_relu")}
    assert {"scenes/dying_relu.py", "scenes/base.py", "explainer/core/dead_neurons.py",
            "explainer/core/activations.py", "explainer/content.py"} <= deps
    assert "explainer/core/gradients.py" not in deps
    assert "explainer/render/job.py" not in deps


def test_caption_edit_changes_only_that_language(project_copy):
    before = keys()
    path = project_copy / "scenes" / "content" / "zh.toml"
    path.write_text(path.read_text().replace("ReLU 神经元死亡", "ReLU 神经元的死亡"))
    assert changed(before, keys()) == {("dying-relu", "zh")}


def test_parameter_edit_changes_only_that_scene(project_copy):
    before = keys()
    path = project_copy / "scenes" / "content" / "params.toml"
    path.write_text(path.read_text().replace("steps = 100", "steps = 90"))
    assert changed(before, keys()) == {("dying-relu", "en"), ("dying-relu", "zh")}


def test_activation_entry_edit_changes_that_scene_and_the_scenes_naming_it(project_copy):
    before = keys()
    path = project_copy / "scenes" / "content" / "en.toml"
    path.write_text(path.read_text().replace('title = "Mish"', 'title = "Mish (2019)"'))
    # The overview titles its panels with every activation's title.
    assert changed(before, keys()) == {("activation-mish", "en"), ("activation-overview", "en"),
                                       ("vanishing-gradient", "en"), ("dying-relu", "en")}


def test_core_module_edit_changes_the_scenes_that_use_it(project_copy):
    before = keys()
    path = project_copy / "explainer" / "core" / "dead_neurons.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys()) == {("dying-relu", "en"), ("dying-relu", "zh")}
    job_module.clear_caches()
    before = keys()
    path = project_copy / "explainer" / "core" / "gradients.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys()) == {("vanishing-gradient", "en"),
                                       ("vanishing-gradient", "zh")}


def test_scene_module_edit_changes_only_its_scenes(project_copy):
    before = keys()
    path = project_copy / "scenes" / "linear_collapse.py"
    path.write_text(path.read_text() + "\n# edited\n")
    assert changed(before, keys()) == {("linear-collapse", "en"), ("linear-collapse", "zh")}


def test_job_options_are_part_of_the_key():
    base = plan(["dying-relu"], ["en"], "l", "mp4", "dark")[0].key
    assert plan(["dying-relu"], ["en"], "h", "mp4", "dark")[0].key != base
    assert plan(["dying-relu"], ["en"], "l", "webm", "dark")[0].key != base
    assert plan(["dying-relu"], ["en"], "l", "mp4", "light")[0].key != base
    assert plan(["dying-relu"], ["en"], "l", "mp4", "dark", {"steps": 50})[0].key != base


def test_expand_ids():
    assert expand_ids(["activation-*"])[0] == "activation-sigmoid"
    assert "activation-overview" in expand_ids(["activation-*"])
    assert expand_ids(["dying-relu", "linear-*"]) == ["linear-collapse", "dying-relu"]
    with pytest.raises(BatchError, match="did you mean 'dying-relu'"):
        expand_ids(["dying-rel"])
