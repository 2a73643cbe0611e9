"""Recorded answers to the exercises of lesson 07: layer_step, the no-decay group, τ, λ for twice the data."""

PRELUDE = '''
import numpy as np
import helpers
'''

ANSWERS = [
    # --- 07.1 layer_step
    dict(exercise="07.1", mistake="penalized bias", says="decayed the bias too", source='''
def layer_step(W, b, dW, db, lr, lam):
    return (1 - 2 * lr * lam) * W - lr * dW, (1 - 2 * lr * lam) * b - lr * db
'''),
    dict(exercise="07.1", mistake="lambda/2 convention", says="1 − 2ηλ, not 1 − ηλ", source='''
def layer_step(W, b, dW, db, lr, lam):
    return (1 - lr * lam) * W - lr * dW, b - lr * db
'''),
    dict(exercise="07.1", mistake="decay without the learning rate", says="by η", source='''
def layer_step(W, b, dW, db, lr, lam):
    return W - 2 * lam * W - lr * dW, b - lr * db
'''),
    dict(exercise="07.1", mistake="penalty left out", says="plain step", source='''
def layer_step(W, b, dW, db, lr, lam):
    return W - lr * dW, b - lr * db
'''),
    dict(exercise="07.1", mistake=None, says="in place", source='''
def layer_step(W, b, dW, db, lr, lam):
    W -= lr * (dW + 2 * lam * W)
    b -= lr * db
    return W, b
'''),
    dict(exercise="07.1", mistake=None, says="should be a pair (W_new, b_new)", source='''
def layer_step(W, b, dW, db, lr, lam):
    return (1 - 2 * lr * lam) * W - lr * dW
'''),
    # --- 07.2 no_decay
    dict(exercise="07.2", mistake="decay everything", says="limits no capacity", source='''
no_decay = "a"
'''),
    dict(exercise="07.2", mistake="forgot the norm gains", says="LayerNorm", source='''
no_decay = "b)"
'''),
    dict(exercise="07.2", mistake="excluded the wrong matrices", says="embedding and output matrices", source='''
no_decay = "(d)"
'''),
    dict(exercise="07.2", mistake=None, says="one of a, b, c, d", source='''
no_decay = "e"
'''),
    dict(exercise="07.2", mistake=None, says="it is the int 3", source='''
no_decay = 3
'''),
    dict(exercise="07.2", mistake=None, says="it is a list of 2 items", source='''
no_decay = ["qkv.bias", "fc.bias"]
'''),
    # --- 07.3 tau
    dict(exercise="07.3", mistake="paper parametrization", says="τ = 1/λ", source='''
tau = 1 / 0.05
'''),
    dict(exercise="07.3", mistake="product not inverse", says="its inverse", source='''
tau = 3e-4 * 0.05
'''),
    dict(exercise="07.3", mistake="lambda/2 convention", says="a factor 2", source='''
tau = 1 / (2 * 3e-4 * 0.05)
'''),
    dict(exercise="07.3", mistake="learning rate only", says="τ = 1/η", source='''
tau = 1 / 3e-4
'''),
    dict(exercise="07.3", mistake=None, says="Remove the quotes", source='''
tau = "66667"
'''),
    dict(exercise="07.3", mistake=None, says="about 10× too large", source='''
tau = 6.7e5
'''),
    # --- 07.4 wd_doubled
    dict(exercise="07.4", mistake="kept weight_decay", says="τ in *iterations*", source='''
wd_doubled = 0.1
'''),
    dict(exercise="07.4", mistake="doubled weight_decay", says="*less* decay per step", source='''
wd_doubled = 0.2
'''),
    dict(exercise="07.4", mistake="square-root scaling", says="by 1/√2", source='''
wd_doubled = 0.1 / np.sqrt(2)
'''),
    dict(exercise="07.4", mistake=None, says="too small", source='''
wd_doubled = 0.025
'''),
    dict(exercise="07.4", mistake=None, says="Give a single number", source='''
wd_doubled = np.array([0.05, 0.05])
'''),
    dict(exercise="07.4", mistake=None, status="not attempted", says="not attempted yet", source='''
wd_doubled = None
'''),
    dict(exercise="07.4", mistake=None, status="passed", says="doubling N halves λ", source='''
wd_doubled = 0.1 / 2
'''),
]
