"""The SCORM package against a real SCORM 1.2 runtime: scorm-again (the LMS side, from npm) in
a page in headless Chromium, the package's player in an iframe under it, as an LMS runs it.
The learner plays a video, answers its checkpoint questions, leaves, and comes back; another
never plays (or skips to the end) and stays incomplete."""

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from explainer.content.questions import load_questions
from tests.conftest import CAT
from tests.gallery.conftest import CHROMIUM, FLAGS, RangeHandler

pytestmark = pytest.mark.xdist_group("site")  # shares the rendered site
RUNTIME = Path(__file__).resolve().parents[2] / ".venv/npm/node_modules/scorm-again/dist"
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
LMS = """<!doctype html><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="scorm12.js"></script>
<script>
  var params = new URLSearchParams(location.search);
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  if (params.get("saved")) { window.API.loadFromJSON(JSON.parse(params.get("saved"))); }
  window.recorded = {}; window.calls = [];
  window.API.on("LMSSetValue.cmi.*", function (element, value) {
    window.recorded[element] = value;
  });
  ["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
    window.API.on(name, function () { window.calls.push(name); });
  });
  document.write('<iframe id="sco" width="960" height="640" src="package/player.html?scene='
                 + encodeURIComponent(params.get("scene")) + '"></iframe>');
</script>"""


@pytest.fixture(scope="session")
def lms(site, tmp_path_factory):
    """The lesson exported from the site the gallery tests rendered (activation-relu and
    dying-relu, narrated, zh), under an LMS page served on 127.0.0.1."""
    assert (RUNTIME / "scorm12.js").exists(), "run `make test` (it installs scorm-again)"
    renders, _ = site
    root = tmp_path_factory.mktemp("lms")
    subprocess.run([sys.executable, "-m", "explainer.cli", "export", "scorm", "activation-relu",
                    "dying-relu", "-l", "zh", "--mastery", "80", "--from", str(renders), "-o",
                    str(root / "lesson.zip")], check=True, capture_output=True)
    zipfile.ZipFile(root / "lesson.zip").extractall(root / "site" / "package")
    shutil.copy(RUNTIME / "scorm12.js", root / "site" / "scorm12.js")
    (root / "site" / "lms.html").write_text(LMS, encoding="utf-8")
    handler = functools.partial(RangeHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/lms.html"
    server.shutdown()
    server.server_close()


def launch(p, errors):
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                args=[*FLAGS, "--autoplay-policy=no-user-gesture-required"])
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return browser, page


def open_sco(page, url, scene, saved=None):
    query = f"?scene={scene}" + (f"&saved={json.dumps(saved)}" if saved else "")
    page.goto(url + query)
    frame = page.frame_locator("#sco")
    player = page.frames[1]
    player.wait_for_function("document.querySelector('video').readyState >= 2")
    return frame, player


def leave(page):
    """Close the SCO as an LMS does when the learner moves on: its page goes away."""
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("window.calls.indexOf('LMSFinish') >= 0")
    return page.evaluate("window.recorded"), page.evaluate("window.calls")


@pytest.mark.slow
def test_a_learner_watches_answers_leaves_and_resumes(lms):
    asked = [q for q in load_questions(CAT, "zh") if q.scene == "activation-relu"]
    choice = next(q for q in asked if q.kind == "choice")
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        frame, player = open_sco(page, lms, "activation-relu")
        assert page.evaluate("window.calls[0]") == "LMSInitialize"
        player.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                        "v.playbackRate = 4; v.play(); }")
        overlay = frame.locator(".checkpoint")
        for _ in asked:  # each question of the stop, in turn
            overlay.wait_for(state="visible", timeout=30_000)
            if overlay.locator("button.show").count():
                overlay.locator("button.show").click()
                overlay.locator("button.got").click()
            else:
                overlay.get_by_role("button", name=choice.answer, exact=True).click()
            overlay.locator("button.continue").click()
        player.wait_for_function("document.querySelector('video').ended", timeout=60_000)
        recorded, calls = leave(page)
        assert recorded["cmi.core.lesson_status"] == "passed"  # watched, and 100 >= 80
        assert recorded["cmi.core.score.raw"] == "100"
        assert (recorded["cmi.core.score.min"], recorded["cmi.core.score.max"]) == ("0", "100")
        assert TIMESPAN.match(recorded["cmi.core.session_time"])
        assert recorded["cmi.core.exit"] == ""
        assert "LMSCommit" in calls and calls[-1] == "LMSFinish"
        suspend = recorded["cmi.core.lesson_location"], recorded["cmi.suspend_data"]
        state = json.loads(suspend[1])
        assert state["a"] == {choice.id: 1} and state["s"] == "activation-relu"
        assert len(suspend[1]) <= 4096 and state["w"].count("1") / len(state["w"]) >= 0.9

        # the learner comes back: the LMS hands the suspend data back, the player resumes
        saved = {"core": {"lesson_status": "passed", "lesson_location": suspend[0],
                          "entry": "resume"}, "suspend_data": suspend[1]}
        state["t"] = 7
        saved["suspend_data"] = json.dumps(state)
        frame, player = open_sco(page, lms, "activation-relu", saved)
        player.wait_for_function("Math.abs(document.querySelector('video').currentTime - 7) "
                                 "< 0.3")
        assert page.evaluate("window.API.cmi.core.entry") == "resume"
        recorded, _ = leave(page)
        assert recorded["cmi.core.lesson_status"] == "passed"  # nothing to watch again
        assert json.loads(recorded["cmi.suspend_data"])["a"] == {choice.id: 1}
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_a_video_never_played_or_skipped_stays_incomplete(lms):
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        _, player = open_sco(page, lms, "dying-relu")
        recorded, _ = leave(page)
        assert recorded["cmi.core.lesson_status"] == "incomplete"
        assert recorded["cmi.core.exit"] == "suspend"
        assert "cmi.core.score.raw" not in recorded

        _, player = open_sco(page, lms, "dying-relu")  # skipped to the end, then played
        player.evaluate("""() => { const v = document.querySelector('video'); v.muted = true;
                          v.currentTime = v.duration * 0.95; v.play(); }""")
        player.wait_for_function("document.querySelector('video').ended", timeout=30_000)
        recorded, _ = leave(page)
        assert recorded["cmi.core.lesson_status"] == "incomplete"
        seen = json.loads(recorded["cmi.suspend_data"])["w"]
        assert seen.count("1") <= 0.05 * len(seen) + 2  # only the stretch actually played
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_the_player_without_an_lms_is_a_plain_page(lms):
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        page.goto(lms.replace("lms.html", "package/player.html?scene=dying-relu"))
        page.wait_for_function("document.querySelector('video').readyState >= 2")
        assert page.locator("h1").text_content() == "ReLU 神经元死亡"
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                      "v.currentTime = 3; v.play(); }")
        page.wait_for_function("document.querySelector('video').currentTime > 4")
        page.goto("about:blank")
        browser.close()
    assert errors == []
