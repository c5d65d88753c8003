"""Whatever a user types after --set, or writes into a content file, planning ends in one of
two ways: a clean ContentError/BatchError, or a valid plan (hashable jobs, string keys)."""

import json
import shutil
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import catalog
from explainer.content.params import parse_override
from explainer.errors import ContentError, ExplainerError
from explainer.render.plan import plan
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT

PARAM_NAMES = sorted({k for e in CAT for k in e.params})
SCENES = ["linear-collapse", "activation-relu", "vanishing-gradient", "dying-relu"]

toml_scalars = st.one_of(
    st.integers(-10**6, 10**6).map(str), st.floats(allow_nan=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "true", "''", '"relu"', "he", "[]", "{}"]),
    st.text(max_size=8))
toml_values = st.recursive(toml_scalars, lambda inner: st.lists(inner, max_size=3).map(
    lambda items: "[" + ", ".join(items) + "]"), max_leaves=6)


def planned_or_clean_error(cat, scene_id, overrides, names=()):
    """Plans, or refuses in one line that names the input (one of ``names``)."""
    try:
        items = plan(cat, [scene_id], ["en"], "l", "mp4", "dark", overrides)
    except ExplainerError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert any(name in str(exc) for name in names), f"{exc} names none of {names}"
        return False
    for item in items:
        hash(item.job)
        assert isinstance(item.key, str) and len(item.key) == 20
        json.dumps(item.job.to_dict())
    return True


@settings(max_examples=150, deadline=None)
@given(scene_id=st.sampled_from(SCENES), key=st.sampled_from([*PARAM_NAMES, "nope"]),
       raw=toml_values)
def test_any_set_value_plans_or_fails_cleanly(scene_id, key, raw):
    try:
        name, value = parse_override(f"{key}={raw}")
    except ContentError:
        return
    planned_or_clean_error(CAT, scene_id, {name: value}, names=(f"--set {name}",))


@pytest.mark.parametrize("scene_id", SCENES)
def test_every_valid_value_plans(scene_id):
    """Each parameter set to the value params.toml gives it, as --set would: it must plan."""
    params = tomllib.loads(PARAMS)[CAT.get(scene_id).table]
    for key, value in params.items():
        raw = json.dumps(value) if not isinstance(value, str) else f'"{value}"'
        assert planned_or_clean_error(CAT, scene_id, dict([parse_override(f"{key}={raw}")]))


def test_list_valued_and_non_finite_sets():
    name, value = parse_override("W1=[[1,0],[0,1]]")
    items = plan(CAT, ["linear-collapse"], ["en", "zh"], "l", "mp4", "dark", {name: value})
    assert len({hash(i.job) for i in items}) == 2
    for raw in ("[[nan,0],[0,1]]", "[[inf,0],[0,1]]"):
        with pytest.raises(ContentError, match="must be a finite number"):
            plan(CAT, ["linear-collapse"], ["en"], "l", "mp4", "dark",
                 dict([parse_override(f"W1={raw}")]))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CAT.content_dir, folder)
    return folder


def test_attribute_access_in_a_placeholder_is_refused(drafts, monkeypatch):
    path = drafts / "en.toml"
    original = path.read_text(encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))
    try:
        for hostile in ("{peak.__class__.__mro__}", "{peak[0]}", "{peak!r}", "{peak:{peak}}",
                        "{0}", "{}"):
            doc = original.replace('takeaway = "', f'takeaway = "{hostile} ', 1)
            path.write_text(doc, encoding="utf-8")
            with pytest.raises(ContentError, match=r"en\.toml: \[.*\] takeaway"):
                plan(catalog.load(), CAT.ids(), ["en"], "l", "mp4", "dark")
    finally:
        path.write_text(original, encoding="utf-8")


EN = (CAT.content_dir / "en.toml").read_text(encoding="utf-8")
PARAMS = (CAT.content_dir / "params.toml").read_text(encoding="utf-8")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.sampled_from(["en.toml", "params.toml"]), data=st.data())
def test_random_content_edits_plan_or_fail_cleanly(drafts, monkeypatch, which, data):
    original = EN if which == "en.toml" else PARAMS
    lines = original.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(st.sampled_from(["delete", "replace_value", "garble", "duplicate"]))
    if edit == "delete":
        del lines[i]
    elif edit == "replace_value" and "=" in lines[i]:
        lines[i] = lines[i].split("=")[0] + "= " + data.draw(toml_values)
    elif edit == "garble":
        cut = data.draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:cut] + data.draw(st.text(max_size=4)) + lines[i][cut:]
    else:
        lines.insert(i, lines[i])
    (drafts / which).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))
    unchanged = _same_toml("\n".join(lines), original)
    try:
        ok = planned_or_clean_error(catalog.load(), data.draw(st.sampled_from(SCENES)), None,
                                    names=(".toml",))
        assert ok or not unchanged, "an edit that changes nothing must still plan"
    finally:
        (drafts / which).write_text(original, encoding="utf-8")
    assert tomllib.loads(original)


def _same_toml(text, original):
    try:
        return tomllib.loads(text) == tomllib.loads(original)
    except tomllib.TOMLDecodeError:
        return False
