"""Plant bugs one at a time and see whether the tests notice: each mutant is an edit a real
change could make (file, old text, new text) and the tests that guard that code. Every mutant
runs in a worktree of HEAD; the tests run against it with this virtualenv. Prints JSON: each
mutant caught or survived, and the share caught. A survivor needs a test, or a reason in the
notes why it is harmless.

    python benchmarks/mutations.py              # all
    python benchmarks/mutations.py split audio  # those whose name contains a word
    python benchmarks/mutations.py unseen       # the bugs planted after issue 41's tests
    EXPLAINER_TEST_SITE=/tmp/site python benchmarks/mutations.py graded  # after issue 39's
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from worktree import HERE, checkout, env_for

PAGES = "explainer/course/templates/"
JS, CSS = PAGES + "checkpoints.js", PAGES + "course.css"
GALLERY, PLAYER = PAGES + "gallery.html", PAGES + "scorm_player.html"
GRADING = "tests/gallery/test_grading_browser_slow.py"
RUNTIME = "tests/course/test_scorm_runtime_slow.py"
RETAKE = "test_a_wrong_first_answer_then_a_retake_kept_at_its_best"
ATTEMPTS = "test_attempts_run_out_the_last_counts_and_a_learner_keeps_their_order"
ONCE = "test_a_stop_is_asked_once_and_the_end_screen_offers_a_retake"

# name, file, old, new, tests (the fewest that guard it: the mutation run is a habit, not a
# CI job; a browser test renders its small site once per mutant, about a minute)
MUTANTS = [
    ("split: a one-chapter video splits", "explainer/render/split.py",
     "return item.chapters > 1 and", "return item.chapters > 0 and",
     ["tests/render/test_split.py"]),
    ("split: --split 0 accepted", "explainer/render/split.py",
     'and int(value) >= 1:', 'and int(value) >= 0:', ["tests/render/test_split.py"]),
    ("split: more runs than chapters", "explainer/render/split.py",
     "n = max(1, min(n, len(weights)))", "n = max(1, n)", ["tests/render/test_split.py"]),
    ("split: the last chunk stops at its chapter", "explainer/render/split.py",
     "runs[-1] = (runs[-1][0], TO_THE_END)", "runs[-1] = (runs[-1][0], runs[-1][1])",
     ["tests/render/test_split.py"]),
    ("cache: eviction ignores a holder", "explainer/cache.py",
     "        if not got:\n            return Eviction(0, 0, total, deferred=True)",
     "        if False:\n            return Eviction(0, 0, total, deferred=True)",
     ["tests/render/test_cache.py"]),
    ("job: renders without holding the cache", "explainer/render/job_process.py",
     "    with cache.in_use():  # no eviction", "    with open(__file__):  # no eviction",
     ["tests/render/test_cache.py"]),
    ("cache: a holder takes no lock", "explainer/cache.py",
     "with _lock(root or settings.cache_dir(), fcntl.LOCK_SH):",
     "with _lock(root or settings.cache_dir(), fcntl.LOCK_UN):", ["tests/render/test_cache.py"]),
    ("cache: evicts the newest first", "explainer/cache.py",
     "key=lambda item: item[1].st_mtime)", "key=lambda item: -item[1].st_mtime)",
     ["tests/render/test_cache.py"]),
    ("cache: a negative limit accepted", "explainer/cache.py",
     "if not 0 <= value < 1e9:", "if not value < 1e9:", ["tests/render/test_cache.py"]),
    ("formula: a pole accepted", "explainer/core/formula_check.py",
     "    if poles:\n", "    if False:\n", ["tests/core/test_formula.py"]),
    ("formula: a wrong derivative accepted", "explainer/core/formula_check.py",
     "if not np.allclose(df(grid), central, rtol=1e-4, atol=1e-6):",
     "if not np.allclose(df(grid), central, rtol=1e-1, atol=1e-1):",
     ["tests/core/test_formula.py"]),
    ("questions: a repeated choice accepted", "explainer/content/questions.py",
     "if len(set(value)) != len(value):", "if False:", ["tests/content/test_questions.py"]),
    ("questions: an answer not among the choices", "explainer/content/questions.py",
     'if kind == "choice" and table["answer"] not in table["choices"]:', "if False:",
     ["tests/content/test_questions.py"]),
    ("questions: an unknown chapter accepted", "explainer/content/questions.py",
     "    if chapter not in chapters:", "    if False:", ["tests/content/test_questions.py"]),
    ("voice: the clip keyed by its line, not what is said", "explainer/voice/narration.py",
     "json.dumps([text, self.lang,", "json.dumps([key, self.lang,",
     ["tests/voice/test_identities.py", "tests/voice/test_lexicon.py"]),
    ("voice: the voice left out of the identity", "explainer/voice/narration.py",
     "self.engine.version(), self.engine.voice(self.lang)]",
     "self.engine.version()]", ["tests/voice/test_identities.py"]),
    ("voice: Kokoro's speed left out of its version", "explainer/voice/kokoro.py",
     ' speed={self.speed}")', '")', ["tests/voice/test_identities.py"]),
    ("voice: Piper's speed left out of its version", "explainer/voice/engines.py",
     'f"speaker={self.speaker} speed={self.speed}")', 'f"speaker={self.speaker}")',
     ["tests/voice/test_identities.py"]),
    ("voice: Piper's speed inverted", "explainer/voice/engines.py",
     "length_scale=1.0 / self.speed)", "length_scale=self.speed)",
     ["tests/voice/test_identities.py"]),
    ("voice: a changed style file accepted", "explainer/voice/kokoro.py",
     "!= pinned_styles()[style]:", "== 'never':", ["tests/voice/test_kokoro.py"]),
    ("voice: espeak allowed for Chinese", "explainer/voice/choice.py",
     'UNINTELLIGIBLE_ESPEAK = ("zh",)', "UNINTELLIGIBLE_ESPEAK = ()",
     ["tests/voice/test_kokoro.py"]),
    ("audio: whole-line scale instead of a limiter", "explainer/voice/audio.py",
     "        out = limit(out * 10 ** ((TARGET_LUFS - loudness(out)) / 20))",
     "        out = out * 10 ** ((TARGET_LUFS - loudness(out)) / 20)\n"
     "        out = out * min(1.0, LIMIT / max(np.max(np.abs(out)), 1e-12))",
     ["tests/voice/test_audio.py"]),
    ("audio: no fade", "explainer/voice/audio.py", "    if fade:\n", "    if False:\n",
     ["tests/voice/test_audio.py"]),
    ("determinism: the user's hash seed wins", "explainer/render/local.py",
     "{**ONE_THREAD, **os.environ, **FIXED}", "{**ONE_THREAD, **FIXED, **os.environ}",
     ["tests/render/test_determinism.py"]),
    ("determinism: x264 gets AVX-512", "explainer/render/cpu.py",
     '"abm": "LZCNT"}', '"abm": "LZCNT", "avx512f": "AVX512"}',
     ["tests/render/test_determinism.py"]),
    ("determinism: the key ignores the Manim settings", "explainer/render/keys.py",
     '        "manim": manim,\n', "", ["tests/render/test_determinism.py"]),
    ("determinism: settings left out of the plan", "explainer/render/plan.py",
     '                "manim": self.manim}', "}", ["tests/render/test_determinism.py"]),
    ("outputs: the poster from the title card", "explainer/render/outputs.py",
     "if c.key != TITLE_CHAPTER", "if c.key", ["tests/render/test_determinism.py"]),
    ("separability: accuracy of the first weights", "explainer/core/separability.py",
     "def accuracy(self, index: int = -1)", "def accuracy(self, index: int = 0)",
     ["tests/scenes/test_dry_run.py::test_decision_boundary_shows_the_cores_accuracies"]),
    ("separability: accuracy against the other class", "explainer/core/separability.py",
     "> 0.5) == (y == 1)))", "> 0.5) == (y == 0)))",
     ["tests/scenes/test_dry_run.py::test_decision_boundary_shows_the_cores_accuracies"]),
    ("chapters: one checkpoint too many accepted", "explainer/kit/chapters.py",
     "            if len(made) == len(declared):", "            if False:",
     ["tests/scenes/test_chapters_declared.py"]),
    ("chapters: a scene ending short accepted", "explainer/kit/chapters.py",
     "if declared and self.chunk is None and self.made != list(declared):", "if False:",
     ["tests/scenes/test_chapters_declared.py"]),
    ("line: a silent line not held for its reading time", "explainer/kit/narration.py",
     "        if not speech:  # silent", "        if False:  # silent",
     ["tests/scenes/test_narration_timing.py"]),
    ("readout: proportional digits", "explainer/kit/readout.py",
     "cell = self.cell if ch in DIGITS else leaf.width", "cell = leaf.width",
     ["tests/scenes/test_readout.py"]),
    ("readout: digits not centred in their cells", "explainer/kit/readout.py",
     "return Glyph(shape, cell, (cell - leaf.width) / 2, leaf)",
     "return Glyph(shape, cell, 0.0, leaf)", ["tests/scenes/test_readout.py"]),
    # the course: the model, the exports and the pages' own code (checkpoints.js, the SCORM
    # player), the last judged in Chromium against the rendered site of the browser tests
    ("lesson: the blurriest video is the best", "explainer/course/lesson.py",
     "return found[-1] if found else None", "return found[0] if found else None",
     ["tests/course/test_lesson.py"]),
    ("lesson: the light theme before the dark", "explainer/course/lesson.py",
     '"-" not in r.view, r.view', "r.view", ["tests/course/test_lesson.py"]),
    ("anki: the GUID from the prompt", "explainer/course/anki.py",
     'genanki.guid_for("explainer", lang, q.id)', 'genanki.guid_for("explainer", lang, q.prompt)',
     ["tests/course/test_anki.py"]),
    ("anki: choices as written", "explainer/course/anki.py",
     'for c in stable_order(q))', "for c in q.choices)", ["tests/course/test_anki.py"]),
    ("drill: choices as written", "explainer/course/drill.py",
     "for c in stable_order(q))", "for c in q.choices)", ["tests/gallery/test_gallery.py"]),
    ("scorm: files unpack as 0600", "explainer/course/scorm.py",
     "0o100644 << 16", "0o100600 << 16", ["tests/course/test_scorm.py"]),
    ("js: a prompt set as markup", JS, "node.textContent = text; }", "node.innerHTML = text; }",
     [GRADING + "::test_hostile_content_shows_as_text"]),
    ("js: choices not shuffled", JS,
     "var order = choiceOrder(q, options.learner, options.attempt());",
     "var order = q.choices.slice();", [RUNTIME + "::" + ATTEMPTS]),
    ("js: a stop asked again after Continue (the old bug)", JS,
     "if (last < end && now >= end)", "if (last < stops[i].end && now >= end)",
     [GRADING + "::" + ONCE]),
    ("js: focus on the first choice after a right answer", JS,
     "if (right) { settle(true); focusIn(next); }",
     "if (right) { settle(true); focusIn(box.querySelector(\"button\")); }",
     [GRADING + "::" + ONCE]),
    ("js: a late right answer counts", JS,
     "if (first && right !== null) { answers[q.id] = {right: right, response: response}; }",
     "if (right !== null) { answers[q.id] = {right: right, response: response}; }",
     [GRADING + "::" + ONCE]),
    ("js: the question over the video on a phone", CSS,
     "  .checkpoint { position: static; overflow: visible; margin-top: .5rem;",
     "  .checkpoint { margin-top: .5rem;",
     [GRADING + "::test_a_phone_shows_the_question_whole_under_the_video"]),
    ("js: the language not remembered", GALLERY,
     "remember(langSelect.value); apply(); });", "apply(); });",
     [GRADING + "::test_the_language_comes_from_the_link_and_is_remembered"]),
    ("scorm js: the score from every answer", PLAYER,
     "if (answer.first && isGraded(q)) {", "if (isGraded(q)) {", [RUNTIME + "::" + RETAKE]),
    ("scorm js: the last attempt kept, always", PAGES + "grading.js",
     'return rule === "last" ? percents[percents.length - 1] : Math.max.apply(null, percents);',
     "return percents[percents.length - 1];", [RUNTIME + "::" + RETAKE]),
    ("scorm js: a wrong answer recorded as correct", PLAYER,
     'answer.right ? "correct" : "wrong"', '"correct"', [RUNTIME + "::" + RETAKE]),
    ("scorm js: one attempt too many", PLAYER,
     "lesson.attempts - state.n : Infinity", "lesson.attempts - state.n + 1 : Infinity",
     [RUNTIME + "::" + ATTEMPTS]),
    ("scorm js: the order ignores the learner", PLAYER, "    learner: student,",
     '    learner: "learner",', [RUNTIME + "::" + ATTEMPTS]),
]


# Bugs planted after the tests of issue 41 were written, in code those tests were not written
# for, each judged by the whole fast suite (FAST), not by tests chosen for it: what a change
# to that code would meet in `make test` before its slow half. Realistic slips: a sign, a
# unit, a scale, a dropped escape, a guard removed, a wrong default.
FAST = ["-m", "not slow"]
NUMBERS, CAPTIONS = "explainer/content/numbers.py", "explainer/captions.py"
UNSEEN = [
    ("unseen: 10⁻⁶ written as 10⁶", NUMBERS, 'ten = "10" + str(power).translate(SUPERSCRIPT)',
     'ten = "10" + str(abs(power)).translate(SUPERSCRIPT)', FAST),
    ("unseen: a minus in a mantissa left as a hyphen", NUMBERS,
     '    mantissa = mantissa.replace("-", "−")\n', "", FAST),
    ("unseen: WebVTT times with a comma", CAPTIONS, '{s:02d}.{ms:03d}"', '{s:02d},{ms:03d}"',
     FAST),
    ("unseen: WebVTT minutes of 6 s", CAPTIONS, "m, rest = divmod(rest, 60_000)",
     "m, rest = divmod(rest, 6_000)", FAST),
    ("unseen: recaptioned numbers lost", CAPTIONS,
     "Cue(fill(text[c.key], c.values), c.start", "Cue(fill(text[c.key], {k: 0 for k in "
     "c.values}), c.start", FAST),
    ("unseen: a number format's precision unbounded", "explainer/content/text.py",
     "if width > MAX_WIDTH or precision > MAX_PRECISION:", "if width > MAX_WIDTH:", FAST),
    ("unseen: text of any length", "explainer/content/text.py", "if len(value) > MAX_TEXT:",
     "if len(value) > MAX_TEXT * 1000:", FAST),
    ("unseen: an empty range accepted", "explainer/content/params.py",
     'if self.kind == "range" and not value[0] < value[1]:',
     'if self.kind == "range" and not value[0] <= value[1]:', FAST),
    ("unseen: an infinite parameter accepted", "explainer/content/params.py",
     "        if not math.isfinite(value):", "        if math.isnan(value):", FAST),
    ("unseen: Chinese read ten times faster", "explainer/kit/narration.py",
     'READING = {"word": 1 / 2.6, "cjk": 1 / 4.5}', 'READING = {"word": 1 / 2.6, "cjk": 1 / 45}',
     FAST),
    ("unseen: no breath between lines", "explainer/kit/narration.py",
     "BREATH = 0.3  #", "BREATH = 0.0  #", FAST),
    ("unseen: a chapter's numbers not in its title", "explainer/kit/chapters.py",
     "Cue(self.spec.t(key, **values), start,", "Cue(self.spec.t(key), start,", FAST),
    ("unseen: the title card counted as a chapter's start", "explainer/kit/chapters.py",
     "start = self.chapters[-1].end if self.chapters else 0.0",
     "start = self.chapters[-1].start if self.chapters else 0.0", FAST),
    ("unseen: chapter keys keep their prefix", "explainer/course/lesson.py",
     'c.get("key", "").removeprefix("chapters.")', 'c.get("key", "")', FAST),
    ("unseen: the course title without its language", "explainer/course/lesson.py",
     "return f\"{self.words[lang]['page_title']} ({self.names[lang]})\"",
     "return self.words[lang]['page_title']", FAST),
    ("unseen: JSON in a page closes on <!--", "explainer/course/escape.py",
     '.replace("<", "\\\\u003c")', '.replace("</", "<\\\\/")', FAST),
    ("unseen: paths in pages not percent-encoded", "explainer/course/escape.py",
     "return escape(quote(path), quote=True)", "return escape(path, quote=True)", FAST),
    ("unseen: the drill's answer unescaped", "explainer/course/drill.py",
     "<p><strong>{html(q.answer)}</strong>", "<p><strong>{q.answer}</strong>", FAST),
    ("unseen: mp4 announced with another type", "explainer/render/formats.py",
     'mime="video/mp4"', 'mime="video/mpeg4"', FAST),
    ("unseen: a log line without the theme", "explainer/cli/progress.py",
     "((job.theme, \"dark\"), (job.format, \"mp4\"))", "((job.format, \"mp4\"),)", FAST),
    ("unseen: list --json with absolute paths", "explainer/listing.py",
     '"path": job.output(out).relative_to(out).as_posix()', '"path": str(job.output(out))',
     FAST),
    ("unseen: check counts every question as a choice", "explainer/check.py",
     'kinds = ", ".join(f"{sum(q.kind == kind for q in asked)} {kind}"',
     'kinds = ", ".join(f"{len(asked) if kind == \'choice\' else 0} {kind}"', FAST),
    ("unseen: new accepts an id with capitals", "explainer/scaffold.py",
     "    if not SCENE_ID.fullmatch(scene_id):", "    if not scene_id:", FAST),
    ("unseen: new overwrites a scene's table", "explainer/scaffold.py",
     'if re.search(rf"^\\[{re.escape(scene_id)}[.\\]]", text, re.M):', "if False:", FAST),
    ("unseen: narration 7 LU quieter", "explainer/voice/audio.py", "TARGET_LUFS = -16.0",
     "TARGET_LUFS = -23.0", FAST),
    ("unseen: --voice kokoro keeps another engine", "explainer/voice/choice.py",
     'if mode == "kokoro" and voice["engine"] != "kokoro":', "if False:", FAST),
    ("unseen: softmax temperature sharpens", "explainer/core/softmax.py",
     "scaled = np.asarray(z, dtype=np.float64) / temperature",
     "scaled = np.asarray(z, dtype=np.float64) * temperature", FAST),
    ("unseen: He initialisation as LeCun's", "explainer/core/init.py",
     "return float(np.sqrt(2.0 / fan_in))", "return float(np.sqrt(1.0 / fan_in))", FAST),
    ("unseen: a dead region where the slope is small", "explainer/core/regions.py",
     "_regions(lambda x: act.df(x) == 0.0, x_range)",
     "_regions(lambda x: np.abs(act.df(x)) < 1e-3, x_range)", FAST),
    ("unseen: a voice clip starts a frame late", "explainer/render/video.py",
     "track = track.overlay(clip, position=int(1000 * start))",
     "track = track.overlay(clip, position=int(1000 * start) + 40)", FAST),
    ("unseen: scenes out of course order", "explainer/catalog.py",
     "    entries.sort(key=lambda e: e.order)", "    entries.sort(key=lambda e: e.id)", FAST),
    ("unseen: the SCORM score as a fraction", PAGES + "grading.js",
     "percent: graded.length ? Math.round(100 * right / graded.length) : null};",
     "percent: graded.length ? right / graded.length : null};", FAST),
    ("unseen: chapter buttons round down", PLAYER, "var at = Math.round(c.start);",
     "var at = Math.floor(c.start);", FAST),
    ("unseen: ELU's slope at its kink", "explainer/core/activations.py",
     "return np.where(x > 0.0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))",
     "return np.where(x >= 0.0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))", FAST),
]


# Bugs planted after issue 39's tests, in the grading a learner and a teacher see: each judged
# first by the fast suite's tests of the course, content and scenes, then (if they pass) by the
# browser tests in Chromium, against the site $EXPLAINER_TEST_SITE names (rendered once, see
# tests/gallery/conftest.py) so a mutant costs its tests, not a render.
PAGES_FIRST = "graded"
JS_GRADING = PAGES + "grading.js"
NEAR_PAGES = [*FAST, "tests/course", "tests/gallery", "tests/content", "tests/cli/test_new.py",
              "tests/scenes/test_dry_run.py::test_the_layout_check_catches_a_number_too_small"
              "_for_a_phone"]
BROWSER = ["-m", "slow", "tests/gallery", "tests/course/test_scorm_runtime_slow.py"]
GRADED = [
    ("graded: a recall question counted in the score", JS_GRADING,
     "var graded = questions.filter(isGraded),", "var graded = questions.slice(),", PAGES_FIRST),
    ("graded: a skipped question counted as missed", JS_GRADING,
     "if (!a) { unanswered.push(q); }", "if (!a) { missed.push(q); }", PAGES_FIRST),
    ("graded: a retake may leave the answer in place", JS_GRADING,
     "if (at === before && order.length > 1) {", "if (false) {", PAGES_FIRST),
    ("graded: a decimal comma refused", JS_GRADING,
     'if (/^[-+]?\\d+,\\d+$/.test(t)) { t = t.replace(",", "."); }', "", PAGES_FIRST),
    ("graded: the tolerance's edge is wrong", JS_GRADING,
     "Math.abs(value - q.value) <= q.tolerance", "Math.abs(value - q.value) < q.tolerance",
     PAGES_FIRST),
    ("graded: the best attempt is the worst", JS_GRADING,
     ": Math.max.apply(null, percents);", ": Math.min.apply(null, percents);", PAGES_FIRST),
    ("graded: a number's answer may differ by language", "explainer/content/questions.py",
     'shared = SHARED + (SHARED_NUMBERS if table.get("kind") == "number" else ())',
     "shared = SHARED", PAGES_FIRST),
    ("graded: Python ignores the tolerance", "explainer/content/questions.py",
     "<= self.tolerance + 1e-9", "<= 1e-9", PAGES_FIRST),
    ("graded: complete with questions unanswered", PLAYER,
     'if (score() === null) { return "incomplete"; }',
     'if (score() === null) { return "completed"; }', PAGES_FIRST),
    ("graded: a number reported as a choice", PLAYER,
     '{choice: "choice", number: "numeric"}[q.kind] || "likert"',
     'q.kind === "choice" ? "choice" : "likert"', PAGES_FIRST),
    ("graded: seeking back asks as new", JS,
     "var done = q.id in answers || q.id in rated;", "var done = false;", PAGES_FIRST),
    ("graded: Tab leaves the open question", JS,
     "if (all.length && e.shiftKey && at <= 0)", "if (false)", PAGES_FIRST),
    ("graded: disabled choices faded", CSS, "color: var(--muted); opacity: 1;",
     "color: var(--muted); opacity: .5;", PAGES_FIRST),
    ("graded: the box stays over the video", JS, '      overlay.classList.add("below");',
     "", PAGES_FIRST),
    ("graded: captions drawn over the picture", JS, '        t.mode = "hidden";', "",
     PAGES_FIRST),
    ("graded: a smaller least digit", "explainer/testing.py", "MIN_DIGIT_PX = 6.0",
     "MIN_DIGIT_PX = 4.0", PAGES_FIRST),
    ("graded: tick numbers back at 24", "explainer/kit/theme.py", "NUMBER_SIZE = 31",
     "NUMBER_SIZE = 24", PAGES_FIRST),
    ("graded: a new scene with one question", "explainer/scaffold.py",
     "    for qid, table in questions(scene_id).items():",
     "    for qid, table in list(questions(scene_id).items())[:1]:", PAGES_FIRST),
]


def pytest(tree: Path, tests: list[str], workers: str = "") -> subprocess.CompletedProcess[str]:
    # a basetemp of its own: a new pytest session otherwise prunes the oldest folders under
    # /tmp/pytest-of-USER, which may be a running `make test`'s; the whole fast suite on
    # both cores, a chosen few on one
    workers = workers or ("2" if tests == FAST else "0")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-n", workers, "-p",
                           "no:cacheprovider", "--basetemp", str(tree.parent / "pytest"),
                           *tests], cwd=tree, env=env_for(tree),
                          capture_output=True, text=True, check=False, timeout=1800)


# Where the fast suite's tests of a package sit: a mutant judged by the whole fast suite is
# first run against these (a failure there is a failure of the fast suite, found sooner); only
# if they pass does the rest of the suite run.
NEAR = {"explainer/content": ["tests/content"], "explainer/kit": ["tests/scenes"],
        "explainer/course": ["tests/course", "tests/gallery"], "explainer/render": ["tests/render"],
        "explainer/voice": ["tests/voice"], "explainer/core": ["tests/core"],
        "explainer/cli": ["tests/cli"]}


def near(rel: str) -> list[str]:
    folder = rel.rsplit("/", 1)[0]
    return [*FAST, *NEAR.get(folder, ["tests/cli", "tests/test_fix_commands.py"])]


def judged(tree: Path, rel: str, tests: list[str] | str) -> subprocess.CompletedProcess[str]:
    """The tests' verdict on a planted bug; for the whole fast suite, its nearest tests first;
    for a graded one, the fast tests of the course, then the browser's."""
    if tests == PAGES_FIRST:
        first = pytest(tree, NEAR_PAGES, workers="2")
        if first.returncode != 0:
            first.stdout += "\ncaught by: fast"
            return first
        second = pytest(tree, BROWSER, workers="2")
        second.stdout += "\ncaught by: " + ("browser" if second.returncode else "none")
        return second
    if tests == FAST:
        first = pytest(tree, near(rel), workers="2")
        if first.returncode != 0:
            return first
    return pytest(tree, tests)


def run(mutant: tuple[str, str, str, str, list[str] | str], tree: Path,
        control: dict[str, bool]) -> dict[str, object]:
    name, rel, old, new, tests = mutant
    path = tree / rel
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        return {"mutant": name, "result": "not planted: the old text is not found once"}
    key = " ".join(tests) if isinstance(tests, list) else tests
    if key not in control:  # the tests pass on the code as it is, or a catch means nothing
        proc = judged(tree, "", tests) if tests == PAGES_FIRST else pytest(tree, tests)
        control[key] = proc.returncode == 0
        if not control[key]:
            print(proc.stdout[-6000:], file=sys.stderr)  # what failed with no bug planted
    if not control[key]:
        return {"mutant": name, "result": f"not planted: {key} fails without a mutant"}
    path.write_text(text.replace(old, new), encoding="utf-8")
    start = time.perf_counter()
    try:
        proc = judged(tree, rel, tests)
    finally:
        path.write_text(text, encoding="utf-8")
    caught = proc.returncode != 0
    lines = proc.stdout.strip().splitlines() if proc.stdout else []
    return {"mutant": name, "result": "caught" if caught else "SURVIVED",
            "seconds": round(time.perf_counter() - start, 1), "tail": lines[-1:],
            # which tests caught it: a catch by a test that has nothing to do with the bug
            # is a flaky test, not a catch
            "failed": [x.split(" - ")[0].removeprefix("FAILED ") for x in lines
                       if x.startswith(("FAILED", "ERROR"))]}


def main() -> None:
    words = sys.argv[1:]
    chosen = [m for m in [*MUTANTS, *UNSEEN, *GRADED]
              if not words or any(w in m[0] for w in words)]
    with checkout("HEAD") as tree:
        (tree / ".venv").symlink_to(HERE / ".venv")  # the npm packages the browser tests use
        rows: list[dict[str, object]] = []
        control: dict[str, bool] = {}
        for mutant in chosen:
            rows.append(run(mutant, tree, control))
            print(json.dumps(rows[-1]), file=sys.stderr)
    planted = [r for r in rows if r["result"] in ("caught", "SURVIVED")]
    caught = sum(r["result"] == "caught" for r in planted)
    print(json.dumps({"mutants": rows, "planted": len(planted), "caught": caught,
                      "share": round(caught / max(1, len(planted)), 3)}, indent=1))


if __name__ == "__main__":
    main()
