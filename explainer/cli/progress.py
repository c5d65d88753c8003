"""What a long batch shows while it runs (a live bar on a terminal) and the table at its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from explainer.render.batch import Outcome
from explainer.render.job import Job

# ("start", job), ("done", outcome), and ("wait", message) before a long wait
Listener = Callable[[str, Outcome | Job | str], None]
T = TypeVar("T")
COLORS = {"rendered": "green", "recaptioned": "magenta", "repaired": "yellow", "cached": "cyan",
          "failed": "red"}
OPTIONAL = ("repaired",)  # counted at the end only when some job had it


def shown(work: Callable[[Listener], T], total: int, console: Console) -> T:
    """Run ``work`` with a listener: a live progress bar on a terminal; elsewhere (a pipe, a
    CI log) one plain line per job as it finishes, and one when a job starts a long wait."""
    if not console.is_terminal:
        return work(Lines(total, console))
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total}"), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("rendering", total=total)
        running: set[str] = set()

        def on_event(kind: str, item: Outcome | Job | str) -> None:
            if isinstance(item, str):
                bar.console.print(escape(item))
                return
            if isinstance(item, Job):
                running.add(item.name)
            else:
                running.discard(item.job.name)
                bar.advance(task)
            bar.update(task, description=escape("rendering " + ", ".join(sorted(running))))

        return work(on_event)


def brief(job: Job) -> str:
    """``dying-relu zh 720p30``, with the theme, format and voice when not the defaults."""
    extras = [x for x, default in ((job.theme, "dark"), (job.format, "mp4")) if x != default]
    voice = [f"voice {job.voice}"] if job.voice != "off" else []
    return " ".join([job.scene_id, job.lang, job.quality_dir, *extras, *voice])


class Lines:
    """The listener off a terminal: plain lines, flushed as they happen, no colour."""

    def __init__(self, total: int, console: Console) -> None:
        self.total, self.finished, self.console = total, 0, console

    def __call__(self, kind: str, item: Outcome | Job | str) -> None:
        if isinstance(item, str):
            line = item
        elif isinstance(item, Job):
            if item.voice == "off":
                return  # a silent render starts at once: its line comes when it ends
            line = f"[start] {brief(item)}: synthesising narration first"
        else:
            self.finished += 1
            seconds = f" {item.seconds:.1f} s" if item.seconds else ""
            reason = f": {' '.join(item.reason.split())}" if item.reason else ""
            line = (f"[{self.finished}/{self.total}] {brief(item.job)} {item.status}"
                    f"{seconds}{reason}")
        self.console.file.write(line + "\n")
        self.console.file.flush()


def report(outcomes: list[Outcome], console: Console) -> None:
    """On a terminal, one row per job; everywhere, the counts by status."""
    if console.is_terminal:
        table = Table("job", "status", "seconds", "reason")
        for o in outcomes:
            table.add_row(escape(o.job.name), f"[{COLORS[o.status]}]{o.status}[/]",
                          f"{o.seconds:.1f}" if o.seconds else "", escape(o.reason))
        console.print(table)
    counts = {s: sum(o.status == s for o in outcomes) for s in COLORS}
    counts = {s: n for s, n in counts.items() if n or s not in OPTIONAL}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
