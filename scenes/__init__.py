"""Manim scenes, one module per topic. This file imports nothing heavy: the render pipeline
reads ``SCENE_MODULES`` to know which module draws a scene without importing Manim."""

# Scene id -> (module, class) for the scenes not generated from the activation registry; every
# activation-<name> scene lives in ACTIVATION_MODULE.
SCENE_MODULES = {
    "linear-collapse": ("scenes.linear_collapse", "LinearCollapse"),
    "activation-overview": ("scenes.activation_curves", "ActivationOverview"),
    "vanishing-gradient": ("scenes.vanishing_gradient", "VanishingGradient"),
    "dying-relu": ("scenes.dying_relu", "DyingReLU"),
}
ACTIVATION_MODULE = "scenes.activation_curves"


def module_of(scene_id: str) -> str:
    """The module whose source draws ``scene_id``."""
    return SCENE_MODULES[scene_id][0] if scene_id in SCENE_MODULES else ACTIVATION_MODULE
