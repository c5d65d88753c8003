"""The rendered site the browser tests share: rendered once per test process."""

import functools
import http.server
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5, "disable_caching": True}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges, as any web server has: a browser seeks a video with
    them (Python's own handler has none, and Chromium then restarts at 0)."""

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match.group(1))
        end = min(int(match.group(2) or size - 1), size - 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        with path.open("rb") as fh:
            fh.seek(start)
            return io.BytesIO(fh.read(end - start + 1))

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Two scenes in en and zh, dying-relu narrated, served on 127.0.0.1 with byte ranges.
    $EXPLAINER_TEST_SITE names a folder rendered so before (to iterate on a browser test);
    its page is written again from this code."""
    if os.environ.get("EXPLAINER_TEST_SITE"):
        out = Path(os.environ["EXPLAINER_TEST_SITE"])
        subprocess.run([sys.executable, "-m", "explainer.cli", "gallery", "-o", str(out)],
                       check=True, capture_output=True)
        yield from serve(out)
        return
    out = tmp_path_factory.mktemp("site") / "renders"
    env = {**os.environ, "EXPLAINER_MANIM_OPTIONS": json.dumps(TINY)}
    subprocess.run([sys.executable, "-m", "explainer.cli", "render", "activation-relu", "-l",
                    "all", "-j", "2", "-o", str(out)], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "explainer.cli", "render", "dying-relu", "-l", "all",
                    "-j", "2", "--voice", "auto", "-o", str(out)],
                   env=env, check=True, capture_output=True)
    yield from serve(out)


def serve(out):
    handler = functools.partial(RangeHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()
