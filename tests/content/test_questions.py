"""The questions in the content files: the shipped set, and `explainer check` on broken ones."""


import pytest
from click.testing import CliRunner

from explainer import catalog, check
from explainer.cli import main
from explainer.content.questions import load_questions
from tests.conftest import CAT, LANGS

NOTE_QUESTIONS = 10  # the note's four quick questions and six interview questions


@pytest.mark.parametrize("lang", LANGS)
def test_the_shipped_questions(lang):
    questions = load_questions(CAT, lang)
    assert len(questions) >= NOTE_QUESTIONS
    assert all(q.kind == "recall" for q in questions[:NOTE_QUESTIONS])  # the note's, first
    assert {q.scene for q in questions} == set(CAT.ids())  # every scene has one
    assert sum(q.kind == "choice" for q in questions) * 3 >= len(questions)
    for q in questions:
        assert q.chapter in CAT.get(q.scene).chapters
        assert (q.answer in q.choices) if q.kind == "choice" else q.model_answer


def test_languages_ask_the_same_questions():
    en, zh = (load_questions(CAT, lang) for lang in ("en", "zh"))
    assert [(q.id, q.kind, q.scene, q.chapter) for q in en] == [
        (q.id, q.kind, q.scene, q.chapter) for q in zh]
    assert all(a.choices.index(a.answer) == b.choices.index(b.answer)
               for a, b in zip(en, zh, strict=True) if a.kind == "choice")


BROKEN = {
    "unknown scene": ('see = "linear-collapse#collapse"', 'see = "linear-colapse#collapse"',
                      "en.toml: [questions.collapse-choice] see = 'linear-colapse#collapse': "
                      "unknown scene 'linear-colapse'"),
    "unknown chapter": ('see = "dying-relu#training"', 'see = "dying-relu#trianing"',
                        "en.toml: [questions.dead-neurons] see = 'dying-relu#trianing': "
                        "dying-relu has no chapter 'trianing'; its chapters: title, ten-units, "
                        "training, closing"),
    "answer not a choice": ('answer = "tanh"', 'answer = "Tanh"',
                            "en.toml: [questions.overview-choice] answer 'Tanh' is not one of "
                            "its choices"),
    "a repeated choice": ('given enough layers", "the four corners, given enough epochs"]',
                          'given enough layers", "the four corners, given enough layers"]',
                          "en.toml: [questions.separable-choice] choices repeat a text"),
    "a kind": ('kind = "recall"\nprompt = "What does an activation function do',
               'kind = "essay"\nprompt = "What does an activation function do',
               "en.toml: [questions.what-for] kind must be one of choice, recall, got 'essay'"),
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
