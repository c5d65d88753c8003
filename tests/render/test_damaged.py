"""An output counts as current only while every file of it is the one placed: a deleted or
changed video, caption, chapter track or poster is noticed (and remade by the next render:
tests/render/test_batch_slow.py)."""

import os

import pytest

from explainer.render.manifest import MANIFEST_NAME, Entry, Manifest
from explainer.render.plan import plan, states, video_is_current
from tests.conftest import CAT


@pytest.fixture
def placed(tmp_path):
    """dying-relu [en] planned, its files on disk and in the manifest as a render leaves
    them."""
    (item,) = plan(CAT, ["dying-relu"], ["en"], "l", "mp4", "dark")
    out = tmp_path / "renders"
    files = {role: path.relative_to(out).as_posix() for role, path in item.job.files(out).items()}
    for role, rel in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(f"{role} bytes".encode() * 50)
    entry = Entry(item.job, item.key, files, 1.0, 192, 108, 1, 1.0, "now",
                  captions_key=item.captions_key).with_digests(out)
    manifest = Manifest()
    manifest.put(entry)
    manifest.to_file(out / MANIFEST_NAME)
    return item, out, entry


def test_untouched_outputs_are_current(placed):
    item, out, entry = placed
    assert entry.damaged(out) == []
    assert states([item], out) == ["rendered"]
    # copied or touched, the same bytes: still the file placed
    srt = out / entry.files["srt"]
    os.utime(srt, (1, 1))
    assert entry.damaged(out) == [] and states([item], out) == ["rendered"]


@pytest.mark.parametrize("role", ["main", "poster", "srt", "vtt", "chapters"])
@pytest.mark.parametrize("harm", ["deleted", "truncated", "one byte changed"])
def test_each_damaged_file_is_noticed(placed, role, harm):
    item, out, entry = placed
    path = out / entry.files[role]
    if harm == "deleted":
        path.unlink()
    elif harm == "truncated":
        path.write_bytes(path.read_bytes()[:10])
    else:  # same size, new time: only the bytes tell
        data = bytearray(path.read_bytes())
        data[5] ^= 1
        path.write_bytes(bytes(data))
    assert entry.damaged(out) == [role]
    assert states([item], out) == ["damaged"]
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    assert video_is_current(item, manifest, out) == (role != "main")


def test_an_entry_from_before_digests_notices_a_missing_file(placed):
    _, out, entry = placed
    old = Entry.from_dict({**entry.to_dict(), "digests": {}})
    (out / old.files["srt"]).write_bytes(b"changed")
    assert old.damaged(out) == []  # nothing to compare with: existence only
    (out / old.files["vtt"]).unlink()
    assert old.damaged(out) == ["vtt"]


def test_a_new_key_is_stale_not_damaged(placed):
    _, out, entry = placed
    (other,) = plan(CAT, ["dying-relu"], ["en"], "l", "mp4", "dark", {"steps": 50})
    assert states([other], out) == ["stale"]
    (out / entry.files["main"]).unlink()
    assert states([other], out) == ["missing"]


def test_files_shared_by_two_formats_follow_the_newest(placed):
    """mp4 and webm of one scene share its poster, captions and chapters: rendering the webm
    rewrites them, which does not damage the mp4 (the gallery once lost the webm that way)."""
    item, out, mp4 = placed
    (webm_item,) = plan(CAT, ["dying-relu"], ["en"], "l", "webm", "dark")
    files = {role: p.relative_to(out).as_posix() for role, p in webm_item.job.files(out).items()}
    assert files["poster"] == mp4.files["poster"] and files["main"] != mp4.files["main"]
    for role in ("main", "poster", "srt", "vtt", "chapters"):  # the webm render writes these
        (out / files[role]).write_bytes(f"webm {role}".encode() * 40)
    manifest = Manifest.from_file(out / MANIFEST_NAME)
    manifest.put(Entry(webm_item.job, webm_item.key, files, 1.0, 192, 108, 1, 1.0, "now",
                       captions_key=webm_item.captions_key).with_digests(out))
    manifest.to_file(out / MANIFEST_NAME)
    again = Manifest.from_file(out / MANIFEST_NAME)
    assert [e.damaged(out) for e in again.entries.values()] == [[], []]
    assert states([item, webm_item], out) == ["rendered", "rendered"]
