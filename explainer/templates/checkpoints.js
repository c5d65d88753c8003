// Checkpoints: where a question's chapter ends, the video pauses and the question appears over
// it. Shared by the gallery page and the SCORM player; content text is set with textContent
// only, never as markup.
function el(tag, cls, text) {
  var node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text !== undefined) { node.textContent = text; }  // content is text, never markup
  return node;
}
function chaptersOf(video) { return JSON.parse(video.dataset.chapters || "[]"); }
function chapterByKey(video, name) {
  return chaptersOf(video).filter(function (c) { return c.key === "chapters." + name; })[0];
}

function checkpointsFor(video, questions) {
  var byEnd = {};
  questions.forEach(function (q) {
    var chapter = chapterByKey(video, q.chapter);
    if (!chapter) { return; }
    (byEnd[chapter.end] = byEnd[chapter.end] || {start: chapter.start, end: chapter.end,
                                                  questions: []}).questions.push(q);
  });
  return Object.keys(byEnd).map(function (k) { return byEnd[k]; })
    .sort(function (a, b) { return a.end - b.end; });
}
// card: an element holding .player > video[data-chapters]; questions: those asked in it;
// words(): the UI words; enabled(): whether to stop; onAnswer(q, right, first): a choice.
function setUpCheckpoints(card, questions, words, enabled, onAnswer) {
  var video = card.querySelector("video");
  var stops = checkpointsFor(video, questions);
  var tried = {};
  var overlay = el("div", "checkpoint");
  overlay.hidden = true;
  overlay.setAttribute("role", "dialog");
  overlay.setAttribute("aria-modal", "false");
  card.querySelector(".player").appendChild(overlay);
  var last = video.currentTime;
  function tick() {
    if (video.paused) { return; }
    var now = video.currentTime;
    if (enabled()) {
      for (var i = 0; i < stops.length; i++) {
        if (last < stops[i].end && now >= stops[i].end - 0.02) {
          video.pause();
          ask(stops[i], 0);
          break;
        }
      }
    }
    last = now;
    requestAnimationFrame(tick);
  }
  video.addEventListener("play", function () { last = video.currentTime; requestAnimationFrame(tick); });
  video.addEventListener("seeked", function () { last = video.currentTime; });
  function close(play) {
    overlay.hidden = true;
    overlay.textContent = "";
    video.focus();
    if (play) { video.play().catch(function () {}); }
  }
  function ask(stop, index) {
    var q = stop.questions[index], w = words();
    overlay.textContent = "";
    overlay.dataset.question = q.id;
    overlay.appendChild(el("p", "kicker", w.check));
    var prompt = el("h3", "prompt", q.prompt);
    prompt.id = "prompt-" + card.dataset.scene + "-" + q.id;
    overlay.setAttribute("aria-labelledby", prompt.id);
    overlay.appendChild(prompt);
    var feedback = el("div", "feedback");
    feedback.setAttribute("aria-live", "polite");
    var first;
    if (q.kind === "choice") {
      var list = el("div", "choices");
      q.choices.forEach(function (choice) {
        var button = el("button", "choice", choice);
        button.type = "button";
        button.addEventListener("click", function () {
          if (onAnswer) { onAnswer(q, choice === q.answer, !tried[q.id]); }
          tried[q.id] = true;
          if (choice === q.answer) {
            button.classList.add("right");
            feedback.className = "feedback good";
            feedback.textContent = w.right + " " + q.explanation;
            list.querySelectorAll("button").forEach(function (b) { b.disabled = b !== button; });
            again.focus();
          } else {
            button.classList.add("wrong");
            button.disabled = true;
            feedback.className = "feedback bad";
            feedback.textContent = w.wrong;
            list.querySelector("button:not([disabled])").focus();
          }
        });
        list.appendChild(button);
      });
      overlay.appendChild(list);
      first = list.querySelector("button");
    } else {
      var show = el("button", "show", w.show_answer);
      show.type = "button";
      var answer = el("p", "model-answer", q.model_answer);
      answer.hidden = true;
      var judge = el("div", "row judge");
      judge.hidden = true;
      [["got_it", "got"], ["not_yet", "not-yet"]].forEach(function (pair) {
        var b = el("button", pair[1], w[pair[0]]);
        b.type = "button";
        b.setAttribute("aria-pressed", "false");
        b.addEventListener("click", function () {
          judge.querySelectorAll("button").forEach(function (x) { x.setAttribute("aria-pressed", String(x === b)); });
          (pair[1] === "got" ? next : again).focus();
        });
        judge.appendChild(b);
      });
      show.addEventListener("click", function () {
        answer.hidden = false; judge.hidden = false; show.hidden = true;
        judge.querySelector("button").focus();
      });
      overlay.appendChild(show);
      overlay.appendChild(answer);
      overlay.appendChild(judge);
      first = show;
    }
    overlay.appendChild(feedback);
    var row = el("div", "row");
    var again = el("button", "again", w.watch_again);
    again.type = "button";
    again.addEventListener("click", function () {
      close(false);
      video.currentTime = stop.start;
      video.play().catch(function () {});
    });
    var next = el("button", "continue", w["continue"]);
    next.type = "button";
    next.addEventListener("click", function () {
      if (index + 1 < stop.questions.length) { ask(stop, index + 1); } else { close(true); }
    });
    row.appendChild(again);
    row.appendChild(next);
    overlay.appendChild(row);
    overlay.onkeydown = function (e) {
      if (e.key === "Escape") { e.preventDefault(); next.click(); }
      e.stopPropagation();  // keys in the question are not the video's
    };
    overlay.hidden = false;
    first.focus();
  }
}
