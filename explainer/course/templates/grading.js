// Grading, shared by the gallery page and the SCORM player: pure functions of their arguments
// (no page, no clock), so Node runs them in the fast tests (tests/course/test_grading_js.py).

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

// The choices of q as a learner sees them in an attempt (1, 2, ...): shuffled by learner,
// attempt and question, and on every retake the right answer lands somewhere new.
function choiceOrder(q, learner, attempt) {
  var order = shuffled(q.choices, learner + ":1:" + q.id);
  for (var n = 2; n <= attempt; n++) {
    var before = order.indexOf(q.answer);
    order = shuffled(q.choices, learner + ":" + n + ":" + q.id);
    var at = order.indexOf(q.answer);
    if (at === before && order.length > 1) {
      var steps = [];
      for (var s = 1; s < order.length; s++) { steps.push(s); }
      var to = (at + shuffled(steps, learner + ":" + n + ":" + q.id + ":move")[0]) % order.length;
      order[at] = order[to]; order[to] = q.answer;
    }
  }
  return order;
}

// A number as a learner may type it: 0.25, .25, 0,25, −0.25, 1/4, 2.5e-3, full-width digits.
// Anything else is NaN (never evaluated).
function parseNumber(text) {
  var t = String(text).replace(/[\uFF10-\uFF19]/g, function (c) {
    return String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48);
  }).replace(/\uFF0E/g, ".").replace(/\uFF0F/g, "/").replace(/[\u2212\uFF0D\u2013]/g, "-")
    .replace(/\uFF0B/g, "+").replace(/\s+/g, "");
  if (/^[-+]?\d+,\d+$/.test(t)) { t = t.replace(",", "."); }
  var m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)(?:\/(\d+\.?\d*|\.\d+))?$/i.exec(t);
  if (!m) { return NaN; }
  var value = Number(m[1]);
  if (m[2] !== undefined) {
    if (Number(m[2]) === 0) { return NaN; }
    value /= Number(m[2]);
  }
  return isFinite(value) ? value : NaN;
}

// Whether value answers the number question q (within its tolerance; as questions.py).
function rightNumber(q, value) {
  return isFinite(value) && Math.abs(value - q.value) <= q.tolerance + 1e-9 * Math.max(1, Math.abs(q.value));
}

function isGraded(q) { return q.kind === "choice" || q.kind === "number"; }

// One attempt: answers = {id: {right: true|false, response}}, the first answer to each
// question. The score is the share right of every graded question; one not answered yet is
// neither right nor missed, and the attempt is complete only when none is left.
function tally(questions, answers) {
  var graded = questions.filter(isGraded), right = 0, missed = [], unanswered = [];
  graded.forEach(function (q) {
    var a = answers[q.id];
    if (!a) { unanswered.push(q); } else if (a.right) { right += 1; } else { missed.push(q); }
  });
  return {total: graded.length, right: right, missed: missed, unanswered: unanswered,
          complete: unanswered.length === 0,
          percent: graded.length ? Math.round(100 * right / graded.length) : null};
}

// The score an LMS keeps from the percents of finished attempts: "best" or "last".
function keptScore(percents, rule) {
  if (!percents.length) { return null; }
  return rule === "last" ? percents[percents.length - 1] : Math.max.apply(null, percents);
}
