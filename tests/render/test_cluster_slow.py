"""The same batch on Dask distributed: a LocalCluster, then real `dask scheduler` and
`dask worker` processes on 127.0.0.1, one of them killed mid-render."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest

from explainer.content.toml import flatten
from explainer.render.dask_cluster import DASK_SETTINGS, DaskExecutor, render_job
from explainer.render.manifest import Manifest
from explainer.render.plan import plan
from explainer.settings import MANIM_OPTIONS_ENV
from tests.conftest import CAT, like_a_terminal

TINY = {"pixel_width": 192, "pixel_height": 108, "frame_rate": 5}
BIN = Path(sys.executable).parent


def explainer(env, *args, code=0):
    proc = subprocess.run([sys.executable, "-m", "explainer.cli", *args], env=env,
                          capture_output=True, text=True, check=False, cwd=CAT.root)
    assert proc.returncode == code, proc.stderr[-3000:] + proc.stdout[-3000:]
    return proc


def entries(out):
    return {e.files["main"]: e for e in Manifest.from_file(out / "manifest.json").entries.values()}


def decodable(path):
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(video=0)) > 10


@pytest.fixture
def env(tmp_path):
    return {**os.environ, MANIM_OPTIONS_ENV: json.dumps(TINY),
            "EXPLAINER_CACHE_DIR": str(tmp_path / "cache")}


@pytest.mark.slow
def test_local_cluster_matches_a_local_batch(env, tmp_path):
    args = ["render", "dying-relu", "activation-tanh", "-l", "all"]
    explainer(env, *args, "-j", "2", "-o", str(tmp_path / "local"))
    explainer(env, *args, "--scheduler", "local:2", "-o", str(tmp_path / "dask"))
    local, dask = entries(tmp_path / "local"), entries(tmp_path / "dask")
    assert set(local) == set(dask) and len(local) == 4
    for name, entry in local.items():
        other = dask[name]
        assert (other.job, other.key, other.captions_key, other.files) == (
            entry.job, entry.key, entry.captions_key, entry.files)
        assert other.duration == pytest.approx(entry.duration)
        for rel in other.files.values():
            assert (tmp_path / "dask" / rel).stat().st_size > 0
        assert decodable(tmp_path / "dask" / name)
    assert not list((tmp_path / "dask").rglob("*.partial"))


@pytest.mark.slow
def test_a_worker_with_other_code_refuses_the_job(tmp_path):
    executor = DaskExecutor("local:1", tmp_path, CAT.root)
    try:
        executor.fingerprint = "0" * 64
        item = plan(CAT, ["dying-relu"], ["en"], "l", "mp4", "dark")[0]
        _, result = executor.submit(item).result(60)
    finally:
        executor.close()
    assert isinstance(result, str) and "runs other code or content" in result
    assert "client's 000000000000" in result
    assert not list(tmp_path.rglob("*.mp4"))


@pytest.mark.slow
def test_dask_runs_one_job_per_thread_in_a_plain_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(MANIM_OPTIONS_ENV, json.dumps(TINY))
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(tmp_path / "cache"))
    executor = DaskExecutor("local:2", tmp_path, CAT.root)
    (item,) = plan(CAT, ["activation-relu"], ["en"], "l", "png", "dark")
    try:
        # a second job queued behind a busy worker idles the other one at the end
        assert executor.slots == 2
        worker = executor.client.submit(lambda: dict(os.environ), pure=False).result(60)
        # what the worker's render process had, as it reports it
        payload = executor.client.submit(render_job, item.to_dict(), executor.fingerprint,
                                         pure=False).result(180)
    finally:
        executor.close()
    used = payload["report"]["environment"]
    # Dask's nanny tunes its worker's heap; a render process must not inherit that
    assert "MALLOC_TRIM_THRESHOLD_" in worker
    assert "MALLOC_TRIM_THRESHOLD_" not in used
    assert used["OPENBLAS_NUM_THREADS"] == "1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes():
    """(pid, stat fields after the name, command line) of every live process."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().split(")")[-1].split()
                cmd = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            yield int(proc.name), stat, cmd


def render_children(pid):
    """Render processes started by the process ``pid``."""
    return [p for p, stat, cmd in processes()
            if int(stat[1]) == pid and b"explainer.render.job_process" in cmd]


@pytest.mark.slow
def test_a_killed_worker_s_job_is_rendered_elsewhere(env, tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = (tmp_path / "dask.log").open("w")
    dask_env = {**env, "DASK_CONFIG": str(DASK_SETTINGS)}  # as the README starts them
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--dashboard-address", ":0"],
                                 stdout=logs, stderr=logs, env=dask_env)
    workers = [subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                 "--no-nanny", "--host", "127.0.0.1", "--no-dashboard"],
                                stdout=logs, stderr=logs, env=dask_env, cwd=CAT.root)
               for _ in range(2)]
    out = tmp_path / "renders"
    try:
        time.sleep(3)
        # every video split in two at its chapters: a killed worker's chunk runs elsewhere
        batch = subprocess.Popen([sys.executable, "-m", "explainer.cli", "render",
                                  "dying-relu", "activation-tanh", "-l", "all", "--split", "2",
                                  "--scheduler", address, "-o", str(out)],
                                 env=env, cwd=CAT.root, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        victim = None
        deadline = time.time() + 60
        while victim is None and time.time() < deadline:
            victim = next((w for w in workers if render_children(w.pid)), None)
            time.sleep(0.2)
        assert victim is not None, "no worker started rendering"
        time.sleep(1.0)  # mid-render
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        stdout, stderr = batch.communicate(timeout=300)
        assert batch.returncode == 0, stderr[-3000:] + stdout[-3000:]
    finally:
        for proc in [*workers, scheduler]:
            proc.kill()
            proc.wait()
        logs.close()
    found = entries(out)
    assert len(found) == 4
    for name in found:
        assert decodable(out / name)
    assert not list(out.rglob("*.partial")) and not (out / ".chunks").exists()
    json.loads((out / "manifest.json").read_text())


def session_processes(sid):
    """Processes still alive in the session ``sid`` (a batch and everything it started)."""
    return [p for p, stat, _ in processes() if int(stat[3]) == sid and stat[0] != "Z"]


@pytest.mark.slow
def test_ctrl_c_on_dask_keeps_finished_videos_and_leaves_nothing_running(env, tmp_path):
    out = tmp_path / "renders"
    batch = subprocess.Popen([sys.executable, "-m", "explainer.cli", "render", "dying-relu",
                              "activation-tanh", "activation-elu", "vanishing-gradient", "-l",
                              "all", "--scheduler", "local:2", "-o", str(out)],
                             env=env, cwd=CAT.root, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True,
                             preexec_fn=like_a_terminal)
    manifest = out / "manifest.json"
    deadline = time.time() + 120
    while time.time() < deadline and not (manifest.exists() and entries(out)):
        time.sleep(0.2)
    os.killpg(batch.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole group
    stdout, stderr = batch.communicate(timeout=60)
    assert batch.returncode == 130, stderr[-3000:]
    assert "interrupted" in stderr and "Traceback" not in stderr + stdout, stderr[-3000:]
    found = entries(out)
    assert 1 <= len(found) < 8
    for name, entry in found.items():
        assert decodable(out / name)
        for rel in entry.files.values():
            assert (out / rel).stat().st_size > 0
    assert not list(out.rglob("*.partial"))
    time.sleep(2)
    assert session_processes(batch.pid) == []


@pytest.mark.slow
def test_dask_settings_reach_the_workers_and_name_real_keys(tmp_path):
    import dask.config
    import distributed  # noqa: F401  (loads Dask's distributed defaults)
    import yaml

    settings = flatten(yaml.safe_load(DASK_SETTINGS.read_text()))
    defaults = dict(dask.config.config)
    for key in settings:  # a misspelt key would be ignored silently
        assert dask.config.get(key, config=defaults, default=KeyError) is not KeyError, key
    executor = DaskExecutor("local:1", tmp_path, CAT.root)
    try:
        seen = executor.client.submit(lambda keys: {k: dask.config.get(k) for k in keys},
                                      list(settings), pure=False).result(60)
    finally:
        executor.close()
    assert seen == settings
    # the same file configures a worker started by hand (README)
    code = ("import dask.config, distributed, json; "
            f"print(json.dumps([dask.config.get(k) for k in {list(settings)!r}]))")
    proc = subprocess.run([sys.executable, "-c", code],
                          env={**os.environ, "DASK_CONFIG": str(DASK_SETTINGS)},
                          capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == list(settings.values())
    assert dask.config.get("distributed.worker.profile.enabled") is True  # ours untouched
