"""What many tests share: the project's catalogue, read the way the CLI reads it."""

import signal

import pytest

from explainer import catalog, content

CAT = catalog.load()


def like_a_terminal() -> None:
    """preexec_fn for a process a test will Ctrl-C: a shell's background job (nohup make
    test &) starts with SIGINT ignored, and every child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
LANGS = content.languages(CAT.content_dir)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One Manim media folder per test process: LaTeX and text caches are reused within it,
    and never shared between processes."""
    return str(tmp_path_factory.mktemp("media"))
