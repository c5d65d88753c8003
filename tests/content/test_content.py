import shutil
import tomllib

import pytest

from explainer.content.params import parse_override
from explainer.content.request import plan_request
from explainer.errors import ContentError
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT, LANGS

SOURCE = CAT.content_dir


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    """A writable copy of the content folder, used instead of the real one."""
    folder = tmp_path / "content"
    shutil.copytree(SOURCE, folder)
    monkeypatch.setenv(CONTENT_ENV, str(folder))
    return folder


@pytest.mark.parametrize("lang", LANGS)
def test_every_scene_loads_its_own_entries_in_every_language(lang):
    """Each spec holds exactly its file's strings and params.toml's numbers, read here
    independently with tomllib."""
    doc = tomllib.loads((SOURCE / f"{lang}.toml").read_text(encoding="utf-8"))
    params = tomllib.loads((SOURCE / "params.toml").read_text(encoding="utf-8"))
    for entry in CAT:
        spec = plan_request(CAT, entry.id, lang)
        own = doc["activations"][entry.activation] if entry.activation else doc[entry.table]
        assert spec.text["title"] == own["title"] and spec.text["takeaway"] == own["takeaway"]
        table = doc[entry.table]
        caption = next(iter(table["captions"]))
        assert spec.text[f"captions.{caption}"] == table["captions"][caption]
        for key, value in params.get(entry.table, {}).items():
            assert spec.params[key] == value, (entry.id, key)


def test_scene_ids_cover_every_activation_once():
    ids = CAT.ids()
    assert len(ids) == len(set(ids))
    assert "activation-relu" in ids and "activation-leaky-relu" in ids
    assert "activation-swish" not in ids  # an alias of silu, one video is enough


def test_languages_have_the_same_keys():
    for scene_id in CAT.ids():
        en, zh = (plan_request(CAT, scene_id, lang) for lang in ("en", "zh"))
        assert en.text.keys() == zh.text.keys()


def test_missing_key_names_file_and_key(drafts):
    # English is the reference: a key it has is required in every other language.
    path = drafts / "zh.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count('\nintro = "') >= 1
    path.write_text(text.replace('\nintro = "', '\nintr = "', 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"zh\.toml: missing key 'captions\.intro'"):
        plan_request(CAT, "linear-collapse", "zh")


def test_a_key_the_scene_needs_but_english_lacks_is_named():
    spec = plan_request(CAT, "linear-collapse", "en")
    with pytest.raises(ContentError, match=r"en\.toml: scene linear-collapse needs the text "
                       r"key 'captions\.nope'"):
        spec.t("captions.nope")


def test_syntax_error_names_file_and_line(drafts):
    path = drafts / "zh.toml"
    lines = path.read_text().splitlines()
    lines[5] = "title = 两层线性等于一层"  # unquoted
    path.write_text("\n".join(lines))
    with pytest.raises(ContentError, match=r"zh\.toml: TOML syntax error: .*line 6"):
        plan_request(CAT, "linear-collapse", "zh")


def test_wrong_type_and_out_of_range_params(drafts):
    path = drafts / "params.toml"
    original = path.read_text()
    path.write_text(original.replace("steps = 100", 'steps = "many"'))
    with pytest.raises(ContentError, match=r"params\.toml \[dying-relu\] steps must be an integer"):
        plan_request(CAT, "dying-relu")
    path.write_text(original.replace("learning_rate = 0.15", "learning_rate = 7.0"))
    with pytest.raises(ContentError, match=r"learning_rate = 7\.0 is out of range"):
        plan_request(CAT, "dying-relu")


def test_unknown_placeholder_is_reported(drafts):
    path = drafts / "en.toml"
    path.write_text(path.read_text().replace('dead_count = "dead: {dead} / {total}"',
                                             'dead_count = "dead: {deed} / {total}"'))
    with pytest.raises(ContentError, match=r"uses \{deed\}; allowed placeholders: \{dead\}"):
        plan_request(CAT, "dying-relu")


def test_overrides_are_checked_like_the_file():
    assert plan_request(CAT, "dying-relu", overrides={"steps": 40}).params["steps"] == 40
    with pytest.raises(ContentError, match=r"--set stepz: .*known: .*steps"):
        plan_request(CAT, "dying-relu", overrides={"stepz": 40})
    with pytest.raises(ContentError, match=r"--set hidden = 1000 is out of range"):
        plan_request(CAT, "dying-relu", overrides={"hidden": 1000})
    with pytest.raises(ContentError, match="must be one of"):
        plan_request(CAT, "vanishing-gradient", overrides={"vanish_init": "glorot"})
    with pytest.raises(ContentError, match=r"--set activations must list 1 to 2 activations, "
                                           r"got 3"):
        plan_request(CAT, "decision-boundary", overrides={"activations": ["relu", "elu", "gelu"]})


def test_parse_override():
    assert parse_override("steps=80") == ("steps", 80)
    assert parse_override("W1=[[1, 0], [0, 1]]") == ("W1", [[1, 0], [0, 1]])
    assert parse_override("vanish_init=he") == ("vanish_init", "he")
    with pytest.raises(ContentError, match="expected key=value"):
        parse_override("steps")


def test_bad_language_theme_and_scene():
    with pytest.raises(ContentError, match="unknown language 'fr'"):
        plan_request(CAT, "dying-relu", "fr")
    with pytest.raises(ContentError, match="unknown theme 'sepia'"):
        plan_request(CAT, "dying-relu", theme="sepia")
    with pytest.raises(ContentError, match="unknown scene"):
        plan_request(CAT, "dying-reluu")


def test_fingerprint_follows_what_the_scene_reads(drafts):
    before_en = plan_request(CAT, "dying-relu", "en").fingerprint()
    before_zh = plan_request(CAT, "dying-relu", "zh").fingerprint()
    other = plan_request(CAT, "linear-collapse", "zh").fingerprint()
    path = drafts / "zh.toml"
    path.write_text(path.read_text().replace("ReLU 神经元死亡", "ReLU 神经元的死亡"))
    assert plan_request(CAT, "dying-relu", "en").fingerprint() == before_en
    assert plan_request(CAT, "dying-relu", "zh").fingerprint() != before_zh
    assert plan_request(CAT, "linear-collapse", "zh").fingerprint() == other


HOSTILE_TEXT = {
    "a 200 MB placeholder": ('{peak:.2f}', '{peak:>200000000}', r"bad number format "
                             r"\{peak:>200000000\} \(at most 40 wide"),
    "a precision of 10^8": ('{peak:.2f}', '{peak:.99999999f}', r"bad number format"),
}


@pytest.mark.parametrize("case", HOSTILE_TEXT)
def test_number_formats_are_bounded(drafts, case):
    import time

    old, new, message = HOSTILE_TEXT[case]
    path = drafts / "en.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    start = time.perf_counter()
    from explainer import catalog, check

    found = check.problems(catalog.load(lenient=True))
    assert any(__import__("re").search(message, line) for line in found), found
    assert time.perf_counter() - start < 10


def test_a_megabyte_caption_is_refused(drafts):
    path = drafts / "en.toml"
    text = path.read_text(encoding="utf-8")
    big = "x" * 1_000_000
    path.write_text(text.replace('intro = "Stack two linear layers and see what you get."',
                                 f'intro = "{big}"'), encoding="utf-8")
    with pytest.raises(ContentError, match=r"captions\.intro has 1000000 characters; the "
                                           r"limit is 2000"):
        plan_request(CAT, "linear-collapse")


@pytest.mark.parametrize("nesting", ["arrays", "dotted keys"])
def test_deep_nesting_is_one_clear_error(drafts, nesting):
    path = drafts / "params.toml"
    deep = ("x = " + "[" * 500 + "]" * 500 + "\n" if nesting == "arrays"
            else "y." * 5000 + "z = 1\n")
    path.write_text(path.read_text() + "\n[deep]\n" + deep)
    with pytest.raises(ContentError, match=r"params\.toml: nested .*the limit is 8"):
        plan_request(CAT, "dying-relu")


def test_only_language_files_are_languages(drafts):
    from explainer.content.text import languages

    (drafts / "fr.toml").mkdir()  # a folder
    (drafts / ".#en.toml").symlink_to(drafts / "gone")  # an editor's lock file, dangling
    for name in ("all.toml", "日本.toml"):
        shutil.copy(drafts / "en.toml", drafts / name)
    assert languages(drafts) == ["en", "zh"]
    from explainer import catalog, check

    assert check.problems(catalog.load(lenient=True)) == []
