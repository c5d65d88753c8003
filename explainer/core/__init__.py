"""The numeric core: numpy (with scipy.special), never Manim. Every number a scene shows comes
from here."""

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]  # the element type of every array the core computes with
