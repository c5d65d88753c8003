"""`explainer new`: a new scene, ready to render (see explainer/scaffold.py)."""

from __future__ import annotations

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
