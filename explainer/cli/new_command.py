"""`explainer new`: a new scene, ready to render (see explainer/scaffold.py); `explainer init`: a
new course of its own (explainer/course_init.py)."""

from __future__ import annotations

from pathlib import Path

import click

from explainer import catalog


@click.command("new")
@click.argument("scene_id", metavar="ID")
@click.option("--title", required=True, help="The title viewers see (in English).")
def new_command(scene_id: str, title: str) -> None:
    """Write a new scene ID: its module in scenes/, its text in every language file (marked
    for translation in all but English), its parameters, a checkpoint question and a test.
    It renders as it is; docs/authoring.md says how to write it.

    Example: explainer new zero-centred-outputs --title "Zero-centred outputs"
    """
    from explainer.scaffold import create

    cat = catalog.load()
    written = create(cat, scene_id, title)
    for path in written:
        click.echo(f"wrote {path.relative_to(cat.root)}")
    click.echo(f"next: explainer check, then explainer render {scene_id} -q l, and "
               "docs/authoring.md")


@click.command("init")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--title", required=True, help="The course's title (in English).")
@click.option("--scene", "scene_id", default=None, metavar="ID",
              help="The first scene's id (default: made from the title).")
def init_command(folder: Path, title: str, scene_id: str | None) -> None:
    """Start a course of your own in DIR (new or empty): content in English and Chinese, one
    scene with a checkpoint question, its test and a README. Run every command from DIR;
    docs/authoring.md says how to write the scenes.

    Example: explainer init tide-pools --title "Tide pools"
    """
    from explainer.course_init import init_course

    written = init_course(folder, title, scene_id)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {folder}, then explainer check and explainer render --all -q l "
               "(README.md there lists the rest)")
