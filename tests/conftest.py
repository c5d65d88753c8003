"""What many tests share: the project's catalogue, read the way the CLI reads it, and a dry run
of a scene from a request planned the way the CLI plans it."""

import signal

import pytest

from explainer import catalog, testing
from explainer.content.text import languages

CAT = catalog.load()


def like_a_terminal() -> None:
    """preexec_fn for a process a test will Ctrl-C: a shell's background job (nohup make
    test &) starts with SIGINT ignored, and every child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


LANGS = languages(CAT.content_dir)


dry_run = testing.dry_run  # the dry run a course's own tests use


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One Manim media folder per test process: LaTeX and text caches are reused within it,
    and never shared between processes."""
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session", autouse=True)
def own_media_folder(media_dir):
    """Manim's default media folder, for mobjects a test makes outside a dry run, is this
    process's own too: test processes writing and removing the same ./media/texts/<hash>_.svg
    (Manim's SVG reader does) failed each other now and then."""
    from manim import config

    config.media_dir = media_dir
