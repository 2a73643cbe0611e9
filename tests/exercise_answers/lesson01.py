"""Recorded answers to the exercises of lesson 01: fit_rmse, best_degree, which curve overfits."""

PRELUDE = '''
import numpy as np
import helpers
from numpy.polynomial.polynomial import polyval
from helpers import load_curvefitting, polynomial_features, ridge_fit, sample_sine

data = load_curvefitting()
x, t = data.X[:, 0], data.y
x_test, t_test = sample_sine(100, seed=1)


def fit_polynomial(x, t, degree):
    if degree == 0:
        return np.array([np.mean(t)])
    fit = ridge_fit(polynomial_features(x, degree), t, 0.0)
    return np.concatenate([[fit.intercept], fit.coef])


def predict(w, x):
    return polyval(x, w)


def rmse(y_pred, t):
    return np.sqrt(np.mean((y_pred - t) ** 2))


x_val, t_val = sample_sine(50, seed=4)
'''

ANSWERS = [
    # --- 01.1 fit_rmse
    dict(exercise="01.1", mistake="mean squared error", says="its square root", source='''
def fit_rmse(w, x, t):
    return float(np.mean((polyval(x, w) - t) ** 2))
'''),
    dict(exercise="01.1", mistake="root of the sum", says="divide by N first", source='''
def fit_rmse(w, x, t):
    return float(np.sqrt(np.sum((polyval(x, w) - t) ** 2)))
'''),
    dict(exercise="01.1", mistake="np.polyval order", says="highest power first", source='''
def fit_rmse(w, x, t):
    return float(np.sqrt(np.mean((np.polyval(w, x) - t) ** 2)))
'''),
    dict(exercise="01.1", mistake="std of residuals", says="standard deviation", source='''
def fit_rmse(w, x, t):
    return float(np.std(polyval(x, w) - t))
'''),
    dict(exercise="01.1", mistake="Bishop's E(w)", says="sqrt(2E/N)", source='''
def fit_rmse(w, x, t):
    return 0.5 * np.sum((polyval(x, w) - t) ** 2)
'''),
    dict(exercise="01.1", mistake="Bishop's half in the RMSE", says="kept Bishop's ½", source='''
def fit_rmse(w, x, t):
    E = 0.5 * np.sum((polyval(x, w) - t) ** 2)
    return float(np.sqrt(E / len(x)))
'''),
    dict(exercise="01.1", mistake="divided by N-1", says="N − 1", source='''
def fit_rmse(w, x, t):
    return float(np.sqrt(np.sum((polyval(x, w) - t) ** 2) / (len(x) - 1)))
'''),
    dict(exercise="01.1", mistake=None, says="Remove the quotes", source='''
def fit_rmse(w, x, t):
    return f"{np.sqrt(np.mean((polyval(x, w) - t) ** 2)):.4f}"
'''),
    # --- 01.2 best_degree
    dict(exercise="01.2", mistake=None, says="Remove the quotes", source='''
best_degree = "7"
'''),
    dict(exercise="01.2", mistake="chose by training error", says="*training* error", source='''
train = [rmse(predict(fit_polynomial(x, t, M), x), t) for M in range(10)]
best_degree = int(np.argmin(train))
'''),
    dict(exercise="01.2", mistake="chose by test error", says="*test* set", source='''
test = [rmse(predict(fit_polynomial(x, t, M), x_test), t_test) for M in range(10)]
best_degree = int(np.argmin(test))
'''),
    dict(exercise="01.2", mistake="returned the RMSE", says="np.argmin", source='''
val = [rmse(predict(fit_polynomial(x, t, M), x_val), t_val) for M in range(10)]
best_degree = min(val)
'''),
    dict(exercise="01.2", mistake="counted coefficients", says="M + 1", source='''
val = [rmse(predict(fit_polynomial(x, t, M), x_val), t_val) for M in range(10)]
best_degree = int(np.argmin(val)) + 1      # "the first degree is 1"
'''),
    dict(exercise="01.2", mistake=None, says="Give a single number", source='''
val = np.array([rmse(predict(fit_polynomial(x, t, M), x_val), t_val) for M in range(10)])
best_degree = np.where(val == np.min(val))[0]
'''),
    dict(exercise="01.2", mistake=None, says="True and False are not numbers", source='''
best_degree = True
'''),
    dict(exercise="01.2", mistake=None, says="is not right", source='''
best_degree = 3
'''),
    dict(exercise="01.2", status="passed", mistake=None, says="correct", source='''
val = np.array([rmse(predict(fit_polynomial(x, t, M), x_val), t_val) for M in range(10)])
best_degree = val.argmin()
'''),
    # --- 01.3 which curve overfits (statements numbered 1 to 5)
    dict(exercise="01.3", mistake=None, says="A, B and C name the curves", source='''
answer = "B"
'''),
    dict(exercise="01.3", mistake=None, says="answer with one of 1, 2, 3, 4, 5", source='''
answer = "d"
'''),
    dict(exercise="01.3", mistake="zero training error as the definition", says="Right curve, wrong reason", source='''
answer = "3"
'''),
    dict(exercise="01.3", mistake="underfitting taken for overfitting", says="underfitting", source='''
answer = "(1)"
'''),
    dict(exercise="01.3", mistake=None, says="should be a string", source='''
answer = 4
'''),
    dict(exercise="01.3", mistake="missed the test error", says="Compare the test errors", source='''
answer = "5."
'''),
    dict(exercise="01.3", mistake="a small generalization gap", says="small gap is expected", source='''
answer = " 2) "
'''),
    dict(exercise="01.3", status="passed", mistake=None, says="correct", source='''
answer = "4)"
'''),
]
