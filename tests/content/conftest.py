"""What the content tests share."""

import shutil

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
