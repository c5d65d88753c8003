"""`explainer init DIR --title "..."`: a course of its own, in a new folder, that the CLI
renders from there: its content in English and Chinese (the pages' words, a voice per
language, the narration's number reading), its parameters, one scene made as `explainer new`
makes one (module, text, three graded questions, a test), a README with the commands, and a
.gitignore. The folder appears whole or not at all: it is written beside its place and renamed.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from string import Template

from explainer import catalog
from explainer.errors import ExplainerError
from explainer.project import SCENES_DIR
from explainer.scaffold import SCENE_ID, TRANSLATE, check_names, create

FIRST_SCENE = "first-scene"  # when the title gives no usable id (a Chinese title, say)


def scene_id_from(title: str) -> str:
    """A scene id from a course title: "Tide pools" -> "tide-pools".

    >>> scene_id_from("Tide pools: life between the tides"), scene_id_from("潮池")
    ('tide-pools-life-between-the-tides', 'first-scene')
    """
    words = re.findall(r"[a-z0-9]+", title.lower())
    made = "-".join(words)[:48].strip("-")
    return made if SCENE_ID.fullmatch(made) else FIRST_SCENE


def init_course(folder: Path, title: str, scene_id: str | None = None) -> list[Path]:
    """Make the course ``title`` in ``folder`` (new, or empty) with one scene; returns the
    files written, as they are in ``folder``."""
    scene_id = scene_id or scene_id_from(title)
    check_names(scene_id, title)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ExplainerError(f"{folder} is not an empty folder; give a new one, e.g. "
                             f"explainer init {folder.name}-course --title {json.dumps(title)}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        content = staging / SCENES_DIR / "content"
        content.mkdir(parents=True)
        values = {"title": json.dumps(title, ensure_ascii=False),  # a TOML string
                  "title_zh": json.dumps(TRANSLATE + title, ensure_ascii=False),
                  "heading": title}  # the README's
        shipped = resources.files("explainer").joinpath("course_template")
        for name, target in (("en.toml", content / "en.toml"), ("zh.toml", content / "zh.toml"),
                             ("params.toml", content / "params.toml"),
                             ("activations.toml", content / "activations.toml"),
                             ("README.md", staging / "README.md"),
                             ("gitignore", staging / ".gitignore")):
            text = shipped.joinpath(name).read_text(encoding="utf-8")
            target.write_text(Template(text).safe_substitute(values), encoding="utf-8")
        create(catalog.load(staging), scene_id, title)
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in folder.rglob("*") if p.is_file())
