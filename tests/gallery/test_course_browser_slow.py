"""Checkpoints, the interview drill and presenter mode in a real browser, keyboard only: a
checkpoint pauses the video at its chapter's end and asks its questions; a wrong then a right
answer get the right feedback; "watch again" seeks to the chapter's start; the drill reveals an
answer and links to the chapter; presenter mode stops at every chapter end and moves with the
keys."""

import pytest
from playwright.sync_api import sync_playwright

from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import load_questions
from explainer.render.manifest import Manifest
from tests.conftest import CAT
from tests.gallery.conftest import ARTIFACTS, CHROMIUM, FLAGS

pytestmark = pytest.mark.xdist_group("site")
OVERLAY = '.card[data-scene="activation-relu"]:not([hidden]) .checkpoint'


def chapter(out, scene, lang, key):
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == scene and e.job.lang == lang)
    return next(c for c in entry.chapters if c["key"] == f"chapters.{key}")


def open_page(p, url, lang, errors):
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                args=[*FLAGS, "--autoplay-policy=no-user-gesture-required"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.select_option("#lang", lang)
    return browser, page


def video_time(page, selector):
    return page.evaluate(f"document.querySelector('{selector}').currentTime")


@pytest.mark.slow
def test_a_checkpoint_pauses_asks_and_replays(site):
    out, url = site
    curves = chapter(out, "activation-relu", "zh", "curves")
    asked = [q for q in load_questions(CAT, "zh")
             if (q.scene, q.chapter) == ("activation-relu", "curves")]
    assert [q.kind for q in asked] == ["recall", "choice", "number", "number"]  # one stop
    recall, choice = asked[:2]
    words = load_gallery_text("zh", CAT.content_dir)
    video = '.card[data-scene="activation-relu"]:not([hidden]) video'
    errors = []
    with sync_playwright() as p:
        browser, page = open_page(p, url, "zh", errors)
        page.evaluate(f"""() => {{ const v = document.querySelector('{video}'); v.muted = true;
                          v.currentTime = {curves['end'] - 1.0}; }}""")
        page.wait_for_function(f"document.querySelector('{video}').readyState >= 2")
        page.focus(video)
        page.keyboard.press("Space")  # plays the video, as its own controls do
        page.wait_for_selector(f"{OVERLAY}:not([hidden])", timeout=10_000)
        assert abs(video_time(page, video) - curves["end"]) <= 0.3
        assert page.evaluate(f"document.querySelector('{video}').paused")
        overlay = page.locator(OVERLAY)
        assert overlay.locator(".prompt").text_content() == recall.prompt
        page.locator(OVERLAY).scroll_into_view_if_needed()
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator('.card[data-scene="activation-relu"]:not([hidden])').screenshot(
            path=str(ARTIFACTS / "checkpoint-zh.png"))

        # recall: the answer is hidden until asked for, then "got it"; Enter on what has focus
        assert not overlay.locator(".model-answer").is_visible()
        assert not overlay.locator("button.got").is_visible()  # judged after it is shown
        assert page.evaluate("document.activeElement.className") == "show"
        page.keyboard.press("Enter")
        assert overlay.locator(".model-answer").text_content() == recall.model_answer
        page.keyboard.press("Enter")  # "got it" has the focus
        assert overlay.locator("button.got").get_attribute("aria-pressed") == "true"
        assert page.evaluate("document.activeElement.className") == "continue"
        page.keyboard.press("Enter")

        # choice: a wrong answer, then the right one
        assert overlay.locator(".prompt").text_content() == choice.prompt
        wrong = next(c for c in choice.choices if c != choice.answer)
        while page.evaluate("document.activeElement.textContent") != wrong:
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert overlay.locator(".feedback").text_content() == words["wrong"]
        while page.evaluate("document.activeElement.textContent") != choice.answer:
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert overlay.locator(".feedback").text_content() == (
            f"{words['right']} {choice.explanation}")
        assert page.evaluate("document.activeElement.className") == "continue"  # Enter goes on
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.className") == "again"
        page.keyboard.press("Enter")  # watch again: back to the chapter's start, playing
        page.wait_for_function(f"!document.querySelector('{video}').paused")
        assert curves["start"] - 0.05 <= video_time(page, video) < curves["start"] + 1.5
        assert overlay.is_hidden()

        # the switch turns checkpoints off: the same end passes without a stop
        page.evaluate(f"document.querySelector('{video}').pause()")
        page.focus("#checkpoints")
        page.keyboard.press("Space")
        assert not page.is_checked("#checkpoints")
        page.evaluate(f"""() => {{ const v = document.querySelector('{video}');
                          v.currentTime = {curves['end'] - 0.6}; v.play(); }}""")
        page.wait_for_function(f"document.querySelector('{video}').currentTime > "
                               f"{curves['end'] + 0.5}", timeout=10_000)
        assert overlay.is_hidden()
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_the_drill_reveals_answers_and_opens_the_chapter(site):
    out, url = site
    questions = load_questions(CAT, "en")
    target = next(q for q in questions if q.scene == "dying-relu")
    training = chapter(out, "dying-relu", "en", target.chapter)
    errors = []
    with sync_playwright() as p:
        browser, page = open_page(p, url + "#drill", "en", errors)
        drill = page.locator('.drill[data-lang="en"]')
        assert drill.is_visible() and page.locator("#gallery").is_hidden()
        assert drill.locator("li.question h3").all_text_contents() == [
            q.prompt for q in questions]  # all of them, in order
        item = drill.locator(f'li.question[data-question="{target.id}"]')
        assert not item.locator("details").evaluate("d => d.open")
        item.locator("summary").focus()
        page.keyboard.press("Enter")
        assert item.locator("details").evaluate("d => d.open")
        assert target.model_answer in item.locator("details").text_content()
        item.locator("a.watch").focus()
        page.keyboard.press("Enter")
        video = '.card[data-scene="dying-relu"]:not([hidden]) video'
        page.wait_for_function(f"""() => {{ const v = document.querySelector('{video}');
            return v && Math.abs(v.currentTime - {training['start']}) < 0.05; }}""")
        assert page.locator("#gallery").is_visible() and drill.is_hidden()
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_presenter_mode_stops_at_chapter_ends_and_moves_with_the_keys(site):
    out, url = site
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == "dying-relu" and e.job.lang == "zh")
    ends = [c["end"] for c in entry.chapters]
    video = "#presenter video"
    errors = []
    with sync_playwright() as p:
        browser, page = open_page(p, url, "zh", errors)
        page.locator('.card[data-scene="dying-relu"]:not([hidden]) button.present').focus()
        page.keyboard.press("Enter")
        assert page.locator("#presenter").is_visible()
        page.wait_for_function(f"document.querySelector('{video}').readyState >= 2")
        page.evaluate(f"document.querySelector('{video}').playbackRate = 2")
        title = page.locator("#presenter .title")
        assert title.text_content() == f"1 / {len(ends)} · {entry.chapters[0]['text']}"
        # it opens on the first chapter's first frame, not on the poster (a later frame)
        assert page.evaluate(f"document.querySelector('{video}').getAttribute('poster')") is None
        assert video_time(page, video) == pytest.approx(entry.chapters[0]["start"], abs=0.05)

        page.keyboard.press("Space")  # plays the first chapter, stops at its end
        page.wait_for_function(f"document.querySelector('{video}').currentTime > 0.5")
        page.wait_for_function(f"document.querySelector('{video}').paused", timeout=15_000)
        assert abs(video_time(page, video) - ends[0]) <= 0.3
        page.keyboard.press("ArrowRight")  # the next chapter
        page.wait_for_function(f"!document.querySelector('{video}').paused")
        assert title.text_content() == f"2 / {len(ends)} · {entry.chapters[1]['text']}"
        page.wait_for_function(f"document.querySelector('{video}').paused", timeout=20_000)
        assert abs(video_time(page, video) - ends[1]) <= 0.3
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "presenter-zh.png"))
        page.keyboard.press("ArrowLeft")  # back one: the first chapter, from its start
        assert page.locator("#presenter").get_attribute("data-chapter") == "0"
        assert video_time(page, video) == pytest.approx(entry.chapters[0]["start"], abs=0.05)
        page.keyboard.press("f")
        page.wait_for_function("document.fullscreenElement && "
                               "document.fullscreenElement.id === 'presenter'")
        page.keyboard.press("f")
        page.wait_for_function("!document.fullscreenElement")
        page.keyboard.press("Escape")
        assert page.locator("#presenter").is_hidden()
        browser.close()
    assert errors == []
