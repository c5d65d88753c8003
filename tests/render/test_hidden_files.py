"""Files an operating system or an editor leaves beside the author's (macOS's ``._name.py`` and
``.DS_Store``, an editor's ``.name.swp``) are not content: the catalogue, the checks, the keys
and the voice ignore them, and a render goes on as before."""

import shutil

from explainer import catalog
from explainer.check import problems
from explainer.render import keys as key_module
from explainer.render.plan import plan
from explainer.voice import narration
from tests.conftest import CAT

DROPPINGS = {"scenes/._dying_relu.py": b"\x00\x05\x16\x07Mac OS X resource fork",
             "scenes/.dying_relu.py.swp": b"b0VIM 8.2",
             "scenes/content/.DS_Store": b"\x00\x00\x00\x01Bud1",
             "scenes/content/._en.toml": b"\x00\x05\x16\x07",
             "scenes/content/voice/en/dying-relu/.DS_Store": b"\x00\x00\x00\x01Bud1",
             "scenes/content/voice/en/dying-relu/._intro.wav": b"\x00\x05\x16\x07"}


def test_hidden_files_change_nothing(tmp_path):
    shutil.copytree(CAT.root / "scenes", tmp_path / "scenes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    key_module.clear_caches()
    before = plan(catalog.load(tmp_path), ["dying-relu"], ["en", "zh"], "l", "mp4", "dark")
    fingerprint = key_module.code_fingerprint(tmp_path)
    for rel, data in DROPPINGS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    cat = catalog.load(tmp_path)
    assert cat.ids() == CAT.ids()
    after = plan(cat, ["dying-relu"], ["en", "zh"], "l", "mp4", "dark")
    assert [p.key for p in after] == [p.key for p in before]
    assert key_module.code_fingerprint(tmp_path) == fingerprint
    assert problems(cat) == []
    keys = [k for k in after[0].request.text if k.startswith("captions.")]
    narration.fingerprint("off", "dying-relu", "en", cat.content_dir, keys)  # no stray refused
    assert narration.recorded_clip(cat.content_dir, "en", "dying-relu", "captions.intro") is None
