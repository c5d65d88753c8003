"""What a learner meets in the gallery, judged in Chromium (keyboard only): a checkpoint asked
once per pass, the end screen with the score and a retake, full screen with its question, a
phone-sized screen, the language by link and remembered, hostile content shown as text, and
axe-core finding nothing on any page. Screenshots land in test-artifacts/."""

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import load_questions
from explainer.course import gallery
from explainer.render.manifest import Manifest
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT
from tests.gallery.conftest import ARTIFACTS, CHROMIUM, FLAGS, RangeHandler
from tests.gallery.learner import answer_by_keys, focus_on, right_response, wrong_response

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]
AXE = Path(__file__).resolve().parents[2] / ".venv/npm/node_modules/axe-core/axe.min.js"
CARD = '.card[data-scene="activation-relu"]:not([hidden])'
VIDEO, OVERLAY = f"{CARD} video", f"{CARD} .checkpoint"
DESK, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
HOSTILE = '<img src=x onerror="window.hacked=1"></script><b>"quoted" & \'single\'</b>'


def chapter(out, scene, lang, key):
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == scene and e.job.lang == lang)
    return next(c for c in entry.chapters if c["key"] == f"chapters.{key}")


@contextmanager
def browser_page(url, viewport=DESK, scheme="light"):
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=[*FLAGS, "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport=viewport, color_scheme=scheme)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
        page.goto(url)
        yield page
        browser.close()
    assert errors == []


def violations(page_or_frame):
    """axe-core's violations on what is shown now: [(rule, [elements])]."""
    page_or_frame.add_script_tag(path=str(AXE))
    found = page_or_frame.evaluate("""async () => (await axe.run(document,
        {resultTypes: ["violations"]})).violations
        .map(v => [v.id, v.nodes.map(n => n.target.join(" "))])""")
    return [tuple(v) for v in found]


def to_checkpoint(page, end, video=VIDEO):
    page.evaluate(f"""() => {{ const v = document.querySelector('{video}'); v.muted = true;
                      v.currentTime = {end - 1.0}; }}""")
    page.wait_for_function(f"document.querySelector('{video}').readyState >= 2")
    page.focus(video)
    page.keyboard.press("Space")  # plays, as the video's own controls do
    page.wait_for_selector(f"{OVERLAY}:not([hidden])", timeout=10_000)


def the_questions(lang):
    """The questions of activation-relu's one stop: a recall one, a choice, two numbers."""
    asked = [q for q in load_questions(CAT, lang) if q.scene == "activation-relu"]
    assert [q.kind for q in asked] == ["recall", "choice", "number", "number"]
    return asked


def answer_the_stop(page, asked, words, wrong_first):
    """Every question of the stop in turn, by keyboard; Continue after each but the last."""
    for n, q in enumerate(asked):
        answer_by_keys(page, page.locator(OVERLAY), q, words, wrong_first)
        if n + 1 < len(asked):
            page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stop_is_asked_once_and_the_end_screen_offers_a_retake(site, lang):
    out, url = site
    curves = chapter(out, "activation-relu", lang, "curves")
    asked, words = the_questions(lang), load_gallery_text(lang, CAT.content_dir)
    graded = [q for q in asked if q.graded]
    with browser_page(f"{url}?lang={lang}") as page:
        to_checkpoint(page, curves["end"])
        assert violations(page) == []  # a question open
        page.locator(CARD).screenshot(path=str(ARTIFACTS / f"question-desk-{lang}.png"))
        answer_the_stop(page, asked, words, wrong_first=True)
        page.keyboard.press("Enter")  # continue: plays on, past the chapter's end, once
        page.wait_for_function(f"document.querySelector('{VIDEO}').currentTime > "
                               f"{curves['end'] + 0.6}", timeout=10_000)
        assert page.locator(OVERLAY).is_hidden()
        assert not page.evaluate(f"document.querySelector('{VIDEO}').paused")

        page.evaluate(f"""() => {{ const v = document.querySelector('{VIDEO}');
                          v.currentTime = v.duration - 0.6; }}""")
        page.wait_for_selector(f"{OVERLAY}.end:not([hidden])", timeout=10_000)
        score = page.locator(f"{OVERLAY} .score")
        # wrong at the first try, every one: the share right of three graded questions
        assert score.text_content() == f"{words['score']}: 0 / 3 (0%)"
        assert page.locator(f"{OVERLAY} .missed li").all_text_contents() == [
            q.prompt for q in graded]
        assert page.locator(f"{OVERLAY} .unanswered").count() == 0
        assert page.locator(f"{OVERLAY} .recorded").count() == 0  # no LMS keeps a score here
        assert page.evaluate("document.activeElement.className") == "retake"
        assert violations(page) == []
        page.locator(CARD).screenshot(path=str(ARTIFACTS / f"end-desk-{lang}.png"))
        page.keyboard.press("Enter")  # try the questions again: asked in turn, without video
        assert page.evaluate(f"document.querySelector('{VIDEO}').paused")
        answer_the_stop(page, asked, words, wrong_first=False)
        page.keyboard.press("Enter")
        assert score.text_content() == f"{words['score']}: 3 / 3 (100%)"
        assert page.locator(f"{OVERLAY} .missed").count() == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_skipped_questions_are_not_yet_answered_and_can_be_answered_at_the_end(site, lang):
    _, url = site
    asked, words = the_questions(lang), load_gallery_text(lang, CAT.content_dir)
    graded = [q for q in asked if q.graded]
    with browser_page(f"{url}?lang={lang}") as page:
        page.evaluate(f"""() => {{ const v = document.querySelector('{VIDEO}'); v.muted = true;
                          v.currentTime = v.duration - 0.6; v.play(); }}""")
        page.wait_for_selector(f"{OVERLAY}.end:not([hidden])", timeout=10_000)
        assert page.locator(f"{OVERLAY} .score").text_content() == (
            f"{words['score']}: 0 / 3 (0%)")
        assert page.locator(f"{OVERLAY} .missed").count() == 0  # skipped is not wrong
        kickers = page.locator(f"{OVERLAY} .kicker").all_text_contents()
        assert f"{words['not_answered']} (3)" in kickers
        assert page.locator(f"{OVERLAY} .unanswered li").all_text_contents() == [
            q.prompt for q in graded]
        assert page.locator(f"{OVERLAY} .retake").count() == 0  # answer these first
        assert page.evaluate("document.activeElement.className") == "answer-now"
        page.keyboard.press("Enter")
        for n, q in enumerate(graded):
            answer_by_keys(page, page.locator(OVERLAY), q, words, wrong_first=n == 0)
            page.keyboard.press("Enter")
        page.wait_for_selector(f"{OVERLAY}.end:not([hidden])")
        assert page.locator(f"{OVERLAY} .score").text_content() == (
            f"{words['score']}: 2 / 3 (67%)")
        assert page.locator(f"{OVERLAY} .unanswered").count() == 0
        assert page.evaluate("document.activeElement.className") == "retake"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_seeking_back_shows_each_question_as_answered(site, lang):
    out, url = site
    curves = chapter(out, "activation-relu", lang, "curves")
    asked, words = the_questions(lang), load_gallery_text(lang, CAT.content_dir)
    recall, choice, first_number, _ = asked
    with browser_page(f"{url}?lang={lang}") as page:
        to_checkpoint(page, curves["end"])
        answer_by_keys(page, page.locator(OVERLAY), recall, words, wrong_first=False)
        page.keyboard.press("Enter")
        answer_by_keys(page, page.locator(OVERLAY), choice, words, wrong_first=True)
        page.keyboard.press("Enter")
        answer_by_keys(page, page.locator(OVERLAY), first_number, words, wrong_first=False)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")  # the last one left for later: Esc closes the question
        page.wait_for_function(f"!document.querySelector('{VIDEO}').paused")
        page.evaluate(f"document.querySelector('{VIDEO}').pause()")

        to_checkpoint(page, curves["end"])  # back before the stop, and played through it
        overlay = page.locator(OVERLAY)
        assert overlay.get_attribute("data-answered") == "true"
        assert overlay.locator(".kicker").text_content() == words["answered"]
        assert overlay.locator("button.got").get_attribute("aria-pressed") == "true"
        assert overlay.locator(".model-answer").is_visible()
        page.keyboard.press("Enter")  # the focus is on Continue
        assert overlay.locator(".kicker").text_content() == words["answered"]
        assert overlay.locator("button.right").text_content() == choice.answer
        assert overlay.locator("button.wrong").text_content() == wrong_response(choice)
        assert overlay.locator("button.choice:disabled").count() == len(choice.choices) - 1
        assert overlay.locator(".feedback").text_content() == (
            f"{words['not_first']} {choice.explanation}")
        assert page.evaluate("document.activeElement.className") == "continue"
        page.keyboard.press("Enter")
        assert overlay.locator("input").is_disabled()
        assert overlay.locator("input").input_value() == right_response(first_number)
        page.keyboard.press("Enter")
        assert overlay.locator(".kicker").text_content() == words["check"]  # not answered yet
        assert overlay.get_attribute("data-answered") == "false"
        assert not overlay.locator("input").is_disabled()
        assert violations(page) == []


def test_full_screen_holds_the_video_and_its_question(site):
    out, url = site
    curves = chapter(out, "activation-relu", "en", "curves")
    with browser_page(f"{url}?lang=en") as page:
        page.focus(f"{CARD} button.fullscreen")
        page.keyboard.press("Enter")
        page.wait_for_function("document.fullscreenElement && "
                               "document.fullscreenElement.classList.contains('player')")
        assert page.evaluate(f"document.querySelector('{VIDEO}').controlsList.contains("
                             "'nofullscreen')")  # the native button, which drops the question
        to_checkpoint(page, curves["end"])
        assert page.evaluate(f"document.fullscreenElement.contains("
                             f"document.querySelector('{OVERLAY}'))")
        box = page.locator(f"{OVERLAY} .prompt").bounding_box()
        assert box and box["height"] > 0
        for _ in the_questions("en"):
            page.keyboard.press("Escape")  # Esc is each question's "Continue"
        assert page.locator(OVERLAY).is_hidden()
        page.evaluate("document.exitFullscreen()")
        page.wait_for_function("!document.fullscreenElement")
        page.dblclick(VIDEO)  # ... a double click asks the page's full screen, not the video's
        page.wait_for_function("document.fullscreenElement && "
                               "document.fullscreenElement.classList.contains('player')")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_phone_shows_the_question_whole_under_the_video(site, lang):
    out, url = site
    curves = chapter(out, "activation-relu", lang, "curves")
    asked, words = the_questions(lang), load_gallery_text(lang, CAT.content_dir)

    def whole():
        inner = page.evaluate(f"""() => {{ const o = document.querySelector('{OVERLAY}');
            return [o.scrollHeight - o.clientHeight, getComputedStyle(o).position]; }}""")
        assert inner == [0, "static"]  # under the video, nothing scrolls inside it
        video = page.locator(VIDEO).bounding_box()
        for item in page.locator(f"{OVERLAY} .prompt, {OVERLAY} button:visible").all():
            box = item.bounding_box()
            assert box["y"] >= video["y"] + video["height"] - 1  # not over the picture
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box

    with browser_page(f"{url}?lang={lang}", PHONE) as page:
        to_checkpoint(page, curves["end"])
        for q in asked:
            whole()
            answer_by_keys(page, page.locator(OVERLAY), q, words, wrong_first=q.graded)
            whole()  # the explanation shows: still all in view
            if q.kind == "choice":
                assert words["right"] in page.locator(f"{OVERLAY} .feedback").text_content()
                page.screenshot(path=str(ARTIFACTS / f"question-phone-{lang}.png"))
            if q.kind == "number":
                page.screenshot(path=str(ARTIFACTS / f"number-phone-{lang}.png"))
            page.keyboard.press("Enter")
        page.evaluate(f"""() => {{ const v = document.querySelector('{VIDEO}');
                          v.currentTime = v.duration - 0.6; }}""")
        page.wait_for_selector(f"{OVERLAY}.end:not([hidden])", timeout=10_000)
        whole()
        page.screenshot(path=str(ARTIFACTS / f"end-phone-{lang}.png"))
        page.goto(f"{url}#drill")
        assert page.evaluate("window.scrollY") == 0  # the header stays in view
        page.screenshot(path=str(ARTIFACTS / f"drill-phone-{lang}.png"))


def test_the_language_comes_from_the_link_and_is_remembered(site):
    out, url = site
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == "dying-relu" and e.job.lang == "zh")
    with browser_page(f"{url}?lang=zh") as page:
        assert page.evaluate("[document.documentElement.lang, "
                             "document.getElementById('lang').value]") == ["zh", "zh"]
        page.goto(url)  # a later visit, no parameter: still Chinese
        assert page.evaluate("document.getElementById('lang').value") == "zh"
        assert page.locator("h1").text_content() == "神经网络为什么需要激活函数"
        page.focus("#lang")
        page.keyboard.press("ArrowUp")  # English, chosen on the page: remembered too
        page.goto(url)
        assert page.evaluate("document.getElementById('lang').value") == "en"
        page.goto(url + "#present=dying-relu&lang=zh")
        page.reload()
        assert page.locator("#presenter").is_visible()
        source = page.evaluate("document.querySelector('#presenter video source').src")
        assert "/zh/" in source
        title = page.locator("#presenter .title").text_content()
        assert title == f"1 / {len(entry.chapters)} · {entry.chapters[0]['text']}"
        assert violations(page) == []  # presenter mode


def test_axe_finds_nothing_on_the_gallery_and_the_drill(site):
    _, url = site
    for scheme in ("light", "dark"):
        with browser_page(url, scheme=scheme) as page:
            assert violations(page) == []
            page.goto(url + "#drill")
            page.locator(".drill:not([hidden]) details summary").first.click()
            assert violations(page) == []
            page.set_viewport_size(DESK)
            page.screenshot(path=str(ARTIFACTS / f"drill-desk-{scheme}.png"))


def contrast(png):
    """The contrast of text on its background, from the pixels of a screenshot."""
    def luminance(rgb):
        c = [x / 255 for x in rgb[:3]]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    image = Image.open(png).convert("RGB")
    background = max(image.getcolors(1 << 20))[1]
    lb = luminance(background)
    far = max((luminance(rgb) for _, rgb in image.getcolors(1 << 20)), key=lambda x: abs(x - lb))
    return (max(lb, far) + 0.05) / (min(lb, far) + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_feedback_over_the_video_reads_at_4_5_to_1(site, scheme, tmp_path):
    out, url = site
    curves = chapter(out, "activation-relu", "en", "curves")
    choice = the_questions("en")[1]
    with browser_page(f"{url}?lang=en", scheme=scheme) as page:
        to_checkpoint(page, curves["end"])
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        focus_on(page, wrong_response(choice))
        page.keyboard.press("Enter")
        page.locator(f"{OVERLAY} .feedback").screenshot(path=str(tmp_path / "bad.png"))
        focus_on(page, choice.answer)
        page.keyboard.press("Enter")
        page.locator(f"{OVERLAY} .feedback").screenshot(path=str(tmp_path / "good.png"))
        page.locator(f"{OVERLAY} .kicker").screenshot(path=str(tmp_path / "kicker.png"))
    for name in ("bad", "good", "kicker"):
        assert contrast(tmp_path / f"{name}.png") >= 4.5, name


@contextmanager
def serve(folder):
    handler = functools.partial(RangeHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def test_hostile_content_shows_as_text(site, tmp_path, monkeypatch):
    out, _ = site
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    path = drafts / "en.toml"
    text = path.read_text(encoding="utf-8")
    choice = the_questions("en")[1]
    for old in (choice.prompt, choice.explanation, choice.choices[1]):
        text = text.replace(f'"{old}"', '"' + HOSTILE.replace('"', '\\"') + '"')
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))
    copy = tmp_path / "renders"
    copy.mkdir()
    for item in out.iterdir():  # the site's videos, a page of its own
        if item.name != "index.html":
            (copy / item.name).symlink_to(item)
    gallery.build(copy, CAT)
    curves = chapter(out, "activation-relu", "en", "curves")
    with serve(copy) as url, browser_page(f"{url}?lang=en") as page:
        to_checkpoint(page, curves["end"])
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        overlay = page.locator(OVERLAY)
        assert overlay.locator(".prompt").text_content() == HOSTILE
        assert HOSTILE in overlay.locator(".choices").all_text_contents()[0]
        focus_on(page, choice.answer)
        page.keyboard.press("Enter")
        assert overlay.locator(".feedback").text_content().endswith(HOSTILE)
        assert overlay.locator("img, b").count() == 0  # text, never markup
        page.goto(f"{url}?lang=en#drill")
        assert page.locator(".drill:not([hidden]) img, .drill:not([hidden]) b").count() == 0
        assert page.evaluate("window.hacked") is None
