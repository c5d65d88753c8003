import pytest


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory):
    """One Manim media folder per test process: LaTeX and text caches are reused within it,
    and never shared between processes."""
    return str(tmp_path_factory.mktemp("media"))
