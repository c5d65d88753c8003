"""Every question of the course, in both languages, in the gallery's own card (desk 1280x800
and phone 390x844, light and dark), judged in Chromium: the box never scrolls inside or spills
out, before and after an answer, and the prompt stays in view; every text in it reads at
4.5:1 or more, disabled choices included; Tab and Shift+Tab stay inside the open question.

All questions are asked through the end screen's "answer them now" of a copy of a rendered
card given the whole course's questions (the page's own code, CSS and card size); the same in the
SCORM player's page (Chinese, desk and phone)."""

import pytest

from explainer.content.gallery_words import load_gallery_text
from explainer.content.questions import load_questions
from explainer.course import templates
from tests.conftest import CAT
from tests.course.test_scorm_runtime_slow import lms_with  # noqa: F401 (a fixture)
from tests.gallery import learner
from tests.gallery.test_grading_browser_slow import ARTIFACTS, DESK, PHONE, browser_page

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]
DESK_SHORT = {"width": DESK["width"], "height": 800}
COPY = '.card[data-copy="all"]'
OVERLAY = f"{COPY} .checkpoint"

# The contrast of every element with text in the open question, against what is behind it
# (its own background or the nearest ancestor's), disabled ones included (axe skips those).
CONTRAST = """(root) => {
  function rgba(text) {
    const m = text.match(/[\\d.]+/g).map(Number);
    return m.length > 3 ? m : [...m, 1];
  }
  function lum(c) { const v = c.slice(0, 3).map(x => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
  function behind(node) {
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0.5) { return c; }
    }
    return [255, 255, 255, 1];
  }
  const found = [];
  root.querySelectorAll("*").forEach(node => {
    const own = Array.from(node.childNodes).some(c => c.nodeType === 3 && c.textContent.trim());
    const field = node.tagName === "INPUT" && node.value;
    if ((!own && !field) || !node.getClientRects().length) { return; }
    const style = getComputedStyle(node), fg = rgba(style.color), bg = behind(node);
    const mix = fg.slice(0, 3).map((x, i) => x * fg[3] * Number(style.opacity) +
                                    bg[i] * (1 - fg[3] * Number(style.opacity)));
    const a = lum(mix), b = lum(bg);
    found.push([node.className || node.tagName, (node.value || node.textContent).slice(0, 30),
                (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), node.disabled === true]);
  });
  return found;
}"""

# What overflows: the box scrolling inside, or any of its parts wider than it or than itself.
OVERFLOW = """(o) => {
  const box = o.getBoundingClientRect(), out = [];
  const inner = o.scrollHeight - o.clientHeight;
  if (inner > 1) { out.push("scrolls " + inner); }
  if (o.scrollWidth - o.clientWidth > 1) { out.push("wide " + (o.scrollWidth - o.clientWidth)); }
  o.querySelectorAll("*").forEach(n => {
    if (!n.getClientRects().length) { return; }
    const r = n.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1) {
      out.push("spills " + (n.className || n.tagName));
    }
    if (n.scrollWidth - n.clientWidth > 1 && getComputedStyle(n).overflowX !== "visible") {
      out.push("clips " + (n.className || n.tagName));
    }
  });
  return out;
}"""


def open_all(page, lang, questions, words):
    """A copy of the rendered activation-relu card holding every question, at its end screen."""
    lesson = {"scene": "all", "title": "all", "chapters": [], "questions": questions}
    page.add_script_tag(content=templates.script())  # the page's own, kept in its scope there
    page.evaluate("""([lesson, words]) => {
        const card = document.querySelector('.card[data-scene="activation-relu"]:not([hidden])');
        const copy = card.cloneNode(true);
        copy.dataset.copy = "all";
        copy.querySelectorAll(".checkpoint").forEach(n => n.remove());
        card.after(copy);
        setUpCheckpoints(copy, lesson, {words: () => words, enabled: () => true,
          ending: () => true, learner: "test", attempt: () => 1, retake: () => {},
          attemptsLeft: () => Infinity});
        copy.querySelector("video").dispatchEvent(new Event("ended"));
    }""", [lesson, words])
    page.wait_for_selector(f"{OVERLAY}.end:not([hidden])")
    unanswered = page.locator(f"{OVERLAY} .unanswered li").all_text_contents()
    assert unanswered == [q["prompt"] for q in questions if q["kind"] != "recall"]


def check_box(page, viewport, where):
    problems = page.evaluate(OVERFLOW, page.locator(OVERLAY).element_handle())
    assert problems == [], where
    prompt = page.locator(f"{OVERLAY} .prompt, {OVERLAY} .title").first.bounding_box()
    assert prompt["y"] >= -1 and prompt["y"] + prompt["height"] <= viewport["height"] + 1, where
    focused = page.evaluate("""() => { const r = document.activeElement.getBoundingClientRect();
        return [r.top, r.bottom, document.activeElement.closest('.checkpoint') !== null]; }""")
    assert focused[2], where  # focus is in the question


def check_contrast(page, where):
    low = [(c, t, round(r, 2), d) for c, t, r, d in
           page.evaluate(CONTRAST, page.locator(OVERLAY).element_handle()) if r < 4.5]
    assert low == [], where


def check_focus_stays(page, where):
    """Tab and Shift+Tab go round the question's own controls, each in turn, both ways."""
    controls = page.evaluate(f"""() => Array.from(document.querySelectorAll(
        '{OVERLAY} button, {OVERLAY} input')).filter(n => !n.disabled && n.getClientRects().length)
        .map(n => n.className + ':' + (n.value || n.textContent))""")
    for key in ("Tab", "Shift+Tab"):
        seen = []
        for _ in range(2 * len(controls)):
            page.keyboard.press(key)
            seen.append(page.evaluate("""() => document.activeElement.closest('.checkpoint')
                ? document.activeElement.className + ':' + (document.activeElement.value ||
                  document.activeElement.textContent) : 'outside'"""))
        assert "outside" not in seen, (where, key)
        assert set(seen) == set(controls), (where, key, seen)  # every one, round and round


def answer_after_a_slip(page, q, words):
    """Answers the open graded question as a learner who slips first: a wrong choice or
    number, then the right one (the learner helpers of the other browser tests)."""
    overlay = page.locator(OVERLAY)
    learner.answer(overlay, q, learner.wrong_response(q), go_on=False)
    wrong = words["wrong"] if q.kind == "choice" else words["wrong_number"]
    assert overlay.locator(".feedback").text_content() == wrong
    learner.answer(overlay, q, learner.right_response(q), go_on=False)
    if q.kind == "choice":
        assert overlay.locator("button.choice:disabled").count() == len(q.choices) - 1
    else:
        assert overlay.locator("input").is_disabled()
        assert q.explanation in overlay.locator(".feedback").text_content()
    assert page.evaluate("document.activeElement.className") == "continue"


def ask_every_question(page, lang, viewport, scheme):
    questions = load_questions(CAT, lang)
    words = load_gallery_text(lang, CAT.content_dir)
    open_all(page, lang, [q.to_dict() for q in questions], words)
    check_box(page, viewport, "end screen")
    check_contrast(page, "end screen")
    page.locator(f"{OVERLAY} button.answer-now").click()
    asked = [q for q in questions if q.graded]
    for n, q in enumerate(asked):
        assert page.locator(f"{OVERLAY} .prompt").text_content() == q.prompt
        check_box(page, viewport, (q.id, "asked"))
        if n % 7 == 0:
            check_focus_stays(page, q.id)
        answer_after_a_slip(page, q, words)
        check_box(page, viewport, (q.id, "answered"))
        check_contrast(page, (q.id, "answered"))
        if q.id == "collapse-relu":
            ARTIFACTS.mkdir(exist_ok=True)
            page.locator(COPY).screenshot(
                path=str(ARTIFACTS / f"answered-{lang}-{viewport['width']}-{scheme}.png"))
        page.locator(f"{OVERLAY} button.continue").click()
    page.wait_for_selector(f"{OVERLAY}.end:not([hidden])")
    score = page.locator(f"{OVERLAY} .score")
    total = len(asked)
    assert score.text_content() == f"{words['score']}: 0 / {total} (0%)"  # a slip in each
    assert page.locator(f"{OVERLAY} .unanswered").count() == 0
    assert len(page.locator(f"{OVERLAY} .missed li").all_text_contents()) == total
    check_box(page, viewport, "end")
    check_contrast(page, "end")


@pytest.mark.parametrize("lang,viewport,scheme", [
    ("en", DESK_SHORT, "light"), ("en", PHONE, "dark"), ("zh", DESK_SHORT, "dark"),
    ("zh", PHONE, "light")], ids=["en-desk-light", "en-phone-dark", "zh-desk-dark",
                                  "zh-phone-light"])
def test_every_question_fits_reads_and_keeps_focus(site, lang, viewport, scheme):
    _, url = site
    with browser_page(f"{url}?lang={lang}", viewport, scheme) as page:
        ask_every_question(page, lang, viewport, scheme)


@pytest.mark.parametrize("viewport,scheme", [(DESK_SHORT, "light"), (PHONE, "dark")],
                         ids=["desk-light", "phone-dark"])
def test_every_question_fits_in_the_scorm_player_too(request, viewport, scheme):
    """The SCORM player (its package exported in Chinese), opened as a plain page."""
    url = request.getfixturevalue("lms_with")("--mastery", "80").replace(
        "lms.html", "package/player.html?scene=activation-relu")
    with browser_page(url, viewport, scheme) as page:
        ask_every_question(page, "zh", viewport, f"player-{scheme}")
