"""The gallery in a real browser (Debian's Chromium, headless, driven by Playwright) against the
page served on 127.0.0.1: videos load with the manifest's duration, captions load their cues,
the language switch swaps titles and tracks, and nothing is logged as an error."""

import pytest
from playwright.sync_api import sync_playwright

from explainer.content.gallery_words import load_gallery_text
from explainer.content.text import load_text
from explainer.render.manifest import Manifest
from tests.conftest import CAT
from tests.gallery.conftest import ARTIFACTS, CHROMIUM, FLAGS

pytestmark = pytest.mark.xdist_group("site")  # one render of the site per worker

STATE = """() => Array.from(document.querySelectorAll('.card:not([hidden])')).map(card => {
  const v = card.querySelector('video');
  // captions on: the track hidden (the page shows its cues in a line under the video)
  const showing = Array.from(v.textTracks).filter(t => t.kind === 'captions' &&
                                                    t.mode !== 'disabled');
  return {scene: card.dataset.scene, lang: card.dataset.lang,
          title: card.querySelector('h2').textContent, ready: v.readyState,
          duration: v.duration, src: v.currentSrc,
          tracks: showing.map(t => ({lang: t.language, cues: t.cues ? t.cues.length : 0}))};
})"""


def wait_loaded(page):
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.card:not([hidden])'))
      .every(c => { const v = c.querySelector('video');
        const t = Array.from(v.textTracks).filter(t => t.kind === 'captions' &&
                                                   t.mode !== 'disabled');
        return v.readyState >= 1 && t.length === 1 && t[0].cues && t[0].cues.length > 0; })""",
                           timeout=20_000)


@pytest.mark.slow
def test_gallery_plays_every_video_with_captions(site):
    out, url = site
    manifest = Manifest.from_file(out / "manifest.json")
    durations = {(e.job.scene_id, e.job.lang): e.duration for e in manifest.entries.values()}
    errors = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)

        for lang in ("en", "zh"):
            page.select_option("#lang", lang)
            wait_loaded(page)
            cards = page.evaluate(STATE)
            assert {c["scene"] for c in cards} == {"dying-relu", "activation-relu"}
            for c in cards:
                assert c["lang"] == lang and f"/{lang}/" in c["src"]
                assert c["ready"] >= 1
                assert c["duration"] == pytest.approx(durations[(c["scene"], lang)], abs=0.05)
                assert [t["lang"] for t in c["tracks"]] == [lang] and c["tracks"][0]["cues"] > 3
                expected = load_text(CAT.get(c["scene"]), lang, CAT.content_dir)["title"]
                assert c["title"] == expected
            assert page.title() == load_gallery_text(lang, CAT.content_dir)["page_title"]
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"gallery-{lang}.png"), full_page=True)
        browser.close()
    assert errors == []


@pytest.mark.slow
def test_a_narrated_video_plays_its_sound_and_its_chapters_seek(site):
    out, url = site
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == "dying-relu" and e.job.lang == "en")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=[*FLAGS, "--autoplay-policy=no-user-gesture-required"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.select_option("#lang", "en")
        card = page.locator('.card[data-scene="dying-relu"]:not([hidden])')
        chapters = card.evaluate("""c => new Promise(done => {
            const t = Array.from(c.querySelector('video').textTracks)
              .find(t => t.kind === 'chapters');
            t.mode = 'hidden';
            const poll = () => t.cues && t.cues.length ? done(Array.from(t.cues)
              .map(q => [q.startTime, q.text])) : setTimeout(poll, 50);
            poll(); })""")
        assert [c[1] for c in chapters] == [c["text"] for c in entry.chapters]
        buttons = card.locator("ol.chapters button")
        assert buttons.count() == len(entry.chapters)
        buttons.nth(2).click()
        page.wait_for_function("""() => { const v = document.querySelector(
            '.card[data-scene="dying-relu"]:not([hidden]) video');
            return !v.paused && v.webkitAudioDecodedByteCount > 0; }""", timeout=20_000)
        now = card.evaluate("c => c.querySelector('video').currentTime")
        assert entry.chapters[2]["start"] <= now < entry.chapters[2]["start"] + 5
        transcript = card.locator("details.transcript p").all_text_contents()
        assert transcript == [c["text"] for c in entry.cues]
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844},
                                      {"width": 1280, "height": 800}], ids=["phone", "desk"])
def test_captions_sit_under_the_picture_never_over_its_numbers(site, viewport):
    """Frames with captions on and off are the same pixels; the caption is the cue of the
    moment, in a line under the video; on a phone the video spans the screen."""
    out, url = site
    entry = next(e for e in Manifest.from_file(out / "manifest.json").entries.values()
                 if e.job.scene_id == "activation-relu" and e.job.lang == "en")
    cue = next(c for c in entry.cues if any(ch.isdigit() for ch in c["text"])
               or c["end"] - c["start"] > 2)
    card = '.card[data-scene="activation-relu"]:not([hidden])'
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        page = browser.new_page(viewport=viewport)
        page.goto(url + "?lang=en")
        wait_loaded(page)
        at = (cue["start"] + cue["end"]) / 2
        page.evaluate(f"""() => new Promise(done => {{
            const v = document.querySelector('{card} video');
            v.addEventListener('seeked', () => setTimeout(done, 300), {{once: true}});
            v.currentTime = {at}; }})""")
        line = page.locator(f"{card} .caption-line")
        page.wait_for_function(f"document.querySelector('{card} .caption-line').textContent "
                               f"!== ''")
        assert line.text_content() == cue["text"]
        video = page.locator(f"{card} video").bounding_box()
        below = line.bounding_box()
        assert below["y"] >= video["y"] + video["height"] - 0.5  # under the picture
        if viewport["width"] == 390:
            assert video["width"] == pytest.approx(390, abs=0.5)  # as wide as the screen
        page.evaluate(f"document.querySelector('{card} video').controls = false")  # the frame
        with_captions = page.locator(f"{card} video").screenshot()
        page.evaluate(f"""() => Array.from(document.querySelector('{card} video').textTracks)
            .filter(t => t.kind === 'captions').forEach(t => {{ t.mode = 'disabled'; }})""")
        page.wait_for_function(f"document.querySelector('{card} .caption-line').hidden")
        without = page.locator(f"{card} video").screenshot()
        assert with_captions == without  # nothing drawn over the frame
        ARTIFACTS.mkdir(exist_ok=True)
        page.evaluate(f"""() => Array.from(document.querySelector('{card} video').textTracks)
            .filter(t => t.language === 'en').forEach(t => {{ t.mode = 'showing'; }})""")
        page.wait_for_function(f"!document.querySelector('{card} .caption-line').hidden")
        assert line.text_content() == cue["text"]  # the line follows the track turned on
        page.locator(card).screenshot(path=str(ARTIFACTS / f"captions-{viewport['width']}.png"))
        browser.close()
