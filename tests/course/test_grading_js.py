"""The pages' grading (grading.js, run by Node, fast): the score is the share right of every
graded question, an unanswered one is neither right nor missed, the kept score follows the
rule, a number is read as learners type it (and nothing else), the same way as questions.py,
and a retake always moves the right answer, for every choice question of both languages."""

import itertools
import json
import shutil
import subprocess

import pytest

from explainer.content.questions import Question, load_questions
from explainer.course import templates
from tests.conftest import CAT

NODE = shutil.which("node")


def run(body, **data):
    """Runs ``body`` after grading.js with ``data`` as globals; returns what it prints as JSON."""
    assert NODE, "node is installed by `make test` (tools/check-system.sh)"
    given = "".join(f"var {k} = {json.dumps(v)};\n" for k, v in data.items())
    script = templates.text("grading.js") + given + body
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def q(qid, kind="choice", **more):
    return {"id": qid, "kind": kind, **more}


def test_the_score_is_the_share_right_and_unanswered_is_not_missed():
    questions = [q("a"), q("b", "number", value=1, tolerance=0), q("c"), q("r", "recall")]
    cases = {
        "none": {},
        "one right": {"a": {"right": True}},
        "two of three": {"a": {"right": True}, "b": {"right": True}, "c": {"right": False}},
        "all": {k: {"right": True} for k in "abc"},
    }
    got = run("""var out = {};
        Object.keys(cases).forEach(function (k) {
          var t = tally(questions, cases[k]);
          out[k] = [t.total, t.right, t.percent, t.complete,
                    t.missed.map(function (x) { return x.id; }),
                    t.unanswered.map(function (x) { return x.id; })];
        });
        process.stdout.write(JSON.stringify(out));""", questions=questions, cases=cases)
    assert got["none"] == [3, 0, 0, False, [], ["a", "b", "c"]]  # recall is not graded
    assert got["one right"] == [3, 1, 33, False, [], ["b", "c"]]
    assert got["two of three"] == [3, 2, 67, True, ["c"], []]
    assert got["all"] == [3, 3, 100, True, [], []]


def test_the_kept_score_follows_the_rule():
    got = run("""process.stdout.write(JSON.stringify([keptScore([100, 0], "best"),
        keptScore([100, 0], "last"), keptScore([33, 67, 50], "best"), keptScore([], "best")]));""")
    assert got == [100, 0, 67, None]


TYPED = {"0.25": 0.25, ".25": 0.25, "0,25": 0.25, " 0.25 ": 0.25, "−0.25": -0.25, "-1": -1,
         "+2": 2, "1/4": 0.25, "1 / 4": 0.25, "−1/4": -0.25, "2.5e-3": 0.0025, "1E2": 100,
         "１/４": 0.25, "０．７５": 0.75, "－１": -1, "10": 10, "3.": 3}
NOT_NUMBERS = ["", "abc", "0.5.5", "1/0", "1e999", "alert(1)", "1+1", "0x10", "Infinity",
               "NaN", "1,000.5", "2*3", "${7*7}", "{0.__class__}", "1/4/2", "--1"]


def test_a_number_is_read_as_learners_type_it_and_nothing_else_is_a_number():
    got = run("""process.stdout.write(JSON.stringify(typed.map(function (t) {
        var v = parseNumber(t); return isNaN(v) ? null : v; })));""",
              typed=[*TYPED, *NOT_NUMBERS])
    assert got[:len(TYPED)] == pytest.approx(list(TYPED.values()))
    assert got[len(TYPED):] == [None] * len(NOT_NUMBERS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_and_python_agree_on_every_number_answer(lang):
    numbers = [x for x in load_questions(CAT, lang) if x.kind == "number"]
    assert numbers
    probes = {x.id: [x.value + d for d in (0, x.tolerance, -x.tolerance, 1.01 * x.tolerance + 1e-6,
                                           -1.01 * x.tolerance - 1e-6, 0.5, -1)]
              for x in numbers}
    got = run("""var out = {};
        questions.forEach(function (q) { out[q.id] = probes[q.id].map(function (v) {
          return rightNumber(q, v); }); });
        process.stdout.write(JSON.stringify(out));""",
              questions=[x.to_dict() for x in numbers], probes=probes)
    for x in numbers:
        expected = [Question.right_number(x, v) for v in probes[x.id]]
        assert got[x.id] == expected, x.id
        assert expected[:3] == [True, True, True] and expected[3:5] == [False, False]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_retake_always_moves_the_right_answer(lang):
    choice = [x.to_dict() for x in load_questions(CAT, lang) if x.kind == "choice"]
    learners = ["student-17", "local-k3j9", "learner", "view-x7"]
    got = run("""var out = {};
        learners.forEach(function (who) { out[who] = {};
          questions.forEach(function (q) {
            var orders = [];
            for (var n = 1; n <= 8; n++) { orders.push(choiceOrder(q, who, n)); }
            out[who][q.id] = orders;
            out[who][q.id + ":first"] = shuffled(q.choices, who + ":1:" + q.id);
          }); });
        process.stdout.write(JSON.stringify(out));""", questions=choice, learners=learners)
    first_places = []
    for who in learners:
        for x in choice:
            orders = got[who][x["id"]]
            assert all(sorted(o) == sorted(x["choices"]) for o in orders)  # each choice once
            places = [o.index(x["answer"]) for o in orders]
            assert all(a != b for a, b in itertools.pairwise(places)), (who, x["id"], places)
            assert orders[0] == got[who][x["id"] + ":first"]  # a reload keeps the first order
            first_places.append(places[0])
    # learners see different orders, and the answer (written first) is not first most of the time
    assert any(got[a][x["id"]][0] != got[b][x["id"]][0] for x in choice
               for a, b in itertools.pairwise(learners))
    assert first_places.count(0) <= 0.5 * len(first_places)
