"""Choices are shuffled: authors write the right answer first, learners must not find it there.
The pages' own shuffle (grading.js, run by Node) over every choice question of both
languages and several seeds; the drill's and Anki's stable order by question id."""

import json
import shutil
import subprocess
from collections import Counter

import pytest

from explainer.content.questions import load_questions
from explainer.course import templates
from explainer.course.lesson import stable_order
from tests.conftest import CAT

NODE = shutil.which("node")
SEEDS = ["learner-1:1", "learner-1:2", "learner-2:1", "view-x7:1", "view-q2:3"]


def page_orders(questions, seeds):
    """{seed: {question id: choices in the order the page shows them}}, from grading.js."""
    assert NODE, "node is installed by `make test` (tools/check-system.sh)"
    script = templates.text("grading.js") + f"""
var questions = {json.dumps([q.to_dict() for q in questions])};
var out = {{}};
{json.dumps(seeds)}.forEach(function (seed) {{
  out[seed] = {{}};
  questions.forEach(function (q) {{ out[seed][q.id] = shuffled(q.choices, seed + ":" + q.id); }});
}});
process.stdout.write(JSON.stringify(out));
"""
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_answer_moves_across_questions_and_learners(lang):
    choice = [q for q in load_questions(CAT, lang) if q.kind == "choice"]
    assert len(choice) >= 10
    orders = page_orders(choice, SEEDS)
    positions = Counter()
    for seed in SEEDS:
        for q in choice:
            shown = orders[seed][q.id]
            assert sorted(shown) == sorted(q.choices)  # every choice, once
            positions[shown.index(q.answer)] += 1
    total = sum(positions.values())
    assert len(positions) >= 3  # first, second and third places all occur
    assert positions[0] <= 0.5 * total  # written first, shown first about a third of the time
    # per seed too: no learner sees the answer in one place every time
    for seed in SEEDS:
        assert len({orders[seed][q.id].index(q.answer) for q in choice}) >= 2
    # the same learner, attempt and question: the same order (a reload keeps it)
    again = page_orders(choice, SEEDS[:1])
    assert again[SEEDS[0]] == orders[SEEDS[0]]
    # another attempt of the same learner reorders some question
    assert any(orders[SEEDS[0]][q.id] != orders[SEEDS[1]][q.id] for q in choice)


def test_the_stable_order_moves_the_answer_and_stays_put():
    choice = [q for q in load_questions(CAT, "en") if q.kind == "choice"]
    firsts = [stable_order(q).index(q.answer) for q in choice]
    assert len(set(firsts)) >= 2 and firsts.count(0) <= 0.6 * len(firsts)
    assert [stable_order(q) for q in choice] == [stable_order(q) for q in choice]
