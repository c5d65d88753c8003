"""The course model every page renders: built from the catalogue, the content and a manifest."""

from explainer.content.questions import load_questions
from explainer.content.text import load_text
from explainer.course.lesson import build
from explainer.render.job import Job
from explainer.render.manifest import Entry, Manifest
from tests.conftest import CAT


def rendered(out, scene, lang, quality, theme="dark", fmt="mp4", chapters=True):
    job = Job(scene, lang, quality, fmt, theme=theme)
    files = {role: path.relative_to(out).as_posix() for role, path in job.files(out).items()}
    for f in files.values():
        (out / f).parent.mkdir(parents=True, exist_ok=True)
        (out / f).write_bytes(b"x")
    cues = [{"text": f"{lang} {name}", "start": 5.0 * i, "end": 5.0 * (i + 1),
             "key": f"chapters.{name}"} for i, name in enumerate(CAT.get(scene).chapters)]
    return Entry(job, "k", files, 20.0, 854, 480, 10, 1.0, "now",
                 chapters=cues if chapters else [])


def test_lessons_carry_titles_questions_and_the_sharpest_playable_video(tmp_path):
    manifest = Manifest()
    for entry in (rendered(tmp_path, "dying-relu", "zh", "l"),
                  rendered(tmp_path, "dying-relu", "zh", "m", theme="light"),
                  rendered(tmp_path, "dying-relu", "zh", "m"),
                  rendered(tmp_path, "dying-relu", "zh", "h", fmt="gif", chapters=False)):
        manifest.put(entry)
    manifest.to_file(tmp_path / "manifest.json")
    (tmp_path / "zh/480p15/dying-relu.mp4").unlink()  # a file gone: that output is left out
    course = build(CAT, tmp_path)
    lesson = course.lesson("zh", "dying-relu")
    assert lesson.title == load_text(CAT.get("dying-relu"), "zh", CAT.content_dir)["title"]
    assert [q.id for q in lesson.questions] == [
        q.id for q in load_questions(CAT, "zh") if q.scene == "dying-relu"]
    assert sorted(r.view for r in lesson.renditions) == ["1080p60", "720p30", "720p30-light"]
    best = lesson.best()
    assert best is not None and best.view == "720p30"  # the gif has no player; dark first
    assert lesson.best("l") is None
    chapter = best.chapter("training")
    assert chapter is not None and chapter.title == "zh training"
    doc = lesson.document(best)
    assert doc["video"]["files"]["main"] == "zh/720p30/dying-relu.mp4"
    assert [c["key"] for c in doc["chapters"]] == list(CAT.get("dying-relu").chapters)
    assert course.lesson("en", "dying-relu").renditions == ()
    assert course.title("zh").endswith("(中文)")
