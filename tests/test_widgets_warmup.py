"""The explorer base class, through lesson 00's warm-up explorer: no kernel, no browser."""

import numpy as np

from helpers import ridge_fit
from helpers.widgets.warmup import ShrinkageDemo


def test_moving_the_slider_refits_and_redraws():
    demo = ShrinkageDemo()
    before_png, before = demo.image.value, demo.state["coef"]
    demo.slider.value = 100.0
    assert demo.state["lam"] == 100.0
    assert demo.state["coef"] == ridge_fit(demo.x[:, None], demo.y, 100.0).coef[0]
    assert abs(demo.state["coef"]) < abs(before)
    assert demo.image.value != before_png and bytes(demo.image.value).startswith(b"\x89PNG")
    assert "λ = 100" in demo.summary.value


def test_plain_text_form_says_what_it_is_and_to_run_the_cell():
    text = repr(ShrinkageDemo())
    assert "run this cell" in text and "VBox" not in text


def test_fast_render_draws_the_same_picture_as_a_full_redraw():
    demo = ShrinkageDemo()
    demo.slider.value = 3.0
    from io import BytesIO

    from PIL import Image
    fast = np.asarray(Image.open(BytesIO(bytes(demo.image.value))).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(BytesIO(demo.render_full())).convert("RGB"), dtype=int)
    assert fast.shape == full.shape
    assert np.mean(np.abs(fast - full)) < 1.0
