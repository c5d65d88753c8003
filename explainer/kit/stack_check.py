"""A one-frame probe of the whole rendering stack: LaTeX and dvisvgm (MathTex), Cairo, Pango and
the CJK font (Chinese Text). ``python -m explainer.kit.stack_check OUT.png`` writes the frame.

The strings here are a probe, not course content, so they live in code.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from manim import DOWN, MathTex, Scene, Text, VGroup, tempconfig

from explainer.files import place
from explainer.settings import FONT


class StackCheck(Scene):
    def construct(self) -> None:
        formula = MathTex(r"W_2(W_1 x + b_1) + b_2 = (W_2 W_1)\,x + (W_2 b_1 + b_2)")
        label = Text("没有激活函数，两层线性变换等于一层", font=FONT, font_size=36)
        self.add(VGroup(formula, label).arrange(DOWN, buff=0.6))


def render_frame(target: Path) -> Path:
    """Render StackCheck's only frame to ``target`` (written to a temp name, then renamed)."""
    with tempfile.TemporaryDirectory() as media:
        options = {
            "media_dir": media,
            "quality": "low_quality",
            "save_last_frame": True,
            "write_to_movie": False,
            "disable_caching": True,
            "verbosity": "WARNING",
            "progress_bar": "none",
        }
        with tempconfig(options):
            scene = StackCheck()
            scene.render()
            frame = Path(scene.renderer.file_writer.image_file_path)
        place(frame, target)
    return target


if __name__ == "__main__":
    out = render_frame(Path(sys.argv[1] if len(sys.argv) > 1 else "renders/stack-check.png"))
    print(f"wrote {out}")
