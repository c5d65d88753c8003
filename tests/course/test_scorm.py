"""The SCORM 1.2 package: its manifest against the SCORM 1.2 schemas, every file named and
every named file present, content text as data, and one-line errors. (The package running
against a real LMS runtime is in test_scorm_runtime_slow.py.)"""

import json
import re
import shutil
import tempfile
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner

from explainer.cli import main
from explainer.course import scorm
from explainer.render.job import Job
from explainer.render.manifest import Entry, Manifest
from explainer.settings import CONTENT_ENV
from tests.conftest import CAT

CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
HOSTILE = 'A & B <script>alert(1)</script> "]]> </manifest>'
SCENES = ["linear-collapse", "dying-relu"]


def fake_renders(out, lang, scenes):
    """A manifest of rendered videos (bytes, not real video) with their chapters."""
    manifest = Manifest()
    for scene in scenes:
        base = f"{lang}/720p30/{scene}"
        files = {"main": f"{base}.mp4", "poster": f"{base}.png", "srt": f"{base}.srt",
                 "vtt": f"{base}.vtt", "chapters": f"{base}.chapters.vtt"}
        for f in files.values():
            (out / f).parent.mkdir(parents=True, exist_ok=True)
            (out / f).write_bytes(b"x")
        chapters = [{"text": name, "start": 10.0 * i, "end": 10.0 * (i + 1),
                     "key": f"chapters.{name}", "values": {}}
                    for i, name in enumerate(CAT.get(scene).chapters)]
        manifest.put(Entry(Job(scene, lang, "m", "mp4"), "k", files, 50.0, 1280, 720, 1, 1.0,
                           "now", chapters=chapters))
    manifest.to_file(out / "manifest.json")


def schema():
    """The SCORM 1.2 schemas the package carries, with xmlschema's own xml.xsd standing in for
    ims_xml.xsd (which binds the reserved xml prefix, as strict parsers refuse); XSD 1.1, as
    imsmd_rootv1p2p1.xsd breaks XSD 1.0's unique particle rule."""
    folder = Path(tempfile.mkdtemp())
    shipped = Path(scorm.__file__).with_name("scorm12")
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd"):
        shutil.copy(shipped / name, folder / name)
    shutil.copy(Path(xmlschema.__file__).parent / "schemas" / "XML" / "xml.xsd",
                folder / "ims_xml.xsd")
    return xmlschema.XMLSchema11([str(folder / n) for n in (
        "imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd")])


def export(tmp_path, *args):
    target = tmp_path / "lesson.zip"
    result = CliRunner().invoke(main, ["export", "scorm", *SCENES, "--from",
                                       str(tmp_path / "renders"), "-o", str(target), *args])
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(target)


def test_the_manifest_is_valid_scorm_and_names_every_file(tmp_path):
    fake_renders(tmp_path / "renders", "zh", SCENES)
    lesson = export(tmp_path, "-l", "zh", "--mastery", "80")
    text = lesson.read("imsmanifest.xml")
    validator = schema()
    validator.validate(text.decode())
    for broken in (text.replace(b"<organizations", b"<organisations").replace(
            b"</organizations>", b"</organisations>"),
            text.replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"', 1)):
        assert not validator.is_valid(broken.decode())  # the validator can say no

    root = ET.fromstring(text)
    named = {f.get("href") for f in root.iter(f"{CP}file")}
    assert named == set(lesson.namelist()) - {"imsmanifest.xml"}
    assert {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd",
            "ims_xml.xsd", "player.html"} <= named
    items = list(root.iter(f"{CP}item"))
    assert [i.get("parameters") for i in items] == [f"?scene={s}" for s in SCENES]
    assert [i.find(f"{CP}title").text for i in items] == [
        "两层线性等于一层", "ReLU 神经元死亡"]
    sco = {r.get("identifier"): r for r in root.iter(f"{CP}resource")}
    assert all(sco[i.get("identifierref")].get("href") == "player.html" for i in items)


def test_a_missing_video_names_the_command_that_makes_it(tmp_path):
    fake_renders(tmp_path / "renders", "zh", SCENES[:1])
    result = CliRunner().invoke(main, ["export", "scorm", *SCENES, "-l", "zh", "-q", "m",
                                       "--from", str(tmp_path / "renders"),
                                       "-o", str(tmp_path / "lesson.zip")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: 1 video(s) not rendered in {tmp_path / 'renders'}: dying-relu; make them "
        "with `explainer render dying-relu -l zh -q m`"]
    assert not (tmp_path / "lesson.zip").exists()


def test_content_text_stays_data_in_the_package(tmp_path, monkeypatch):
    drafts = tmp_path / "content"
    shutil.copytree(CAT.content_dir, drafts)
    path = drafts / "en.toml"
    text = path.read_text(encoding="utf-8")
    old = tomllib.loads(text)["linear-collapse"]["title"]
    prompt = tomllib.loads(text)["questions"]["collapse-choice"]["prompt"]
    text = text.replace(f'title = "{old}"', f"title = {json.dumps(HOSTILE)}", 1)
    path.write_text(text.replace(json.dumps(prompt, ensure_ascii=False), json.dumps(HOSTILE)),
                    encoding="utf-8")
    monkeypatch.setenv(CONTENT_ENV, str(drafts))
    fake_renders(tmp_path / "renders", "en", SCENES)
    lesson = export(tmp_path, "-l", "en")
    root = ET.fromstring(lesson.read("imsmanifest.xml"))
    assert next(root.iter(f"{CP}item")).find(f"{CP}title").text == HOSTILE
    player = lesson.read("player.html").decode()
    assert "<script>alert(1)" not in player and "</manifest>" not in player
    data = re.search(r'<script type="application/json" id="lesson">(.*?)</script>', player,
                     re.S)
    lesson_data = json.loads(data.group(1))
    assert lesson_data["lessons"]["linear-collapse"]["title"] == HOSTILE
    asked = {q["id"]: q for q in lesson_data["lessons"]["linear-collapse"]["questions"]}
    assert asked["collapse-choice"]["prompt"] == HOSTILE


def test_every_file_unpacks_readable_by_the_lms(tmp_path):
    fake_renders(tmp_path / "renders", "zh", SCENES)
    lesson = export(tmp_path, "-l", "zh")
    modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in lesson.infolist()}
    assert set(modes.values()) == {0o644}, modes  # not 0600 from a temporary file


@pytest.mark.parametrize("bad", [["--mastery", "101"], ["-l", "fr"], ["--attempts", "0"],
                                 ["--keep", "first"]])
def test_bad_options_are_one_line(tmp_path, bad):
    fake_renders(tmp_path / "renders", "zh", SCENES)
    result = CliRunner().invoke(main, ["export", "scorm", "--from", str(tmp_path / "renders"),
                                       "-o", str(tmp_path / "x.zip"), *bad])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()
