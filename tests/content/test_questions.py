"""The questions in the content files: the shipped set, and `explainer check` on broken ones."""


from collections import Counter

import pytest
from click.testing import CliRunner

from explainer import catalog, check
from explainer.cli import main
from explainer.content.questions import GRADED_PER_SCENE, load_questions
from tests.conftest import CAT, LANGS

NOTE_QUESTIONS = 10  # the note's four quick questions and six interview questions


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_questions(lang):
    questions = load_questions(CAT, lang)
    assert len(questions) >= NOTE_QUESTIONS
    assert all(q.kind == "recall" for q in questions[:NOTE_QUESTIONS])  # the note's, first
    # every scene can be graded: at least three choice or number questions of its own
    graded = Counter(q.scene for q in questions if q.graded)
    assert {scene: graded[scene] for scene in CAT.ids() if graded[scene] < GRADED_PER_SCENE} == {}
    for q in questions:
        assert q.chapter in CAT.get(q.scene).chapters
        if q.kind == "choice":
            assert q.answer in q.choices and q.explanation
        elif q.kind == "number":
            assert q.value is not None and q.tolerance >= 0 and q.explanation
            assert q.right_number(q.value) and not q.right_number(q.value + 2 * q.tolerance + 0.01)
        else:
            assert q.model_answer


def test_languages_ask_the_same_questions():
    en, zh = (load_questions(CAT, lang) for lang in ("en", "zh"))
    assert [(q.id, q.kind, q.scene, q.chapter) for q in en] == [
        (q.id, q.kind, q.scene, q.chapter) for q in zh]
    assert all(a.choices.index(a.answer) == b.choices.index(b.answer)
               for a, b in zip(en, zh, strict=True) if a.kind == "choice")
    assert [(q.value, q.tolerance) for q in en] == [(q.value, q.tolerance) for q in zh]


BROKEN = {
    "unknown scene": ('see = "linear-collapse#collapse"', 'see = "linear-colapse#collapse"',
                      "en.toml: [questions.collapse-choice] see = 'linear-colapse#collapse': "
                      "unknown scene 'linear-colapse'"),
    "unknown chapter": ('a smaller learning rate, batch normalisation."\n'
                        'see = "dying-relu#training"',
                        'a smaller learning rate, batch normalisation."\n'
                        'see = "dying-relu#trianing"',
                        "en.toml: [questions.dead-neurons] see = 'dying-relu#trianing': "
                        "dying-relu has no chapter 'trianing'; its chapters: title, ten-units, "
                        "training, closing"),
    "answer not a choice": ('answer = "tanh"\nexplanation = "tanh stays',
                            'answer = "Tanh"\nexplanation = "tanh stays',
                            "en.toml: [questions.overview-choice] answer 'Tanh' is not one of "
                            "its choices"),
    "a repeated choice": ('given enough layers", "the four corners, given enough epochs"]',
                          'given enough layers", "the four corners, given enough layers"]',
                          "en.toml: [questions.separable-choice] choices repeat a text"),
    "a kind": ('kind = "recall"\nprompt = "What does an activation function do',
               'kind = "essay"\nprompt = "What does an activation function do',
               "en.toml: [questions.what-for] kind must be one of choice, number, recall, got "
               "'essay'"),
    "a number given as text": ('answer = 0.75\ntolerance = 0.005',
                               'answer = "0.75"\ntolerance = 0.005',
                               "en.toml: [questions.hard-sigmoid-value] answer must be a number "
                               "(like answer = 0.25), got '0.75'"),
    "a negative tolerance": ('answer = 0.35\ntolerance = 0.005',
                             'answer = 0.35\ntolerance = -0.005',
                             "en.toml: [questions.zero-centred-step] tolerance must be a number "
                             "of at least 0 (like tolerance = 0.25), got -0.005"),
    "a choice key on a number": ('answer = 2.5\ntolerance = 0.01',
                                 'answer = 2.5\ntolerance = 0.01\nchoices = ["2.5", "3"]',
                                 "en.toml: [questions.ua-identity-slope] has unknown keys choices; "
                                 "a number question has"),
}


def test_check_names_each_broken_question(drafts):
    en = drafts / "en.toml"
    text = en.read_text(encoding="utf-8")
    for old, new, _ in BROKEN.values():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    en.write_text(text, encoding="utf-8")
    zh = drafts / "zh.toml"
    zh_text = zh.read_text(encoding="utf-8")
    start = zh_text.index("[questions.tanh-centre]")
    zh.write_text(zh_text[:start] + zh_text[zh_text.index("[questions.relu-slope]"):],
                  encoding="utf-8")

    found = check.problems(catalog.load(lenient=True))
    for _, _, message in BROKEN.values():
        assert sum(message in line for line in found) == 1, message
    assert sum("zh.toml: question 'tanh-centre' is missing (English has it" in line
               for line in found) == 1
    assert not any("missing key questions." in line for line in found)  # said once, above
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == len(found)


def test_a_kind_that_differs_between_languages(drafts):
    zh = drafts / "zh.toml"
    text = zh.read_text(encoding="utf-8").replace(
        'see = "activation-relu#curves"\n\n[questions.leaky-slope]',
        'see = "activation-leaky-relu#curves"\n\n[questions.leaky-slope]')
    zh.write_text(text, encoding="utf-8")
    found = check.problems(catalog.load(lenient=True))
    assert any("zh.toml: [questions.relu-slope] see differs from en.toml's" in line
               for line in found)


def test_a_number_answer_that_differs_between_languages(drafts):
    zh = drafts / "zh.toml"
    text = zh.read_text(encoding="utf-8")
    assert text.count("answer = 0.35\n") == 1
    zh.write_text(text.replace("answer = 0.35\n", "answer = 0.36\n"), encoding="utf-8")
    found = check.problems(catalog.load(lenient=True))
    assert any("zh.toml: [questions.zero-centred-step] answer differs from en.toml's (0.35)" in line
               for line in found)


def test_check_warns_about_a_lesson_that_can_only_score_0_or_100(drafts):
    for lang in ("en", "zh"):
        path = drafts / f"{lang}.toml"
        text = path.read_text(encoding="utf-8")
        for qid in ("relu-value", "relu-positive-slope"):  # activation-relu keeps one
            start = text.index(f"[questions.{qid}]")
            end = text.index("[questions.", start + 1)
            text = text[:start] + text[end:]
        path.write_text(text, encoding="utf-8")
    cat = catalog.load(lenient=True)
    assert check.problems(cat) == []  # allowed, but not what a course author wants
    assert [w for w in check.warnings(cat) if "graded" in w] == [
        "activation-relu has 1 graded question: its lesson scores in steps of 100%; give it 3 "
        "or more (choice or number) in [questions] (docs/authoring.md)"]
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0 and "activation-relu has 1 graded question" in result.output
