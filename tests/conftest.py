"""What many tests share: the project's catalogue, read the way the CLI reads it, and a dry run
of a scene from a request planned the way the CLI plans it."""

import signal

import pytest

from explainer import catalog
from explainer.content.request import plan_request
from explainer.content.text import languages

CAT = catalog.load()


def like_a_terminal() -> None:
    """preexec_fn for a process a test will Ctrl-C: a shell's background job (nohup make
    test &) starts with SIGINT ignored, and every child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


LANGS = languages(CAT.content_dir)


def dry_run(scene_id, lang="en", theme="dark", overrides=None, media_dir=None, root=None,
            voice="off"):
    """Plan ``scene_id`` as the CLI does (in the project at ``root``), then build it without
    encoding video."""
    from explainer.render import manim_scene  # imports Manim

    cat = catalog.load(root)  # afresh: a test may point $EXPLAINER_CONTENT_DIR elsewhere
    request = plan_request(cat, scene_id, lang, theme, overrides, voice)
    return manim_scene.dry_run(request, cat.root, media_dir)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One Manim media folder per test process: LaTeX and text caches are reused within it,
    and never shared between processes."""
    return str(tmp_path_factory.mktemp("media"))
