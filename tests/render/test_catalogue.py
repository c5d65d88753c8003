"""The catalogue: scenes declare themselves next to their code; adding one touches one module
and the content files, nothing else."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explainer import catalog
from explainer.errors import ContentError
from explainer.render.plan import plan
from tests.conftest import CAT

THROWAWAY = '''\
"""A throwaway scene, added by the catalogue test."""

from manim import FadeIn

from explainer.kit.base import ExplainerScene

CATALOGUE = {
    "id": "throwaway",
    "order": 47,
    "params": {"repeats": ("int", 1, 3)},
    "placeholders": {"captions.hello": ("repeats",)},
}


class Throwaway(ExplainerScene):
    scene_id = "throwaway"

    def construct(self) -> None:
        spec = self.spec
        self.title_card(spec.t("title"), spec.t("subtitle"),
                        self.caption("hello", repeats=spec.params["repeats"]))
        self.play(FadeIn(self.text(spec.t("description"))), run_time=20.0)
        self.checkpoint("body")
        self.clear_screen()
        self.closing(spec.t("takeaway"), self.caption("hello", repeats=spec.params["repeats"]))
'''


def add_text(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n[chapters]", "\n[chapters]\nbody = \"Body\"", 1),
                    encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(textwrap.dedent(f"""
            [throwaway]
            title = "{title}"
            subtitle = "sub"
            description = "desc"
            takeaway = "take"
            captions.hello = "hello x{{repeats}}"
            """))


@pytest.fixture
def project(tmp_path):
    """A copy of the project's scenes/ with one scene added: one module plus content entries."""
    shutil.copytree(CAT.root / "scenes", tmp_path / "scenes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "scenes" / "throwaway.py").write_text(THROWAWAY, encoding="utf-8")
    content = tmp_path / "scenes" / "content"
    add_text(content / "en.toml", "Throwaway")
    add_text(content / "zh.toml", "临时场景")
    with (content / "params.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[throwaway]\nrepeats = 2\n")
    return tmp_path


def test_catalogue_lists_every_scene_once_in_order():
    """Counted from the scene files, not pinned: `explainer new` adds one, and this holds."""
    ids = CAT.ids()
    declared = {m for path in (CAT.root / "scenes").glob("*.py") if not path.name.startswith(".")
                for m in re.findall(r'^    "id": "([a-z0-9-]+)"', path.read_text(), re.M)}
    generated = {f"activation-{n.replace('_', '-')}" for n in CAT.activations}
    assert len(ids) == len(set(ids)) == len(declared | generated)
    assert set(ids) == declared | generated
    orders = [e.order for e in CAT]
    assert orders == sorted(orders)
    assert ids[0] == "linear-collapse"  # the course opens with why an activation is needed
    assert "activation-relu" in ids and "activation-swish" not in ids
    assert all(e.path.parent == CAT.root / "scenes" for e in CAT)


def test_the_library_never_imports_a_scene_module():
    package = Path(catalog.__file__).parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import scenes" not in text and "from scenes" not in text, path


def test_a_new_scene_is_one_module_and_its_content(project):
    cat = catalog.load(project)
    ids = cat.ids()
    assert ids.index("throwaway") == ids.index("dying-relu") - 1  # order 47 sits before 50
    planned = plan(cat, ["throwaway"], ["en", "zh"], "l", "mp4", "dark")
    assert len({p.key for p in planned}) == 2

    from tests.conftest import dry_run

    scene = dry_run("throwaway", "zh", root=project)
    assert scene.spec.t("captions.hello", repeats=2) == "hello x2"
    assert scene.captions[0].text == "hello x2"

    env = {**os.environ, "EXPLAINER_ROOT": str(project)}
    listed = subprocess.run([sys.executable, "-m", "explainer.cli", "list", "-o",
                             str(project / "renders")], env=env, capture_output=True,
                            text=True, check=True).stdout
    assert "throwaway" in listed and "Throwaway" in listed


def test_a_bad_declaration_is_a_content_error(project):
    path = project / "scenes" / "throwaway.py"
    path.write_text(THROWAWAY.replace('"order": 47', '"order": len("x")'), encoding="utf-8")
    with pytest.raises(ContentError, match=r"throwaway\.py:\d+: CATALOGUE must be a literal"):
        catalog.load(project)
    path.write_text(THROWAWAY.replace('("int", 1, 3)', '("integer", 1, 3)'), encoding="utf-8")
    with pytest.raises(ContentError, match=r"params\['repeats'\] must start with one of int"):
        catalog.load(project)
    path.write_text(THROWAWAY.replace('"throwaway"', '"dying-relu"', 1), encoding="utf-8")
    with pytest.raises(ContentError, match="'dying-relu' is declared twice"):
        catalog.load(project)


@pytest.mark.slow
def test_plain_manim_still_renders_a_scene_file(tmp_path):
    """`manim scenes/dying_relu.py DyingReLU` works: scenes are files Manim loads by path."""
    manim = Path(sys.executable).parent / "manim"
    proc = subprocess.run(
        [str(manim), "-s", "-r", "192,108", "--media_dir", str(tmp_path), "--disable_caching",
         str(CAT.root / "scenes" / "activation_overview.py"), "ActivationOverview"],
        capture_output=True, text=True, check=False, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list(tmp_path.rglob("ActivationOverview*.png"))


def test_manim_dash_a_finds_exactly_the_catalogued_scenes():
    """`manim -a scenes/<module>.py` renders every Scene defined there: each must be one the
    catalogue knows (no base class without a scene id)."""
    import importlib.util

    from manim.utils.module_ops import get_scene_classes_from_module

    for path in sorted({e.path for e in CAT}):
        spec = importlib.util.spec_from_file_location(f"fresh_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # fresh: other tests may have loaded other content
        found = {cls.scene_id for cls in get_scene_classes_from_module(module)}
        assert found == {e.id for e in CAT if e.path == path}, path.name
