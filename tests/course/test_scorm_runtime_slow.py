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

from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import load_questions
from tests.conftest import CAT
from tests.course.test_grading_js import run
from tests.gallery.conftest import CHROMIUM, FLAGS, RangeHandler
from tests.gallery.learner import answer, right_response, wrong_response

pytestmark = pytest.mark.xdist_group("site")  # shares the rendered site
RUNTIME = Path(__file__).resolve().parents[2] / ".venv/npm/node_modules/scorm-again/dist"
AXE = RUNTIME.parents[1] / "axe-core" / "axe.min.js"
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")
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
def lms_with(site, tmp_path_factory):
    """lms_with(*options): the lesson exported with those options from the site the gallery
    tests rendered (activation-relu and dying-relu, narrated, zh), under an LMS page served on
    127.0.0.1; returns the page's address."""
    assert (RUNTIME / "scorm12.js").exists(), "run `make test` (it installs scorm-again)"
    renders, _ = site
    servers, made = [], {}

    def make(*options):
        if options in made:
            return made[options]
        root = tmp_path_factory.mktemp("lms")
        subprocess.run([sys.executable, "-m", "explainer.cli", "export", "scorm",
                        "activation-relu", "dying-relu", "-l", "zh", *options, "--from",
                        str(renders), "-o", str(root / "lesson.zip")],
                       check=True, capture_output=True)
        zipfile.ZipFile(root / "lesson.zip").extractall(root / "site" / "package")
        shutil.copy(RUNTIME / "scorm12.js", root / "site" / "scorm12.js")
        (root / "site" / "lms.html").write_text(LMS, encoding="utf-8")
        handler = functools.partial(RangeHandler, directory=str(root / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        made[options] = f"http://127.0.0.1:{server.server_address[1]}/lms.html"
        return made[options]

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def lms(lms_with):
    return lms_with("--mastery", "80")


def letter(q, text):
    """How SCORM 1.2 names a choice: its letter in the order the author wrote them."""
    return "abcdefghij"[q.choices.index(text)]


def interactions(recorded):
    """cmi.interactions.n as the LMS recorded them: (id, type, response, result, pattern)."""
    found = []
    while f"cmi.interactions.{len(found)}.id" in recorded:
        n = f"cmi.interactions.{len(found)}."
        found.append((recorded[n + "id"], recorded[n + "type"], recorded[n + "student_response"],
                      recorded[n + "result"], recorded.get(n + "correct_responses.0.pattern")))
    return found


def relu_questions():
    asked = [q for q in load_questions(CAT, "zh") if q.scene == "activation-relu"]
    assert [q.kind for q in asked] == ["recall", "choice", "number", "number"]
    return asked


def orders(q, learner, attempts):
    """The choice orders grading.js gives ``learner`` in attempts 1..``attempts``."""
    return run(f"""process.stdout.write(JSON.stringify([1, 2, 3, 4].slice(0, {attempts})
        .map(function (n) {{ return choiceOrder(q, "{learner}", n); }})));""", q=q.to_dict())


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
    asked = relu_questions()
    recall, choice, *numbers = asked
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        frame, player = open_sco(page, lms, "activation-relu")
        assert page.evaluate("window.calls[0]") == "LMSInitialize"
        player.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                        "v.playbackRate = 4; v.play(); }")
        overlay = frame.locator(".checkpoint")
        overlay.wait_for(state="visible", timeout=30_000)
        for q in asked:  # each question of the stop, in turn
            answer(overlay, q)
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
        assert state["a"] == {q.id: 1 for q in asked if q.graded}
        assert state["s"] == "activation-relu"
        assert len(suspend[1]) <= 4096 and state["w"].count("1") / len(state["w"]) >= 0.9
        assert interactions(recorded) == [
            (recall.id, "likert", "1", "neutral", None),  # "got it", a self-rating
            (choice.id, "choice", letter(choice, choice.answer), "correct",
             letter(choice, choice.answer)),
            *[(q.id, "numeric", f"{q.value:g}", "correct", f"{q.value:g}") for q in numbers]]
        for n in range(len(asked)):
            assert TIMESPAN.match(recorded[f"cmi.interactions.{n}.latency"])
            assert CLOCK.match(recorded[f"cmi.interactions.{n}.time"])

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
        assert json.loads(recorded["cmi.suspend_data"])["a"] == state["a"]
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
        starts = page.evaluate("JSON.parse(document.getElementById('lesson').textContent)"
                               ".lessons['dying-relu'].chapters.map(c => c.start)")
        assert page.locator("#chapters button").all_text_contents() == [
            f"{round(s) // 60:02d}:{round(s) % 60:02d}" for s in starts]
        assert page.locator(".card").get_attribute("data-scene") == "dying-relu"
        page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                      "v.currentTime = 3; v.play(); }")
        page.wait_for_function("document.querySelector('video').currentTime > 4")
        page.goto("about:blank")
        browser.close()
    assert errors == []


def play(player):
    player.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                    "v.playbackRate = 4; v.play(); }")


def end_screen(frame):
    overlay = frame.locator(".checkpoint.end")
    overlay.wait_for(state="visible", timeout=60_000)
    return (overlay.locator(".score").text_content(),
            overlay.locator(".recorded").text_content())


@pytest.mark.slow
def test_a_wrong_first_answer_then_a_retake_kept_at_its_best(lms):
    recall, choice, *numbers = relu_questions()
    wrong = wrong_response(choice)
    words = load_gallery_text("zh", CAT.content_dir)
    best = words["recorded_best"]
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        frame, player = open_sco(page, lms, "activation-relu")
        play(player)
        overlay = frame.locator(".checkpoint")
        overlay.wait_for(state="visible", timeout=30_000)
        answer(overlay, recall)
        answer(overlay, choice, wrong, choice.answer)
        for q in numbers:
            answer(overlay, q)
        # the share right: two of three; what the screen says is what the LMS keeps
        assert end_screen(frame) == (f"{words['score']}: 2 / 3 (67%)", f"{best}: 67%")
        recorded = page.evaluate("window.recorded")
        assert (recorded["cmi.core.score.raw"], recorded["cmi.core.lesson_status"]) == (
            "67", "failed")  # watched, all answered, 67 < 80
        assert [i[2:4] for i in interactions(recorded)][:3] == [
            ("1", "neutral"), (letter(choice, wrong), "wrong"),
            (letter(choice, choice.answer), "correct")]
        assert violations(page.frames[1]) == []  # the end screen
        overlay.locator("button.retake").click()  # a second attempt, at once
        answer(overlay, recall)
        assert violations(page.frames[1]) == []  # a question open
        for q in (choice, *numbers):
            answer(overlay, q)
        assert end_screen(frame) == (f"{words['score']}: 3 / 3 (100%)", f"{best}: 100%")
        recorded, _ = leave(page)
        assert (recorded["cmi.core.score.raw"], recorded["cmi.core.lesson_status"]) == (
            "100", "passed")
        state = json.loads(recorded["cmi.suspend_data"])
        assert (state["n"], state["r"], state["a"]) == (2, [67], {
            q.id: 1 for q in (choice, *numbers)})
        frame, player = open_sco(page, lms, "activation-relu", {"suspend_data": json.dumps(
            {**state, "t": 0})})  # back for a third attempt, which goes worse: best is kept
        player.evaluate("() => { const v = document.querySelector('video'); v.muted = true; "
                        "v.currentTime = v.duration - 0.3; v.play(); }")
        frame.locator(".checkpoint.end").wait_for(state="visible", timeout=30_000)
        frame.locator("button.retake").click()
        answer(overlay, recall)
        answer(overlay, choice, wrong, choice.answer)
        answer(overlay, numbers[0], wrong_response(numbers[0]), right_response(numbers[0]))
        answer(overlay, numbers[1])
        # this attempt 1 of 3; the best attempt is what counts, and the screen says so
        assert end_screen(frame) == (f"{words['score']}: 1 / 3 (33%)", f"{best}: 100%")
        recorded, _ = leave(page)
        assert json.loads(recorded["cmi.suspend_data"])["r"] == [67, 100]
        assert recorded["cmi.core.score.raw"] == "100"
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_a_skipped_question_keeps_the_lesson_incomplete_until_answered(lms):
    _, *graded = relu_questions()
    words = load_gallery_text("zh", CAT.content_dir)
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        frame, player = open_sco(page, lms, "activation-relu")
        play(player)  # watched whole, but the learner closes the question unanswered
        overlay = frame.locator(".checkpoint")
        overlay.wait_for(state="visible", timeout=30_000)
        for _ in range(4):
            overlay.press("Escape")
        assert end_screen(frame) == (f"{words['score']}: 0 / 3 (0%)",
                                     f"{words['recorded_best']}: {words['not_recorded']}")
        assert overlay.locator(".unanswered li").all_text_contents() == [q.prompt for q in graded]
        recorded = page.evaluate("window.recorded")
        assert recorded["cmi.core.lesson_status"] == "incomplete"
        assert "cmi.core.score.raw" not in recorded
        overlay.locator("button.answer-now").click()
        for q in graded:
            answer(overlay, q)
        assert end_screen(frame)[1] == f"{words['recorded_best']}: 100%"
        recorded, _ = leave(page)
        assert (recorded["cmi.core.score.raw"], recorded["cmi.core.lesson_status"]) == (
            "100", "passed")
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_attempts_run_out_the_last_counts_and_a_learner_keeps_their_order(lms_with):
    url = lms_with("--mastery", "80", "--attempts", "2", "--keep", "last")
    recall, choice, *numbers = relu_questions()
    words = load_gallery_text("zh", CAT.content_dir)
    learner = {"core": {"student_id": "learner-7", "student_name": "Seven"}}
    expected = orders(choice, "learner-7", 2)
    assert expected[0].index(choice.answer) != expected[1].index(choice.answer)
    errors = []
    with sync_playwright() as p:
        browser, page = launch(p, errors)
        frame, player = open_sco(page, url, "activation-relu", learner)
        play(player)
        overlay = frame.locator(".checkpoint")
        overlay.wait_for(state="visible", timeout=30_000)
        answer(overlay, recall)
        order = overlay.locator("button.choice").all_text_contents()
        assert order == expected[0]
        for q in (choice, *numbers):
            answer(overlay, q)  # 100
        assert end_screen(frame)[1] == f"{words['recorded_last']}: 100%"
        overlay.locator("button.retake").click()
        answer(overlay, recall)
        assert overlay.locator("button.choice").all_text_contents() == expected[1]
        answer(overlay, choice, wrong_response(choice), choice.answer)  # 67, and the last counts
        for q in numbers:
            answer(overlay, q)
        assert end_screen(frame) == (f"{words['score']}: 2 / 3 (67%)",
                                     f"{words['recorded_last']}: 67%")
        assert overlay.locator("button.retake").count() == 0
        assert overlay.locator(".note").text_content() == words["no_attempts"]
        recorded, _ = leave(page)
        assert (recorded["cmi.core.score.raw"], recorded["cmi.core.lesson_status"]) == (
            "67", "failed")

        # the same learner opens it again (first attempt's state): the same order
        frame, player = open_sco(page, url, "activation-relu", learner)
        end = chapter_end(player, choice.chapter)
        player.evaluate(f"() => {{ const v = document.querySelector('video'); v.muted = true; "
                        f"v.currentTime = {end} - 0.5; v.play(); }}")
        overlay = frame.locator(".checkpoint")
        overlay.wait_for(state="visible", timeout=30_000)
        answer(overlay, recall)
        assert overlay.locator("button.choice").all_text_contents() == order
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_outside_an_lms_each_learner_has_an_order_of_their_own(lms):
    choice = relu_questions()[1]
    player_url = lms.replace("lms.html", "package/player.html?scene=activation-relu")
    errors, seen = [], []
    with sync_playwright() as p:
        browser, _ = launch(p, errors)
        for _ in range(2):  # two learners: two browsers' storage
            context = browser.new_context(viewport={"width": 1100, "height": 800})
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(player_url)
            page.wait_for_function("document.querySelector('video').readyState >= 2")
            learner = page.evaluate("localStorage.getItem('explainer-learner')")
            end = chapter_end(page, choice.chapter)
            page.evaluate(f"() => {{ const v = document.querySelector('video'); v.muted = true; "
                          f"v.currentTime = {end} - 0.5; v.play(); }}")
            overlay = page.locator(".checkpoint")
            overlay.wait_for(state="visible", timeout=30_000)
            answer(overlay, relu_questions()[0])
            shown = overlay.locator("button.choice").all_text_contents()
            assert shown == orders(choice, learner, 1)[0]  # the order is this learner's
            page.reload()  # the same learner again: the same id
            page.wait_for_function("document.querySelector('video').readyState >= 2")
            assert page.evaluate("localStorage.getItem('explainer-learner')") == learner
            seen.append(learner)
            context.close()
        browser.close()
    assert seen[0] != seen[1] and all(x.startswith("local-") for x in seen)
    assert errors == []


def chapter_end(player, key):
    return player.evaluate(f"JSON.parse(document.getElementById('lesson').textContent)"
                           f".lessons['activation-relu'].chapters.filter(c => c.key === "
                           f"'{key}')[0].end")


def violations(frame):
    frame.add_script_tag(path=str(AXE))
    return [tuple(v) for v in frame.evaluate("""async () => (await axe.run(document,
        {resultTypes: ["violations"]})).violations
        .map(v => [v.id, v.nodes.map(n => n.target.join(" "))])""")]
