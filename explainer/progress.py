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

Listener = Callable[[str, Outcome | Job], None]  # ("start", job) and ("done", outcome)
T = TypeVar("T")
COLORS = {"rendered": "green", "recaptioned": "magenta", "cached": "cyan", "failed": "red"}


def shown(work: Callable[[Listener | None], T], total: int, console: Console) -> T:
    """Run ``work`` (given a listener, or None off a terminal) with a live progress bar."""
    if not console.is_terminal:
        return work(None)
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total}"), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("rendering", total=total)
        running: set[str] = set()

        def on_event(kind: str, item: Outcome | Job) -> None:
            if isinstance(item, Job):
                running.add(item.name)
            else:
                running.discard(item.job.name)
                bar.advance(task)
            bar.update(task, description=escape("rendering " + ", ".join(sorted(running))))

        return work(on_event)


def report(outcomes: list[Outcome], console: Console) -> None:
    """One row per job, then the counts by status."""
    table = Table("job", "status", "seconds", "reason")
    for o in outcomes:
        table.add_row(escape(o.job.name), f"[{COLORS[o.status]}]{o.status}[/]",
                      f"{o.seconds:.1f}" if o.seconds else "", escape(o.reason))
    console.print(table)
    counts = {s: sum(o.status == s for o in outcomes) for s in COLORS}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
