"""A new scene never breaks the project's own tests: in a worktree of HEAD, `explainer new`
writes a scene, then the whole fast suite runs there (fixtures and counts must follow the
catalogue). Prints JSON: the suite's closing line and its exit code.

    python benchmarks/new_scene_check.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from worktree import HERE, checkout, env_for


def main() -> None:
    with checkout("HEAD") as tree:
        (tree / ".venv").symlink_to(HERE / ".venv")
        env = env_for(tree)
        made = subprocess.run([sys.executable, "-m", "explainer.cli", "new", "coral-reefs",
                               "--title", "Coral reefs"], cwd=tree, env=env,
                              capture_output=True, text=True, check=False)
        start = time.perf_counter()
        suite = subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-n",
                                "2", "-p", "no:cacheprovider", "--basetemp",
                                str(tree.parent / "pytest")], cwd=tree, env=env,
                               capture_output=True, text=True, check=False)
        lines = suite.stdout.strip().splitlines()
        print(json.dumps({"new": made.returncode, "new_output": made.stdout.splitlines(),
                          "suite": suite.returncode, "closing": lines[-1:],
                          "failures": [x for x in lines if x.startswith("FAILED")],
                          "seconds": round(time.perf_counter() - start, 1)}, indent=1))


if __name__ == "__main__":
    main()
