"""`explainer export`: the course for other tools (an Anki deck of the questions, a SCORM 1.2
lesson for an LMS)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from explainer import catalog
from explainer.render.job import QUALITIES

F = TypeVar("F", bound=Callable[..., Any])


def source_options(func: F) -> F:
    """-l, -q and --from: which rendered videos an export takes."""
    for option in reversed([
        click.option("-l", "--lang", default="en", show_default=True, metavar="CODE",
                     help="Language of the export."),
        click.option("-q", "--quality", type=click.Choice(list(QUALITIES)), default=None,
                     help="Take videos of this quality (default: the sharpest rendered)."),
        click.option("--from", "source", type=click.Path(path_type=Path),
                     default=Path("renders"), show_default=True,
                     help="The output folder the videos were rendered into."),
    ]):
        func = option(func)
    return func


@click.group("export")
def export_group() -> None:
    """Export the course for other tools: an Anki deck of the questions, a SCORM 1.2 lesson.

    Example: explainer export scorm -l zh -o lesson.zip
    """


@export_group.command("anki")
@source_options
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="The deck to write (default: FROM/explainer-LANG.apkg).")
def export_anki(lang: str, quality: str | None, source: Path, out: Path | None) -> None:
    """An Anki deck (.apkg) of the language's questions: one card each, the answer with the
    frame where its chapter ends. Importing a newer deck updates the cards.

    Example: explainer export anki -l zh -o activation-functions-zh.apkg
    """
    from explainer.course import anki

    target = out or source / f"explainer-{lang}.apkg"
    notes, pictures = anki.export(catalog.load(), lang, source, target, quality)
    click.echo(f"{target}: {notes} cards, {pictures} with a picture from the videos")
    if pictures < notes:
        click.echo(f"{notes - pictures} cards have no picture: their videos are not rendered "
                   f"in {source} (explainer render --all -l {lang})")


@export_group.command("scorm")
@click.argument("ids", nargs=-1)
@source_options
@click.option("--mastery", type=click.IntRange(0, 100), default=None,
              help="Passing score (0-100) from the choice questions: the LMS records passed or "
                   "failed instead of completed.")
@click.option("--attempts", type=click.IntRange(min=1), default=None,
              help="How many times a learner may answer a scene's questions (default: no "
                   "limit); a retake is offered at the end of the video.")
@click.option("--keep", type=click.Choice(["best", "last"]), default="best", show_default=True,
              help="Which attempt's score the LMS records.")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="The zip to write (default: FROM/explainer-LANG-scorm.zip).")
def export_scorm(ids: tuple[str, ...], lang: str, quality: str | None, mastery: int | None,
                 attempts: int | None, keep: str, source: Path, out: Path | None) -> None:
    """A SCORM 1.2 package (zip) an LMS imports as a lesson: one item per scene (all, or
    IDS / patterns), each reporting progress, score, every answer (cmi.interactions) and
    where the learner stopped.

    Example: explainer export scorm -l zh -q m --mastery 80 --attempts 3 -o lesson.zip
    """
    from explainer.course import scorm
    from explainer.render.plan import expand_ids

    cat = catalog.load()
    scenes = expand_ids(cat, ids) if ids else cat.ids()
    target = out or source / f"explainer-{lang}-scorm.zip"
    size = scorm.export(cat, lang, source, target, scenes, quality, mastery, attempts, keep)
    click.echo(f"{target}: {len(scenes)} scenes, {size / 1e6:.1f} MB; import it into your "
               "LMS as a SCORM package")
