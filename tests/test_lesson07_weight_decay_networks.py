"""Lesson 07: the two-moons explorer, its training grid, the plotting functions and the exercise checks."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import make_moons

from helpers import check
from helpers.exercises import catalog, get
from helpers.neural import accuracy, init_mlp, train_mlps, weight_norm
from helpers.plots import neural as nplot
from helpers.widgets.moons import DECAY, LEVELS, WIDTHS, MoonsExplorer, decision_boundary, train_grid


def moons():
    X, y = make_moons(n_samples=560, noise=0.3, random_state=0)
    return X[:60], y[:60], X[60:], y[60:]


@pytest.fixture(scope="module")
def explorer():
    exp = MoonsExplorer(*moons(), n_steps=150)          # fewer steps than the lesson: the tests check plumbing
    yield exp
    plt.close("all")


# ---------------------------------------------------------------------------------------------- training grid

def test_grid_equals_training_each_network_alone():
    X, y, _, _ = moons()
    nets = train_grid(X, y, widths=(4, 8), n_steps=40)
    assert len(nets) == 2 * 2 * len(LEVELS)
    for name, optimizer in (("Adam + L2", "adam"), ("AdamW", "adamw")):
        level = 3
        alone = train_mlps([init_mlp([2, 8, 2], seed=0)], X, y, optimizer=optimizer, lr=0.01, n_steps=40,
                           weight_decay=DECAY[name][level])[0]
        for p, q in zip(nets[name, 8, level], alone):
            np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)


def test_decision_boundary_length_of_a_circle_and_a_line():
    xs = ys = np.linspace(-1, 1, 401)
    gx, gy = np.meshgrid(xs, ys)
    circle = 1.0 / (1.0 + np.exp(20 * (np.hypot(gx, gy) - 0.5)))     # p = ½ on the circle of radius ½
    _, _, length = decision_boundary(xs, ys, circle)
    assert length == pytest.approx(np.pi, rel=1e-3)
    bx, by, line = decision_boundary(xs, ys, np.tile((xs + 1) / 2, (len(ys), 1)))
    assert line == pytest.approx(2.0, rel=1e-9)
    assert np.allclose(bx[np.isfinite(bx)], 0.0, atol=1e-9)
    _, _, none = decision_boundary(xs, ys, np.zeros((len(ys), len(xs))))
    assert none == 0.0


# ---------------------------------------------------------------------------------------------- explorer

def test_plain_text_is_short_and_says_to_run_the_cell(explorer):
    assert len(repr(explorer)) < 110 and "run this cell" in repr(explorer)


def test_every_setting_renders_and_reports_its_own_numbers(explorer):
    X, y, Xt, yt = moons()
    seen = set()
    for name in DECAY:
        explorer.optimizer_buttons.value = name
        for width in WIDTHS:
            explorer.width_buttons.value = width
            for level in LEVELS:
                explorer.level_slider.value = level
                state = explorer.state
                net = explorer.nets[name, width, LEVELS.index(level)]
                assert state["weight_decay"] == DECAY[name][LEVELS.index(level)]
                assert state["test_error"] == pytest.approx(1 - accuracy(net, Xt, yt))
                assert state["train_error"] == pytest.approx(1 - accuracy(net, X, y))
                assert state["norm"] == pytest.approx(weight_norm(net))
                seen.add(explorer.image.value)
    assert len(seen) > 20                                   # the picture changes with the settings
    explorer.reset()


def _pixels(png):
    import io

    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"), dtype=int)


def test_every_setting_is_drawn_at_build_and_a_move_shows_what_a_full_redraw_draws(explorer):
    assert set(explorer._pictures) == {(n, w, k) for n in DECAY for w in WIDTHS for k in range(len(LEVELS))}
    for setting in ({"optimizer_buttons": "Adam + L2", "width_buttons": 4, "level_slider": "strong"},
                    {"optimizer_buttons": "AdamW", "width_buttons": 16, "level_slider": "none"},
                    {"optimizer_buttons": "AdamW", "width_buttons": 64, "level_slider": "very strong"}):
        explorer.apply(setting)
        for image, png in zip(explorer.images, explorer.render_full_panels()):
            fast, slow = _pixels(image.value), _pixels(png)
            assert fast.shape == slow.shape and np.mean(np.abs(fast - slow)) < 1.0
    explorer.invalidate()                                   # a redraw of everything forgets the stored pictures
    assert len(explorer._pictures) == 0
    explorer.reset()
    assert len(explorer._pictures) == 1


def test_decay_shrinks_the_weights_in_the_explorer(explorer):
    for name in DECAY:
        norms = [weight_norm(explorer.nets[name, WIDTHS[-1], k]) for k in range(len(LEVELS))]
        assert norms[-1] < 0.5 * norms[0]


def test_presets_and_reset(explorer):
    explorer.apply(explorer.presets()["too much decay"])
    assert explorer.state["level"] == len(LEVELS) - 1 and explorer.state["optimizer"] == "AdamW"
    explorer.reset()
    assert explorer.state["level"] == LEVELS.index("weak") and explorer.state["width"] == WIDTHS[-1]


def test_stored_networks_are_reused_and_checked():
    X, y, Xt, yt = moons()
    nets = train_grid(X, y, n_steps=5)
    exp = MoonsExplorer(X, y, Xt, yt, nets=nets)
    assert exp.nets is nets
    with pytest.raises(ValueError, match="nets lacks"):
        MoonsExplorer(X, y, Xt, yt, nets={k: v for k, v in list(nets.items())[1:]})
    plt.close("all")


def test_explorer_rejects_bad_input():
    X, y, Xt, yt = moons()
    with pytest.raises(ValueError, match="only the labels 0 and 1"):
        MoonsExplorer(X, y + 2, Xt, yt, n_steps=1)
    with pytest.raises(ValueError, match="X_test"):
        MoonsExplorer(X, y, Xt[:, :1].ravel(), yt, n_steps=1)
    with pytest.raises(ValueError, match="two columns"):
        train_grid(np.ones((4, 3)), np.array([0, 1, 0, 1]))


# ---------------------------------------------------------------------------------------------- plots

def test_plots_draw_on_the_axes_and_check_shapes():
    fig, axes = plt.subplots(1, 4)
    nplot.weight_images(axes, np.random.default_rng(0).normal(size=(64, 5)), title="λ = 0")
    assert all(len(ax.images) == 1 for ax in axes)
    with pytest.raises(ValueError, match="64"):
        nplot.weight_images(axes, np.ones((10, 5)))
    fig2, (a, b) = plt.subplots(1, 2)
    xs, ys = np.linspace(0, 1, 5), np.linspace(0, 1, 4)
    nplot.decision_regions(a, xs, ys, np.tile(xs, (4, 1)), np.zeros((3, 2)), np.array([0, 1, 0]), title="t")
    assert len(a.images) == 1
    with pytest.raises(ValueError, match="shape"):
        nplot.decision_regions(a, xs, ys, np.ones((5, 4)), np.zeros((3, 2)), np.array([0, 1, 0]), title="t")
    nplot.error_heatmap(b, np.array([[0.1, 0.2], [0.3, 0.05]]), row_values=[1, 2], col_values=[3, 4],
                        row_label="r", col_label="c", title="t")
    assert len(b.patches) == 1 and b.patches[0].get_xy() == (0.5, 0.5)      # the best cell is framed
    plt.close("all")


# ---------------------------------------------------------------------------------------------- exercises

def test_lesson07_exercises_are_registered_with_their_kinds():
    kinds = {e["id"]: e["kind"] for e in catalog() if e["lesson"] == "07"}
    assert kinds == {"07.1": "function", "07.2": "choice", "07.3": "value", "07.4": "value"}


def test_07_1_reference_and_named_mistakes(capsys):
    def reference(W, b, dW, db, lr, lam):
        return (1 - 2 * lr * lam) * W - lr * dW, b - lr * db

    def bias_decayed(W, b, dW, db, lr, lam):
        return (1 - 2 * lr * lam) * W - lr * dW, (1 - 2 * lr * lam) * b - lr * db

    assert check("07.1", reference).passed
    result = check("07.1", bias_decayed)
    assert not result.passed and result.mistake == "penalized bias"


@pytest.mark.parametrize("answer, mistake", [(1 / 0.05, "paper parametrization"), (3e-4 * 0.05, "product not inverse"),
                                             (1 / (2 * 3e-4 * 0.05), "lambda/2 convention")])
def test_07_3_mistakes(answer, mistake, capsys):
    result = check("07.3", answer)
    assert not result.passed and result.mistake == mistake


def test_07_4_value_and_mistakes(capsys):
    assert check("07.4", 0.05).passed
    assert check("07.4", 0.1).mistake == "kept weight_decay"
    assert check("07.4", 0.2).mistake == "doubled weight_decay"
    assert get("07.4").run("0.05").status == "failed"            # text is not a number


def test_07_2_choice(capsys):
    assert check("07.2", "(c)").passed
    assert check("07.2", "b").mistake == "forgot the norm gains"
