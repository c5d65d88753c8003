"""What the content tests share."""

import json
import shutil
import tomllib

import pytest

from explainer.settings import CONTENT_ENV
from tests.conftest import CAT


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    """A writable copy of the content folder, used instead of the real one."""
    folder = tmp_path / "content"
    shutil.copytree(CAT.content_dir, folder)
    monkeypatch.setenv(CONTENT_ENV, str(folder))
    return folder


FIXTURES = CAT.root / "tests" / "fixtures"


def third_language(drafts):
    """ja.toml, a third language, into ``drafts``: the fixture's translations, and for a
    chapter added to the course since it was written (chapters are one table shared by every
    scene; `explainer new` adds three), the English title, so that the fixture follows the
    catalogue instead of breaking at every new scene."""
    text = (FIXTURES / "ja.toml").read_text(encoding="utf-8")
    english = tomllib.loads((drafts / "en.toml").read_text(encoding="utf-8"))["chapters"]
    have = tomllib.loads(text)["chapters"]
    missing = "".join(f"{key} = {json.dumps(title, ensure_ascii=False)}\n"
                      for key, title in english.items() if key not in have)
    text = text.replace("[chapters]\n", "[chapters]\n" + missing, 1)
    (drafts / "ja.toml").write_text(text, encoding="utf-8")
    return drafts / "ja.toml"
