"""What decides pixels travels in the plan, or is fixed where the render runs: the Manim
settings, the hash seed, x264's instructions; and one rule picks the poster frame."""

import json

import pytest

from explainer.captions import Cue
from explainer.render import cpu, keys, local
from explainer.render.job_process import encoder_options
from explainer.render.outputs import poster_time
from explainer.render.plan import Planned, plan
from explainer.settings import MANIM_OPTIONS_ENV
from tests.conftest import CAT

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}


def one(fmt="mp4", quality="m"):
    return plan(CAT, ["dying-relu"], ["en"], quality, fmt, "dark")[0]


def test_the_plan_carries_the_manim_settings_checked_at_planning(monkeypatch):
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(
        {**TINY, "video_encoder_options": {"crf": "30"}}))
    item = one()
    monkeypatch.delenv(MANIM_OPTIONS_ENV)  # as on a worker started without it
    received = Planned.from_dict(json.loads(json.dumps(item.to_dict())))
    options = encoder_options(received)
    assert {k: options[k] for k in TINY} == TINY
    # the user's encoder option joins the job's draft preset instead of replacing it
    assert options["video_encoder_options"]["crf"] == "30"
    assert options["video_encoder_options"]["preset"] == "veryfast"


def test_the_key_follows_the_planned_settings_and_nothing_else(monkeypatch):
    plain = one()
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(TINY))
    tiny = one()
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps({**TINY, "frame_rate": 6}))
    faster = one()
    assert len({plain.key, tiny.key, faster.key}) == 3
    # the same settings written another way are the same settings
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(dict(reversed(TINY.items()))))
    assert one().key == tiny.key


def test_a_render_process_has_a_fixed_hash_seed_whatever_the_user_set(monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "123")
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    env = local.child_env()
    assert env["PYTHONHASHSEED"] == "0"
    assert env["OPENBLAS_NUM_THREADS"] == "3"  # a user's speed setting still wins


def test_x264_gets_every_instruction_here_but_avx512(monkeypatch):
    monkeypatch.setattr(cpu, "flags", lambda: frozenset(
        {"sse", "sse2", "ssse3", "sse4_1", "avx", "avx2", "fma", "avx512f", "avx512bw"}))
    asm = cpu.x264_asm().split(",")
    assert {"SSE", "SSE2", "SSSE3", "SSE4.1", "AVX", "AVX2", "FMA3"} == set(asm)
    assert not any("512" in name for name in asm)
    assert "AVX2" in cpu.fingerprint()
    monkeypatch.setattr(cpu, "flags", lambda: frozenset({"sse", "sse2"}))
    assert cpu.x264_asm() == "SSE,SSE2"  # never an instruction the machine lacks


def test_the_instructions_go_to_x264_only_and_never_over_a_users_choice(monkeypatch):
    monkeypatch.setattr(cpu, "flags", lambda: frozenset({"sse", "sse2", "avx2"}))
    assert encoder_options(one())["video_encoder_options"]["x264-params"] == "asm=SSE,SSE2,AVX2"
    assert "x264-params" not in encoder_options(one("webm"))["video_encoder_options"]
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(
        {"video_encoder_options": {"x264-params": "asm=0"}}))
    assert encoder_options(one())["video_encoder_options"]["x264-params"] == "asm=0"


def test_a_worker_with_other_instructions_has_another_fingerprint(monkeypatch):
    here = keys.code_fingerprint(CAT.root)
    keys.toolchain_fingerprint.cache_clear()
    monkeypatch.setattr(cpu, "flags", lambda: frozenset({"sse", "sse2"}))
    try:
        assert keys.code_fingerprint(CAT.root) != here
    finally:
        keys.toolchain_fingerprint.cache_clear()


def cue(key, start, end):
    return Cue("x", start, end, key)


@pytest.mark.parametrize(("chapters", "expected"), [
    ([cue("chapters.title", 0, 3), cue("chapters.collapse", 3, 18.4), cue("chapters.b", 18.4, 30)],
     18.39),
    ([cue("chapters.collapse", 0, 7.0), cue("chapters.b", 7.0, 9.0)], 6.99),
    ([cue("chapters.title", 0, 3)], 2.99),  # only a title: its own last frame
])
def test_the_poster_is_the_last_frame_of_the_first_section_after_the_title(chapters, expected):
    assert poster_time(chapters) == pytest.approx(expected)
