"""Command-line options shared by several commands, each defined once as a decorator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from explainer.content.request import THEMES
from explainer.render import formats, split
from explainer.render.job import DEFAULT_QUALITY, QUALITIES
from explainer.settings import SCHEDULER_ENV

F = TypeVar("F", bound=Callable[..., Any])


class FormatChoice(click.Choice):
    """-f's choices: the formats table, read when the option is parsed."""

    def __init__(self) -> None:
        super().__init__(list(formats.FORMATS))

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return list(formats.FORMATS)

    @choices.setter
    def choices(self, value: object) -> None:
        pass


def output_options(listing: bool = False) -> Callable[[F], F]:
    """Options shared by `list`, `render` and `watch`: which outputs we mean. For a listing,
    a quality, format or theme not given means every one the output folder holds."""
    held = "default: each one the output folder holds"

    def decorate(func: F) -> F:
        for option in reversed([
            click.option("-q", "--quality", type=click.Choice(list(QUALITIES)),
                         default=None if listing else DEFAULT_QUALITY,
                         show_default=not listing, help="Manim quality: l=480p15 m=720p30 "
                         "h=1080p60 p=1440p60 k=2160p60" + (f" ({held})." if listing else ".")),
            click.option("-f", "--format", "fmt", type=FormatChoice(),
                         default=None if listing else "mp4", show_default=not listing,
                         help="Output format (png = the last frame)"
                         + (f" ({held})." if listing else ".")),
            click.option("-l", "--lang", default="all" if listing else "en", show_default=True,
                         metavar="CODE|all", help="Language of text and captions: a "
                         "<code>.toml in the content folder (en, zh, ...), or all."),
            click.option("--theme", type=click.Choice(THEMES),
                         default=None if listing else "dark", show_default=not listing,
                         help="dark (Manim's look) or light (slides, print)"
                         + (f" ({held})." if listing else ".")),
            click.option("-o", "--out", type=click.Path(path_type=Path),
                         default=Path("renders"), show_default=True, help="Output folder."),
        ]):
            func = option(func)
        return func

    return decorate


def scheduler_option(func: F) -> F:
    """--scheduler, shared by render and watch."""
    return click.option(
        "--scheduler", envvar=SCHEDULER_ENV, metavar="local:N|tcp://HOST:PORT",
        help="Render on a Dask cluster: local:N starts N worker processes here, tcp://HOST:PORT "
        "uses a running `dask scheduler` (also $EXPLAINER_SCHEDULER). Default: -j processes "
        "here.")(func)


def split_option(func: F) -> F:
    """--split, shared by render and watch."""
    return click.option(
        "--split", "split_mode", default="auto", show_default=True, metavar="auto|off|N",
        callback=lambda ctx, param, value: split.parse(value),
        help="Split a video at its chapters into chunks rendered side by side, joined without "
        "re-encoding (mp4): auto when workers would otherwise idle (one video; the end of a "
        "batch), off, or N chunks per video.")(func)


def voice_option(func: F) -> F:
    """--voice, shared by render and watch."""
    return click.option(
        "--voice", default="off", show_default=True,
        metavar="off|auto|recorded|espeak|piper|PLUGIN",
        help="Narration: off (silent, captions only), auto (each language's [meta] voice: "
        "Piper's Joe voice for English, espeak-ng for Chinese), recorded (the clips in "
        "scenes/content/voice/<lang>/<id>/, all required), espeak, piper (the Piper model "
        "the language names), or an installed voice plugin. Recorded clips win where "
        "present.")(func)
