import numpy as np
from PIL import Image

from explainer.kit.stack_check import render_frame


def test_stack_check_renders_formula_and_chinese_text(tmp_path):
    out = render_frame(tmp_path / "frame.png")
    pixels = np.asarray(Image.open(out).convert("L"), dtype=float)
    assert pixels.shape == (480, 854)
    lit_rows = np.flatnonzero((pixels > 128).any(axis=1))
    # Two separate lines of bright ink: the formula above, the Chinese sentence below.
    gaps = np.diff(lit_rows)
    assert lit_rows.size > 40 and gaps.max() > 10
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
