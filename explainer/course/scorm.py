"""A SCORM 1.2 lesson (``explainer export scorm``): one zip an LMS imports.

One organisation with one item per scene, in course order; each item is a SCO that launches
the shared player (``player.html`` with ``?scene=<id>`` as the item's parameters). The player
shows the scene's video with its captions, chapters and checkpoint questions, and reports to
the LMS through the SCORM 1.2 API: incomplete until the learner has watched (played, not
skipped) 90% of the video, then completed, or passed/failed against the mastery score; the
score from the choice questions (first answers of an attempt; the best or the last attempt,
``keep``); every answer as ``cmi.interactions.n``; choices shuffled per learner
(``cmi.core.student_id``), attempt and question; a retake at the end of the video, up to
``attempts``; suspend data to resume; the session time.
The manifest is written with ElementTree (content text is escaped as XML); the schema files
SCORM 1.2 packages carry ride along.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
import zipfile
from importlib import resources
from pathlib import Path
from string import Template

from explainer.catalog import Catalogue
from explainer.course import templates
from explainer.course.escape import html, json_in_html
from explainer.course.lesson import build
from explainer.errors import ExplainerError
from explainer.files import place

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
PLAYER = "player.html"
WATCHED = 0.9  # the share of a video that must have been played for "completed"
SUSPEND_LIMIT = 4096  # characters of cmi.suspend_data in SCORM 1.2

for prefix, uri in (("", CP), ("adlcp", ADLCP), ("xsi", XSI)):
    ET.register_namespace(prefix, uri)


def manifest_xml(identifier: str, title: str, items: list[tuple[str, str]],
                 files: dict[str, list[str]], shared: list[str], mastery: int | None) -> bytes:
    """imsmanifest.xml: ``items`` are (scene id, title) in order, ``files`` each scene's own
    files, ``shared`` the files every SCO uses (the player, the schemas)."""
    root = ET.Element(f"{{{CP}}}manifest", {
        "identifier": identifier, "version": "1.0",
        f"{{{XSI}}}schemaLocation": f"{CP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd "
                                    f"{ADLCP} adlcp_rootv1p2.xsd"})
    metadata = ET.SubElement(root, f"{{{CP}}}metadata")
    ET.SubElement(metadata, f"{{{CP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{CP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(root, f"{{{CP}}}organizations", {"default": "course"})
    organization = ET.SubElement(organizations, f"{{{CP}}}organization",
                                 {"identifier": "course"})
    ET.SubElement(organization, f"{{{CP}}}title").text = title
    resources_el = ET.SubElement(root, f"{{{CP}}}resources")
    for scene, scene_title in items:
        item = ET.SubElement(organization, f"{{{CP}}}item", {
            "identifier": f"item-{scene}", "identifierref": f"sco-{scene}",
            "isvisible": "true", "parameters": f"?scene={scene}"})
        ET.SubElement(item, f"{{{CP}}}title").text = scene_title
        if mastery is not None:
            ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(mastery)
        resource = ET.SubElement(resources_el, f"{{{CP}}}resource", {
            "identifier": f"sco-{scene}", "type": "webcontent", f"{{{ADLCP}}}scormtype": "sco",
            "href": PLAYER})
        for name in files[scene]:
            ET.SubElement(resource, f"{{{CP}}}file", {"href": name})
        ET.SubElement(resource, f"{{{CP}}}dependency", {"identifierref": "shared"})
    common = ET.SubElement(resources_el, f"{{{CP}}}resource", {
        "identifier": "shared", "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for name in shared:
        ET.SubElement(common, f"{{{CP}}}file", {"href": name})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export(catalogue: Catalogue, lang: str, source: Path, target: Path, scenes: list[str],
           quality: str | None = None, mastery: int | None = None, attempts: int | None = None,
           keep: str = "best") -> int:
    """Write the lesson of ``scenes`` in ``lang`` to ``target``; returns its size in bytes.
    Every scene's video must be rendered in ``source``. ``attempts`` caps the tries at the
    questions (None: no cap); ``keep`` ("best" or "last") is the try the LMS's score takes."""
    if mastery is not None and not 0 <= mastery <= 100:
        raise ExplainerError(f"--mastery {mastery}: a mastery score is 0 to 100")
    course = build(catalogue, source, [lang])
    lessons = [course.lesson(lang, s) for s in scenes]
    missing = [x.scene for x in lessons if x.best(quality) is None]
    if missing:
        q = f" -q {quality}" if quality else ""
        raise ExplainerError(f"{len(missing)} video(s) not rendered in {source}: "
                             f"{', '.join(missing)}; make them with `explainer render "
                             f"{' '.join(missing)} -l {lang}{q}`")
    words = course.words[lang]
    documents, files, items = {}, {}, []
    with tempfile.TemporaryDirectory(prefix="explainer-scorm-") as tmp:
        zip_path = Path(tmp) / "lesson.zip"
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for lesson in lessons:
                rendition = lesson.best(quality)
                entry = rendition.lms() if rendition else None
                assert entry is not None  # best() has one
                items.append((lesson.scene, lesson.title))
                own = {}
                for role in ("main", "poster", "vtt", "chapters"):
                    name = f"{lesson.scene}/{Path(entry.files[role]).name}"
                    _write(archive, name, (source / entry.files[role]).read_bytes(),
                           zipfile.ZIP_STORED if role == "main" else zipfile.ZIP_DEFLATED)
                    own[role] = name
                files[lesson.scene] = list(own.values())
                documents[lesson.scene] = lesson.document(rendition, own)
            _write(archive, PLAYER, player_page(lang, words, documents, mastery, attempts,
                                                keep).encode())
            schemas = resources.files("explainer.course").joinpath("scorm12")
            for name in SCHEMAS:
                _write(archive, name, schemas.joinpath(name).read_bytes())
            _write(archive, "imsmanifest.xml", manifest_xml(
                f"explainer-{lang}", course.title(lang), items, files, [PLAYER, *SCHEMAS],
                mastery))
        place(zip_path, target)
    return target.stat().st_size


def _write(archive: zipfile.ZipFile, name: str, data: bytes,
           compression: int = zipfile.ZIP_DEFLATED) -> None:
    """One file into the package, readable by all once unpacked (mode 0644)."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = 0o100644 << 16
    info.compress_type = compression
    archive.writestr(info, data)


def player_page(lang: str, words: dict[str, str], lessons: dict, mastery: int | None,
                attempts: int | None, keep: str) -> str:
    """The launch page every SCO shares; its scene comes from the query string."""
    return Template(templates.text("scorm_player.html")).substitute(
        lang=html(lang), page_title=html(words["page_title"]),
        checkpoints_js=templates.script(), course_css=templates.text("course.css"),
        lesson=json_in_html({"lessons": lessons, "words": words, "mastery": mastery,
                             "attempts": attempts, "keep": keep, "watched": WATCHED,
                             "suspend_limit": SUSPEND_LIMIT}))
