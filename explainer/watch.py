"""Re-run a rebuild whenever a watched source file is saved, debounced, until interrupted."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED_SUFFIXES = (".py", ".toml")
# Changes only: reading a file (as every rebuild does) raises "opened" and "closed_no_write".
CHANGE_EVENTS = ("created", "modified", "moved", "deleted", "closed")


class _Changed(FileSystemEventHandler):
    def __init__(self, flag: threading.Event) -> None:
        self.flag = flag

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if event.is_directory or event.event_type not in CHANGE_EVENTS:
            return
        if any(str(p).endswith(WATCHED_SUFFIXES) for p in paths):
            self.flag.set()


def watch(
    folders: Sequence[Path],
    rebuild: Callable[[], None],
    debounce: float = 0.5,
    stop: threading.Event | None = None,
) -> None:
    """Call ``rebuild`` once, then after each burst of saves under ``folders`` (a burst ends
    when no file has changed for ``debounce`` seconds). Returns when ``stop`` is set.

    The observer starts first, so a file saved during the first rebuild is not missed."""
    changed = threading.Event()
    stop = stop or threading.Event()
    observer = Observer()
    for folder in dict.fromkeys(f.resolve() for f in folders):
        observer.schedule(_Changed(changed), str(folder), recursive=True)
    observer.start()
    try:
        rebuild()
        while not stop.is_set():
            if not changed.wait(0.2):
                continue
            while True:  # wait for the burst of saves to settle
                changed.clear()
                if not changed.wait(debounce):
                    break
            rebuild()
    finally:
        observer.stop()
        observer.join()
