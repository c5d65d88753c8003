// Checkpoints: where a question's chapter ends, the video pauses and the question appears over
// it (under it on a narrow screen); at the end of the video, the score and a retake. Shared by
// the gallery page and the SCORM player; content text is set with textContent only, never as
// markup.
function el(tag, cls, text) {
  var node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text !== undefined) { node.textContent = text; }  // content is text, never markup
  return node;
}

// Stops in time order: each chapter end where questions are asked, with its questions.
function checkpointsFor(chapters, questions) {
  var stops = [];
  questions.forEach(function (q) {
    var chapter = chapters.filter(function (c) { return c.key === q.chapter; })[0];
    if (!chapter) { return; }
    var stop = stops.filter(function (s) { return s.end === chapter.end; })[0];
    if (!stop) { stop = {start: chapter.start, end: chapter.end, questions: []}; stops.push(stop); }
    stop.questions.push(q);
  });
  return stops.sort(function (a, b) { return a.end - b.end; });
}

// The page's own full screen for a player: the video and its question layer together. The
// video's native full screen (which would leave the questions behind) is redirected here.
function setUpFullscreen(player, button) {
  var video = player.querySelector("video");
  function toggle() {
    if (document.fullscreenElement) { return document.exitFullscreen().catch(function () {}); }
    if (player.requestFullscreen) { return player.requestFullscreen().catch(function () {}); }
  }
  if (button) { button.addEventListener("click", toggle); }
  video.addEventListener("dblclick", function (e) { e.preventDefault(); toggle(); });
  document.addEventListener("fullscreenchange", function () {
    if (document.fullscreenElement === video) {
      document.exitFullscreen().then(function () { return player.requestFullscreen(); })
        .catch(function () {});
    }
  });
}

// Captions under the picture, never over its numbers: the page shows the active cue of the
// captions track the learner turned on in a line of its own below the video; the track stays
// "hidden" (its cues still change). The video's own captions menu turns the line on and off.
function setUpCaptionLine(player) {
  var video = player.querySelector("video");
  var line = el("p", "caption-line");
  line.setAttribute("aria-hidden", "true");  // the transcript and the voice say it already
  video.after(line);
  var on = null;  // the track whose cues the line shows
  function show() {
    var cues = on && on.activeCues ? Array.prototype.map.call(on.activeCues, function (c) {
      return c.text;
    }) : [];
    line.textContent = cues.join(" ");
    line.hidden = !on;
  }
  function sync() {
    Array.prototype.forEach.call(video.textTracks, function (t) {
      if (t.kind !== "captions" && t.kind !== "subtitles") { return; }
      if (t.mode === "showing") {
        if (on && on !== t) { on.removeEventListener("cuechange", show); }
        if (on !== t) { t.addEventListener("cuechange", show); }
        on = t;
        t.mode = "hidden";
      } else if (t === on && t.mode === "disabled") {
        t.removeEventListener("cuechange", show);
        on = null;
      }
    });
    show();
  }
  video.textTracks.addEventListener("change", sync);
  video.textTracks.addEventListener("addtrack", sync);
  sync();
}

// card: an element holding .player > video and a heading; lesson: {scene, title, chapters,
// questions}; options: words() the UI words; enabled() whether to stop; learner the text
// choices are shuffled by, attempt() this attempt's number; answered: this attempt's first
// answers already given ({id: {right, response}}); onAnswer(q, answer) with answer =
// {response, right (null for a self-rating), first, latency (ms)}; ending() whether to show
// the end screen; retake() called before the questions are asked again; attemptsLeft();
// recorded() the score an LMS keeps, {percent (or null), rule: "best" | "last"}, or null.
function setUpCheckpoints(card, lesson, options) {
  var video = card.querySelector("video");
  var player = card.querySelector(".player");
  var stops = checkpointsFor(lesson.chapters, lesson.questions);
  var answers = {};  // this attempt's first answers: id -> {right, response}
  var rated = {};  // self-ratings of recall questions: id -> "1" | "0"
  Object.keys(options.answered || {}).forEach(function (id) { answers[id] = options.answered[id]; });
  var level = Math.min(6, Number((card.querySelector("h1, h2, h3") || {tagName: "H2"}).tagName.charAt(1)) + 1);
  var overlay = el("div", "checkpoint");
  overlay.hidden = true;
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-modal", "true");
  player.appendChild(overlay);
  var onEscape = null;
  // A dialog's focus rules: Tab and Shift+Tab go round its own controls, focus that lands
  // outside while it is open comes back, Esc leaves it.
  function focusables() {
    return Array.prototype.filter.call(overlay.querySelectorAll("button, input, a[href]"), function (n) {
      return !n.disabled && n.getClientRects().length > 0;
    });
  }
  overlay.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && onEscape) { e.preventDefault(); onEscape(); }
    else if (e.key === "Tab") {
      var all = focusables(), at = all.indexOf(document.activeElement);
      if (all.length && e.shiftKey && at <= 0) { e.preventDefault(); all[all.length - 1].focus(); }
      else if (all.length && !e.shiftKey && at === all.length - 1) { e.preventDefault(); all[0].focus(); }
    }
    e.stopPropagation();  // keys in the question are not the video's
  });
  document.addEventListener("focusin", function (e) {
    if (!overlay.hidden && !overlay.contains(e.target)) {
      var all = focusables();
      if (all.length) { all[0].focus(); }
    }
  });
  var last = video.currentTime;
  function tick() {
    if (video.paused) { return; }
    var now = video.currentTime;
    if (options.enabled()) {
      for (var i = 0; i < stops.length; i++) {
        // crossing the stop's time: paused there, playing on starts at it and crosses nothing
        var end = stops[i].end - 0.02;
        if (last < end && now >= end) {
          video.pause();
          ask(stops[i].questions, 0, function () { close(true); });
          break;
        }
      }
    }
    last = now;
    requestAnimationFrame(tick);
  }
  video.addEventListener("play", function () { last = video.currentTime; requestAnimationFrame(tick); });
  video.addEventListener("seeked", function () { last = video.currentTime; });
  video.addEventListener("ended", function () {
    if (options.ending() && overlay.hidden) { finish(); }
  });
  function close(play) {
    overlay.hidden = true;
    overlay.className = "checkpoint";
    overlay.textContent = "";
    onEscape = null;
    video.focus();
    if (play) { video.play().catch(function () {}); }
  }
  // Over the video while it fits there; under it (growing with its text) when it does not.
  function fit() {
    if (getComputedStyle(overlay).position !== "static" && overlay.scrollHeight > overlay.clientHeight + 1) {
      overlay.classList.add("below");
    }
  }
  // Placed once per question for its longest state (every part shown, the longest feedback),
  // so it does not jump from over the video to under it when the learner answers.
  function place(feedback, longest) {
    overlay.classList.remove("below");
    var hidden = Array.prototype.slice.call(overlay.querySelectorAll("[hidden]"));
    var said = feedback.textContent;
    hidden.forEach(function (n) { n.hidden = false; });
    feedback.textContent = longest;
    fit();
    hidden.forEach(function (n) { n.hidden = true; });
    feedback.textContent = said;
  }
  // Focus a control without losing the question: the box in view, its start first.
  function focusIn(node) {
    fit();
    node.focus({preventScroll: true});
    var box = overlay.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      overlay.scrollIntoView({block: box.height <= window.innerHeight ? "nearest" : "start"});
    }
  }
  function show(first) {
    overlay.hidden = false;
    focusIn(first);
  }
  function heading(text, cls) {
    var node = el("h" + level, cls, text);
    node.id = "checkpoint-" + lesson.scene + "-" + (cls || "title");
    overlay.setAttribute("aria-labelledby", node.id);
    return node;
  }
  function chapterOf(q) { return lesson.chapters.filter(function (c) { return c.key === q.chapter; })[0]; }
  function record(q, response, right, shown) {
    var first = !(q.id in answers);
    if (first && right !== null) { answers[q.id] = {right: right, response: response}; }
    if (right === null) { rated[q.id] = response; }
    if (options.onAnswer) {
      options.onAnswer(q, {response: response, right: right, first: first, latency: Date.now() - shown});
    }
  }

  // A choice question: a wrong choice is struck out and another may be tried; once answered
  // (now or before), every choice is disabled, the learner's first answer and the right one
  // marked, with the explanation.
  function choiceQuestion(q, feedback, next, shown, w) {
    var box = el("div", "choices");
    var order = choiceOrder(q, options.learner, options.attempt());
    function settle(now) {  // now: just answered right (else shown as answered before)
      var first = answers[q.id], slipped = !now && first && !first.right;
      box.querySelectorAll("button").forEach(function (b) {
        b.disabled = b.dataset.choice !== q.answer;
        if (b.dataset.choice === q.answer) { b.classList.add("right"); }
        if (first && !first.right && b.dataset.letter === first.response) { b.classList.add("wrong"); }
      });
      feedback.className = "feedback " + (slipped ? "bad" : "good");
      feedback.textContent = (slipped ? w.not_first : w.right) + " " + q.explanation;
    }
    order.forEach(function (choice) {
      var button = el("button", "choice", choice);
      button.type = "button";
      button.dataset.choice = choice;
      button.dataset.letter = String.fromCharCode(97 + q.choices.indexOf(choice));
      button.addEventListener("click", function () {
        if (button.classList.contains("right")) { return; }  // answered: nothing to change
        var right = choice === q.answer;
        record(q, button.dataset.letter, right, shown);
        if (right) { settle(true); focusIn(next); }
        else {
          button.classList.add("wrong");
          button.disabled = true;
          feedback.className = "feedback bad";
          feedback.textContent = w.wrong;
          focusIn(box.querySelector("button:not([disabled])"));
        }
      });
      box.appendChild(button);
    });
    if (q.id in answers) { settle(false); }
    return box;
  }

  // A number question: typed, read as a number (never run), right within its tolerance.
  function numberQuestion(q, feedback, next, shown, w) {
    var form = el("form", "number");
    var id = "answer-" + lesson.scene + "-" + q.id;
    var label = el("label", "", w.your_answer);
    label.htmlFor = id;
    var input = el("input");
    input.id = id; input.type = "text"; input.inputMode = "decimal"; input.autocomplete = "off";
    input.spellcheck = false;
    var check = el("button", "check", w.check_answer);
    check.type = "submit";
    var reveal = el("button", "show", w.show_answer);
    reveal.type = "button";
    reveal.hidden = true;
    function settle(right, response) {
      input.value = response.replace(/^-/, "\u2212");
      input.disabled = true; check.disabled = true; reveal.hidden = true;
      feedback.className = "feedback " + (right ? "good" : "bad");
      feedback.textContent = (right ? w.right : w.not_first + " " + w.answer + ": " + q.answer_text + ".") +
        " " + q.explanation;
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = parseNumber(input.value);
      if (isNaN(value)) {
        feedback.className = "feedback bad";
        feedback.textContent = w.not_a_number;
        return;
      }
      var right = rightNumber(q, value);
      record(q, String(value), right, shown);
      if (right) { settle(true, input.value); focusIn(next); }
      else {
        feedback.className = "feedback bad";
        feedback.textContent = w.wrong_number;
        reveal.hidden = false;
        fit();
        input.select();
      }
    });
    reveal.addEventListener("click", function () {
      if (!(q.id in answers)) { record(q, "", false, shown); }
      settle(false, answers[q.id].response);
      focusIn(next);
    });
    form.appendChild(label);
    var row = el("div", "row");
    row.appendChild(input); row.appendChild(check); row.appendChild(reveal);
    form.appendChild(row);
    if (q.id in answers) { settle(answers[q.id].right, answers[q.id].response); }
    return form;
  }

  // A recall question: the model answer on request, then the learner rates themselves.
  function recallQuestion(q, next, again, shown, w) {
    var box = el("div", "recall");
    var reveal = el("button", "show", w.show_answer);
    reveal.type = "button";
    var answer = el("p", "model-answer", q.model_answer);
    var judge = el("div", "row judge");
    [["got_it", "got", "1"], ["not_yet", "not-yet", "0"]].forEach(function (pair) {
      var b = el("button", pair[1], w[pair[0]]);
      b.type = "button";
      b.setAttribute("aria-pressed", String(rated[q.id] === pair[2]));
      b.addEventListener("click", function () {
        judge.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
        record(q, pair[2], null, shown);
        focusIn(pair[1] === "got" ? next : again);
      });
      judge.appendChild(b);
    });
    function open() { answer.hidden = false; judge.hidden = false; reveal.hidden = true; }
    answer.hidden = true; judge.hidden = true;
    reveal.addEventListener("click", function () { open(); focusIn(judge.querySelector("button")); });
    box.appendChild(reveal); box.appendChild(answer); box.appendChild(judge);
    if (q.id in rated) { open(); }
    return box;
  }

  // One question of a list; then(): after Continue (or Esc) on the last.
  function ask(list, index, then) {
    var q = list[index], w = options.words(), shown = Date.now();
    var done = q.id in answers || q.id in rated;
    overlay.textContent = "";
    overlay.className = "checkpoint";
    overlay.dataset.question = q.id;
    overlay.dataset.answered = String(done);
    overlay.appendChild(el("p", "kicker", done ? w.answered : w.check));
    overlay.appendChild(heading(q.prompt, "prompt"));
    var feedback = el("div", "feedback");
    feedback.setAttribute("aria-live", "polite");
    var row = el("div", "row");
    var again = el("button", "again", w.watch_again);
    again.type = "button";
    again.addEventListener("click", function () {
      close(false);
      var chapter = chapterOf(q);
      video.currentTime = chapter ? chapter.start : 0;
      video.play().catch(function () {});
    });
    var next = el("button", "continue", w["continue"]);
    next.type = "button";
    function onward() { if (index + 1 < list.length) { ask(list, index + 1, then); } else { then(); } }
    next.addEventListener("click", onward);
    onEscape = onward;
    var body = q.kind === "choice" ? choiceQuestion(q, feedback, next, shown, w)
      : q.kind === "number" ? numberQuestion(q, feedback, next, shown, w)
      : recallQuestion(q, next, again, shown, w);
    overlay.appendChild(body);
    overlay.appendChild(feedback);
    row.appendChild(again);
    row.appendChild(next);
    overlay.appendChild(row);
    var first = body.querySelector("button:not([disabled]):not([hidden]), input:not([disabled])");
    overlay.hidden = false;
    var said = [w.not_first + " " + w.answer + ": " + q.answer_text + ". " + q.explanation,
                w.not_a_number, w.wrong_number];
    place(feedback, isGraded(q) ? said.sort(function (a, b) { return b.length - a.length; })[0] : "");
    show(done || !first ? next : first);
  }

  function allQuestions() {
    var all = [];
    stops.forEach(function (s) { all = all.concat(s.questions); });
    return all;
  }

  // The end of the video: this attempt's score (the share right of every graded question),
  // what was missed, what is not answered yet (and a way to answer it now), the score an LMS
  // keeps and by which rule, and a retake once every question is answered.
  function finish() {
    var w = options.words(), t = tally(lesson.questions, answers);
    overlay.textContent = "";
    overlay.dataset.question = "";
    overlay.dataset.answered = "";
    overlay.className = "checkpoint end";
    overlay.appendChild(el("p", "kicker", w.done));
    overlay.appendChild(heading(lesson.title, "title"));
    if (t.total) {
      var score = el("p", "score", w.score + ": " + t.right + " / " + t.total + " (" + t.percent + "%)");
      score.dataset.right = String(t.right);
      score.dataset.percent = String(t.percent);
      overlay.appendChild(score);
      var kept = options.recorded ? options.recorded() : null;
      if (kept) {
        var rule = kept.rule === "last" ? w.recorded_last : w.recorded_best;
        var line = el("p", "recorded", rule + ": " + (kept.percent === null ? w.not_recorded : kept.percent + "%"));
        line.dataset.percent = kept.percent === null ? "" : String(kept.percent);
        overlay.appendChild(line);
      }
    }
    [[t.missed, w.missed, "missed"], [t.unanswered, w.not_answered, "unanswered"]].forEach(function (part) {
      if (!part[0].length) { return; }
      overlay.appendChild(el("p", "kicker", part[1] + " (" + part[0].length + ")"));
      var list = el("ul", part[2]);
      part[0].forEach(function (q) { list.appendChild(el("li", "", q.prompt)); });
      overlay.appendChild(list);
    });
    var row = el("div", "row");
    var first;
    if (t.unanswered.length) {
      var now = el("button", "answer-now", w.answer_now);
      now.type = "button";
      now.addEventListener("click", function () { ask(t.unanswered, 0, finish); });
      row.appendChild(now);
      first = now;
    } else if (lesson.questions.length) {
      if (options.attemptsLeft() > 0) {
        var retry = el("button", "retake", w.try_again);
        retry.type = "button";
        retry.addEventListener("click", function () {
          options.retake();
          answers = {};
          rated = {};
          ask(allQuestions(), 0, finish);
        });
        row.appendChild(retry);
        first = retry;
      } else {
        overlay.appendChild(el("p", "note", w.no_attempts));
      }
    }
    var rewatch = el("button", "rewatch", w.watch_again);
    rewatch.type = "button";
    rewatch.addEventListener("click", function () {
      close(false);
      video.currentTime = 0;
      video.play().catch(function () {});
    });
    row.appendChild(rewatch);
    overlay.appendChild(row);
    onEscape = function () { close(false); };
    show(first || rewatch);
  }
}
