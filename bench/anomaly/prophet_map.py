#!/usr/bin/env python3
# aiops: bench/anomaly: how far Prophet's fitted point is from the MAP of its own model: fits Prophet on
# a series compare.py wrote, evaluates the log posterior of Prophet's Stan model at Prophet's point,
# minimises it further with scipy's L-BFGS-B, and prints both forecasts' MAE and final trend slopes
# SPDX-License-Identifier: MIT
"""prophet_map.py DATA_DIR NAME...   (after bench/anomaly/run.sh parity; run with build/tsbench-venv/bin/python)

The negative log posterior (Prophet's prophet.stan, linear growth, additive seasonality, constants
dropped), on Prophet's scaled data and its own design matrix and changepoints:
  sum r^2 / (2 s^2) + n log s + k^2 / 50 + m^2 / 50 + sum |d| / tau + sum b^2 / (2 prior^2) + 2 s^2
with |d| split into two non-negative parts so that L-BFGS-B handles the kink at 0."""
import logging
import sys

import numpy as np
import pandas as pd
from prophet import Prophet
from scipy.optimize import minimize


def study(directory, name):
    train = np.fromfile(f"{directory}/{name}.train.f64").reshape(-1, 2)
    test = np.fromfile(f"{directory}/{name}.test.f64").reshape(-1, 2)
    future = pd.to_datetime(test[:, 0], unit="s")
    model = Prophet(uncertainty_samples=0).fit(pd.DataFrame({"ds": pd.to_datetime(train[:, 0], unit="s"), "y": train[:, 1]}))
    fitted = {k: np.asarray(v)[0] for k, v in model.params.items()}
    t, y = model.history["t"].to_numpy(), model.history["y_scaled"].to_numpy()
    x, prior, _, _ = model.make_all_seasonality_features(model.history)
    x, prior, cp, tau = x.to_numpy(), np.asarray(prior), model.changepoints_t, model.changepoint_prior_scale
    above = (t[:, None] >= cp[None, :]).astype(float)
    nc, nb = len(cp), x.shape[1]

    def unpack(z):
        return z[0], z[1], z[2:2 + nc] - z[2 + nc:2 + 2 * nc], z[2 + 2 * nc:-1], z[-1]

    def objective(z):
        k, m, delta, beta, sigma = unpack(z)
        r = y - (k + above @ delta) * t - (m - above @ (cp * delta)) - x @ beta
        f = (r @ r / (2 * sigma ** 2) + len(y) * np.log(sigma) + (k ** 2 + m ** 2) / 50 + np.abs(delta).sum() / tau
             + (beta ** 2 / (2 * prior ** 2)).sum() + 2 * sigma ** 2)
        dr = -r / sigma ** 2
        g_delta = above.T @ (dr * t) - cp * (above.T @ dr)
        grad = np.r_[dr @ t + k / 25, dr.sum() + m / 25, g_delta + 1 / tau, -g_delta + 1 / tau,
                     x.T @ dr + beta / prior ** 2, -(r @ r) / sigma ** 3 + len(y) / sigma + 4 * sigma]
        return f, grad

    start = np.r_[fitted["k"], fitted["m"], np.maximum(fitted["delta"], 0), np.maximum(-fitted["delta"], 0),
                  fitted["beta"], fitted["sigma_obs"]]
    bounds = [(None, None)] * 2 + [(0, None)] * (2 * nc) + [(None, None)] * nb + [(1e-9, None)]
    best = minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds,
                    options={"maxiter": 20000, "ftol": 1e-15, "gtol": 1e-10})
    t_future = ((future - model.start) / model.t_scale).to_numpy()
    above_future = (t_future[:, None] >= cp[None, :]).astype(float)
    x_future = model.make_all_seasonality_features(pd.DataFrame({"ds": future}))[0].to_numpy()

    def forecast(z):
        k, m, delta, beta, _ = unpack(z)
        return ((k + above_future @ delta) * t_future + (m - above_future @ (cp * delta)) + x_future @ beta) * model.y_scale

    print(f"{name}: L-BFGS-B from Prophet's point: {best.message} after {best.nit} iterations")
    for label, z in (("Prophet", start), ("L-BFGS-B", best.x)):
        k, _, delta, _, _ = unpack(z)
        print(f"{name}: {label:8} -log posterior {objective(z)[0]:.4f}, forecast MAE {np.abs(forecast(z) - test[:, 1]).mean():.4f}, "
              f"final slope k + sum d {k + delta.sum():.4f} (scaled)")


if __name__ == "__main__":
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    for series in sys.argv[2:]:
        study(sys.argv[1], series)
