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

// The same seed gives the same order (FNV-1a into mulberry32, then Fisher-Yates).
function shuffled(items, seed) {
  var state = 2166136261;
  for (var i = 0; i < seed.length; i++) { state = Math.imul(state ^ seed.charCodeAt(i), 16777619); }
  function next() {
    state = (state + 0x6D2B79F5) | 0;
    var t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  var out = items.slice();
  for (var j = out.length - 1; j > 0; j--) {
    var k = Math.floor(next() * (j + 1)), held = out[j];
    out[j] = out[k]; out[k] = held;
  }
  return out;
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

// card: an element holding .player > video and a heading; lesson: {scene, chapters,
// questions}; options: words() the UI words; enabled() whether to stop; seed(q) the text the
// choices are shuffled by; onAnswer(q, answer) with answer = {response, right (null for a
// self-rating), first, latency (ms)}; ending() whether to show the end screen; retake() called
// before the questions are asked again; attemptsLeft() how many retakes remain; answered: the
// first answers of this attempt already given ({id: 1 or 0}).
function setUpCheckpoints(card, lesson, options) {
  var video = card.querySelector("video");
  var player = card.querySelector(".player");
  var stops = checkpointsFor(lesson.chapters, lesson.questions);
  var answers = {};  // this attempt's first answers: id -> true (right) / false
  Object.keys(options.answered || {}).forEach(function (id) { answers[id] = options.answered[id] === 1; });
  var level = Math.min(6, Number((card.querySelector("h1, h2, h3") || {tagName: "H2"}).tagName.charAt(1)) + 1);
  var overlay = el("div", "checkpoint");
  overlay.hidden = true;
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-modal", "false");
  player.appendChild(overlay);
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
    video.focus();
    if (play) { video.play().catch(function () {}); }
  }
  function show(first) {
    overlay.hidden = false;
    if (getComputedStyle(overlay).position === "static") {  // under the video: bring it in view
      overlay.scrollIntoView({block: "nearest"});
    }
    first.focus({preventScroll: getComputedStyle(overlay).position !== "static"});
  }
  function heading(text, cls) {
    var node = el("h" + level, cls, text);
    node.id = "checkpoint-" + lesson.scene + "-" + (cls || "title");
    overlay.setAttribute("aria-labelledby", node.id);
    return node;
  }
  function chapterOf(q) { return lesson.chapters.filter(function (c) { return c.key === q.chapter; })[0]; }

  // One question of a list; then(): after Continue on the last.
  function ask(list, index, then) {
    var q = list[index], w = options.words(), shown = Date.now();
    overlay.textContent = "";
    overlay.dataset.question = q.id;
    overlay.appendChild(el("p", "kicker", w.check));
    overlay.appendChild(heading(q.prompt, "prompt"));
    var feedback = el("div", "feedback");
    feedback.setAttribute("aria-live", "polite");
    var first;
    function answered(response, right) {
      var isFirst = !(q.id in answers);
      if (isFirst) { answers[q.id] = right !== false; }
      if (options.onAnswer) {
        options.onAnswer(q, {response: response, right: right, first: isFirst, latency: Date.now() - shown});
      }
    }
    if (q.kind === "choice") {
      var list_ = el("div", "choices");
      shuffled(q.choices, options.seed(q)).forEach(function (choice) {
        var button = el("button", "choice", choice);
        button.type = "button";
        button.addEventListener("click", function () {
          var right = choice === q.answer;
          answered(String.fromCharCode(97 + q.choices.indexOf(choice)), right);
          if (right) {
            button.classList.add("right");
            feedback.className = "feedback good";
            feedback.textContent = w.right + " " + q.explanation;
            list_.querySelectorAll("button").forEach(function (b) { b.disabled = b !== button; });
            next.focus();
          } else {
            button.classList.add("wrong");
            button.disabled = true;
            feedback.className = "feedback bad";
            feedback.textContent = w.wrong;
            list_.querySelector("button:not([disabled])").focus();
          }
        });
        list_.appendChild(button);
      });
      overlay.appendChild(list_);
      first = list_.querySelector("button");
    } else {
      var reveal = el("button", "show", w.show_answer);
      reveal.type = "button";
      var answer = el("p", "model-answer", q.model_answer);
      answer.hidden = true;
      var judge = el("div", "row judge");
      judge.hidden = true;
      [["got_it", "got", "1"], ["not_yet", "not-yet", "0"]].forEach(function (pair) {
        var b = el("button", pair[1], w[pair[0]]);
        b.type = "button";
        b.setAttribute("aria-pressed", "false");
        b.addEventListener("click", function () {
          judge.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
          answered(pair[2], null);
          (pair[1] === "got" ? next : again).focus();
        });
        judge.appendChild(b);
      });
      reveal.addEventListener("click", function () {
        answer.hidden = false; judge.hidden = false; reveal.hidden = true;
        judge.querySelector("button").focus();
      });
      overlay.appendChild(reveal);
      overlay.appendChild(answer);
      overlay.appendChild(judge);
      first = reveal;
    }
    overlay.appendChild(feedback);
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
    next.addEventListener("click", function () {
      if (index + 1 < list.length) { ask(list, index + 1, then); } else { then(); }
    });
    row.appendChild(again);
    row.appendChild(next);
    overlay.appendChild(row);
    overlay.onkeydown = function (e) {
      if (e.key === "Escape") { e.preventDefault(); next.click(); }
      e.stopPropagation();  // keys in the question are not the video's
    };
    show(first);
  }

  // The end of the video: done, this attempt's score and what was missed, and a retake.
  function finish() {
    var w = options.words();
    var choices = lesson.questions.filter(function (q) { return q.kind === "choice"; });
    var missed = choices.filter(function (q) { return answers[q.id] !== true; });
    overlay.textContent = "";
    overlay.dataset.question = "";
    overlay.className = "checkpoint end";
    overlay.appendChild(el("p", "kicker", w.done));
    overlay.appendChild(heading(lesson.title, "title"));
    if (choices.length) {
      var right = choices.length - missed.length;
      var score = el("p", "score", w.score + ": " + right + " / " + choices.length +
                     " (" + Math.round(100 * right / choices.length) + "%)");
      score.dataset.right = String(right);
      overlay.appendChild(score);
    }
    if (missed.length) {
      overlay.appendChild(el("p", "kicker", w.missed));
      var list = el("ul", "missed");
      missed.forEach(function (q) { list.appendChild(el("li", "", q.prompt)); });
      overlay.appendChild(list);
    }
    var row = el("div", "row");
    var first;
    if (lesson.questions.length) {
      if (options.attemptsLeft() > 0) {
        var retry = el("button", "retake", w.try_again);
        retry.type = "button";
        retry.addEventListener("click", function () {
          options.retake();
          answers = {};
          var all = [];
          stops.forEach(function (s) { all = all.concat(s.questions); });
          overlay.className = "checkpoint";
          ask(all, 0, finish);
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
      overlay.className = "checkpoint";
      close(false);
      video.currentTime = 0;
      video.play().catch(function () {});
    });
    row.appendChild(rewatch);
    overlay.appendChild(row);
    overlay.onkeydown = function (e) { e.stopPropagation(); };
    show(first || rewatch);
  }
}
