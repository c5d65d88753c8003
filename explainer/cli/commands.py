"""The `explainer` command: parse, call the library, print."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from explainer import catalog, check, doctor, listing
from explainer.cli.cache_command import cache_group
from explainer.cli.exports import export_group
from explainer.cli.new_command import init_command, new_command
from explainer.cli.options import output_options, scheduler_option, split_option, voice_option
from explainer.cli.progress import Listener, shown
from explainer.cli.progress import report as report_outcomes
from explainer.content.params import parse_override
from explainer.content.request import plan_request
from explainer.content.text import check_language, languages
from explainer.course import gallery
from explainer.errors import ExplainerError
from explainer.render import keys, plan
from explainer.render.batch import Outcome, run_batch
from explainer.render.manifest import MANIFEST_NAME
from explainer.voice import narration
from explainer.voice.lexicon import spoken
from explainer.watch import watch

console = Console(highlight=False)


def fail(message: str) -> None:
    """One clear line on stderr and exit code 2: the user can fix this."""
    click.echo(f"error: {' '.join(message.split())}", err=True)
    raise SystemExit(2)


class Explainer(click.Group):
    """The command group; its ``main`` is the one edge where user errors become one line and
    exit code 2 (a library ``ExplainerError`` or a bad option), never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as exc:
            command = " ".join(["explainer", *exc.ctx.command_path.split()[1:]]) if exc.ctx else (
                "explainer")
            hint = f"; see `{command} --help`"
            fail(exc.format_message().rstrip(".") + hint)
        except ExplainerError as exc:
            fail(str(exc))
        except click.Abort:
            click.echo("interrupted", err=True)
            raise SystemExit(130) from None
        except click.ClickException as exc:
            fail(exc.format_message())
        raise SystemExit(code or 0)


def capped(jobs: int) -> int:
    """-j no larger than this machine runs at once: one render per core (each uses one)."""
    cores = os.cpu_count() or 1
    if jobs > cores:
        click.echo(f"note: -j {jobs} is more renders than this machine's {cores} cores run at "
                   f"once; using -j {cores}", err=True)
    return min(jobs, cores)


def chosen_languages(lang: str, cat: catalog.Catalogue) -> list[str]:
    if lang == "all":
        return languages(cat.content_dir)
    check_language(lang, cat.content_dir)
    return [lang]


def build(cat: catalog.Catalogue, planned: list[plan.Planned], out: Path, jobs: int,
          force: bool = False, on_event: Listener | None = None,
          scheduler: str | None = None, split_mode: str | int = "off"
          ) -> tuple[list[Outcome], Path]:
    """Render what is stale, then rewrite the gallery: what `render` and `watch` both do."""
    outcomes = run_batch(planned, out, cat.root, jobs, force, on_event, scheduler, split_mode)
    return outcomes, gallery.build(out, cat)


@click.group(cls=Explainer, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Render animated explainers on why neural networks need activation functions.

    Example: explainer render --all -l all -q h
    """


@main.command("list")
@output_options(listing=True)
@click.option("--json", "as_json", is_flag=True,
              help="Print the listing as JSON (its schema is in the README).")
def list_scenes(quality: str | None, fmt: str | None, lang: str, theme: str | None, out: Path,
                as_json: bool) -> None:
    """Scene ids, titles and the state of each output in the output folder: rendered,
    captions stale, damaged, stale or missing; by default for every quality, format and theme the
    folder holds.

    Example: explainer list -l zh -q h
    """
    cat = catalog.load()
    langs = chosen_languages(lang, cat)
    report = listing.listing(cat, langs, out, listing.variants(out, quality, fmt, theme))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    colors = dict(zip(listing.STATES, ("green", "cyan", "red", "yellow", "dim"), strict=True))
    for title in report["variants"]:
        table = Table("id", "title", *langs, title=escape(f"{title} in {out}"))
        for scene in report["scenes"]:
            cells = {o["lang"]: o["state"] for o in scene["outputs"]
                     if listing.Variant(o["quality"], o["format"], o["theme"]).title == title}
            table.add_row(scene["id"], escape(scene["title"][langs[0]]),
                          *[f"[{colors[cells[lang]]}]{cells[lang]}[/]" for lang in langs])
        console.print(table)


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Render every scene.")
@output_options()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default=True, help="Worker processes in parallel.")
@click.option("--force", is_flag=True, help="Render even what is up to date.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override a scene parameter from params.toml (repeatable).")
@click.option("--transparent", is_flag=True,
              help="Transparent background (with -f mov or webm), for video editors.")
@voice_option
@scheduler_option
@split_option
def render(ids: tuple[str, ...], all_: bool, quality: str, fmt: str, lang: str, theme: str,
           out: Path, jobs: int, force: bool, sets: tuple[str, ...], transparent: bool,
           voice: str, scheduler: str | None, split_mode: str | int) -> None:
    """Render scenes by id or shell pattern, skipping outputs that are up to date.

    Example: explainer render 'activation-*' dying-relu -l all -q h -j 2
    """
    if not ids and not all_:
        fail("name scene ids (or patterns like 'activation-*'), or use --all")
    jobs = capped(jobs) if scheduler is None else jobs
    cat = catalog.load()
    chosen = cat.ids() if all_ else plan.expand_ids(cat, ids)
    overrides = dict(parse_override(s) for s in sets)
    planned = plan.plan(cat, chosen, chosen_languages(lang, cat), quality, fmt, theme,
                        overrides, transparent, voice)
    missing = doctor.missing_tools()
    if missing:
        fail(missing[0])
    try:
        outcomes, index = shown(
            lambda listener: build(cat, planned, out, jobs, force, listener, scheduler,
                                   split_mode),
            len(planned), console)
    except KeyboardInterrupt:
        click.echo("interrupted: finished videos are kept; run the same command to render the "
                   "rest", err=True)
        raise SystemExit(130) from None
    report_outcomes(outcomes, console)
    console.print(f"gallery: {index}")
    if any(o.status == "failed" for o in outcomes):
        raise SystemExit(1)


@main.command("gallery")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("renders"),
              show_default=True, help="Output folder holding manifest.json.")
def gallery_command(out: Path) -> None:
    """(Re)write OUT/index.html, a page that plays every rendered video.

    Example: explainer gallery -o renders
    """
    if not (out / MANIFEST_NAME).exists():
        fail(f"no {MANIFEST_NAME} in {out}: render something first (explainer render --all)")
    index = gallery.build(out, catalog.load())
    console.print(f"gallery: {index}")


@main.command("watch")
@click.argument("ids", nargs=-1)
@output_options()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default=True, help="Worker processes in parallel.")
@voice_option
@scheduler_option
@split_option
def watch_command(ids: tuple[str, ...], quality: str, fmt: str, lang: str, theme: str,
                  out: Path, jobs: int, voice: str, scheduler: str | None,
                  split_mode: str | int) -> None:
    """Re-render what changed whenever a scene, content or core file is saved.

    Watches scenes/ (code and content) and explainer/core/; all scenes unless IDS are given.
    Example: explainer watch -l all -q l
    """
    cat = catalog.load()
    chosen = plan.expand_ids(cat, ids) if ids else cat.ids()
    jobs = capped(jobs) if scheduler is None else jobs

    def rebuild() -> None:
        keys.clear_caches()
        try:
            current = catalog.load(cat.root)
            planned = plan.plan(current, chosen, chosen_languages(lang, current), quality, fmt,
                                theme, voice=voice)
            outcomes, _ = build(current, planned, out, jobs, scheduler=scheduler,
                                split_mode=split_mode)
        except ExplainerError as exc:
            click.echo(f"error: {exc} (still watching)", err=True)
            return
        for o in outcomes:
            if o.status != "cached":
                detail = f" ({o.reason})" if o.reason else f" in {o.seconds:.1f}s"
                click.echo(f"{o.status} {o.job.name}{detail}")
        rendered = sum(o.status == "rendered" for o in outcomes)
        click.echo(f"up to date: {len(outcomes)} jobs, {rendered} rendered; watching...")

    package = Path(keys.__file__).resolve().parents[1]
    folders = [cat.root / catalog.SCENES_DIR, package, cat.content_dir]
    try:
        watch(folders, rebuild)
    except KeyboardInterrupt:
        click.echo("stopped watching")


@main.command("script")
@click.argument("scene_id")
@click.option("-l", "--lang", default="en", show_default=True, metavar="CODE",
              help="Language of the lines.")
def script_command(scene_id: str, lang: str) -> None:
    """The narration lines of a scene, for a voice actor: each line's key (its clip's file
    name), the seconds it has on screen, its text, and what a speech engine is given to say
    (the [say] lexicon applied). Record to scenes/content/voice/<lang>/<id>/<key>.wav (or
    .flac, .ogg, .mp3).

    Example: explainer script dying-relu -l zh
    """
    from explainer.render.manim_scene import dry_run  # imports Manim

    cat = catalog.load()
    check_language(lang, cat.content_dir)
    request = plan_request(cat, scene_id, lang)
    scene = dry_run(request, cat.root)
    table = Table("key", "seconds", "line", "spoken", title=escape(
        f"{scene_id} [{lang}]: record to {cat.content_dir / 'voice' / lang / scene_id}"
        "/<key>.wav"))
    for cue in scene.captions:
        said = spoken(cue.text, request.say, request.say_numbers)
        table.add_row(narration.line_name(cue.key or ""), f"{cue.end - cue.start:.1f}",
                      escape(cue.text), escape(said) if said != cue.text else "=")
    console.print(table)


@main.command("check")
def check_command() -> None:
    """Check the whole content folder without rendering: TOML syntax, every language has
    English's keys, placeholders, parameters, formulas, fonts. Lists every problem.

    Example: explainer check
    """
    cat = catalog.load(lenient=True)
    found = check.problems(cat)
    for line in found:
        click.echo(f"error: {line}", err=True)
    if found:
        raise SystemExit(2)
    for line in check.warnings(cat):
        click.echo(f"warning: {line}", err=True)
    click.echo(check.summary(cat))  # one line however narrow the terminal


@main.command("doctor")
def doctor_command() -> None:
    """Check LaTeX, dvisvgm, the CJK font, video encoding and package versions.

    Example: explainer doctor
    """
    ok = True
    for result in doctor.run_checks():
        mark = "[green]ok[/]  " if result.ok else "[red]FAIL[/]"
        console.print(f"{mark} {result.name}: {escape(result.detail)}", soft_wrap=True)
        if not result.ok:
            console.print(f"      fix: {escape(result.fix)}", soft_wrap=True)
            ok = False
    raise SystemExit(0 if ok else 1)


main.add_command(export_group)
main.add_command(cache_group)
main.add_command(new_command)
main.add_command(init_command)

