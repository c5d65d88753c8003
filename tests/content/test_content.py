import shutil
from pathlib import Path

import pytest

from explainer import content
from explainer.content import ContentError, load_spec, parse_override, scene_ids

SOURCE = Path(content.content_dir())


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    """A writable copy of the content folder, used instead of the real one."""
    folder = tmp_path / "content"
    shutil.copytree(SOURCE, folder)
    monkeypatch.setenv(content.CONTENT_ENV, str(folder))
    return folder


@pytest.mark.parametrize("lang", content.LANGUAGES)
def test_every_scene_loads_in_every_language(lang):
    for scene_id in scene_ids():
        spec = load_spec(scene_id, lang)
        assert spec.t("title") if "title" in spec.text else spec.params


def test_scene_ids_cover_every_activation_once():
    ids = scene_ids()
    assert len(ids) == len(set(ids))
    assert "activation-relu" in ids and "activation-leaky-relu" in ids
    assert "activation-swish" not in ids  # an alias of silu, one video is enough


def test_languages_have_the_same_keys():
    for scene_id in scene_ids():
        assert load_spec(scene_id, "en").text.keys() == load_spec(scene_id, "zh").text.keys()


def test_missing_key_names_file_and_key(drafts):
    path = drafts / "en.toml"
    path.write_text(path.read_text().replace('intro = "Stack two', 'intr = "Stack two'))
    with pytest.raises(ContentError, match=r"en\.toml: missing key 'captions\.intro'"):
        load_spec("linear-collapse", "en")


def test_syntax_error_names_file_and_line(drafts):
    path = drafts / "zh.toml"
    lines = path.read_text().splitlines()
    lines[5] = "title = 两层线性等于一层"  # unquoted
    path.write_text("\n".join(lines))
    with pytest.raises(ContentError, match=r"zh\.toml: TOML syntax error: .*line 6"):
        load_spec("linear-collapse", "zh")


def test_wrong_type_and_out_of_range_params(drafts):
    path = drafts / "params.toml"
    original = path.read_text()
    path.write_text(original.replace("steps = 100", 'steps = "many"'))
    with pytest.raises(ContentError, match=r"params\.toml \[dying-relu\] steps must be an integer"):
        load_spec("dying-relu")
    path.write_text(original.replace("learning_rate = 0.15", "learning_rate = 7.0"))
    with pytest.raises(ContentError, match=r"learning_rate = 7\.0 is out of range"):
        load_spec("dying-relu")


def test_unknown_placeholder_is_reported(drafts):
    path = drafts / "en.toml"
    path.write_text(path.read_text().replace('dead_count = "dead: {dead} / {total}"',
                                             'dead_count = "dead: {deed} / {total}"'))
    with pytest.raises(ContentError, match=r"uses \{deed\}; allowed placeholders: \{dead\}"):
        load_spec("dying-relu")


def test_overrides_are_checked_like_the_file():
    assert load_spec("dying-relu", overrides={"steps": 40}).params["steps"] == 40
    with pytest.raises(ContentError, match=r"--set stepz: .*known: .*steps"):
        load_spec("dying-relu", overrides={"stepz": 40})
    with pytest.raises(ContentError, match=r"--set hidden = 1000 is out of range"):
        load_spec("dying-relu", overrides={"hidden": 1000})
    with pytest.raises(ContentError, match="must be one of"):
        load_spec("vanishing-gradient", overrides={"vanish_init": "glorot"})


def test_parse_override():
    assert parse_override("steps=80") == ("steps", 80)
    assert parse_override("W1=[[1, 0], [0, 1]]") == ("W1", [[1, 0], [0, 1]])
    assert parse_override("vanish_init=he") == ("vanish_init", "he")
    with pytest.raises(ContentError, match="expected key=value"):
        parse_override("steps")


def test_bad_language_theme_and_scene():
    with pytest.raises(ContentError, match="unknown language 'fr'"):
        load_spec("dying-relu", "fr")
    with pytest.raises(ContentError, match="unknown theme 'sepia'"):
        load_spec("dying-relu", theme="sepia")
    with pytest.raises(ContentError, match="unknown scene"):
        load_spec("dying-reluu")


def test_fingerprint_follows_what_the_scene_reads(drafts):
    before_en = load_spec("dying-relu", "en").fingerprint()
    before_zh = load_spec("dying-relu", "zh").fingerprint()
    other = load_spec("linear-collapse", "zh").fingerprint()
    path = drafts / "zh.toml"
    path.write_text(path.read_text().replace("ReLU 神经元死亡", "ReLU 神经元的死亡"))
    assert load_spec("dying-relu", "en").fingerprint() == before_en
    assert load_spec("dying-relu", "zh").fingerprint() != before_zh
    assert load_spec("linear-collapse", "zh").fingerprint() == other
