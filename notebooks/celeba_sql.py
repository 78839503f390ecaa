"""Spark SQL over the celeba-spark metrics tables, from a notebook.

Each query runs through ``submit/sql.sh --format json`` (the project's own ``sql`` command, so the views
and Delta setup are exactly the ones the report uses) and comes back as a pandas DataFrame. Where PySpark
with Delta is at hand, ``spark.read.format("delta").load(METRICS / "epochs")`` reads the same tables.

Settings, from the environment:
  CELEBA_METRICS     the metrics root, an absolute path: the kernel runs in notebooks/
                     (default: the quickstart's, target/quickstart/metrics)
  CELEBA_EXPERIMENT  the experiment to look at (default: quick)
  CELEBA_SQL_MASTER  the Spark master for the queries (default: local[2])
"""
import json
import os
import subprocess
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
METRICS = Path(os.environ.get("CELEBA_METRICS", REPO / "target" / "quickstart" / "metrics"))
EXPERIMENT = os.environ.get("CELEBA_EXPERIMENT", "quick")
MASTER = os.environ.get("CELEBA_SQL_MASTER", "local[2]")

# One colour per arm, the same in every chart and notebook.
ARM_COLOURS = {"lr-decay": "tab:blue", "batch-growth": "tab:orange", "constant": "tab:gray", "hybrid": "tab:green",
               "noise-capped-growth": "tab:cyan", "noise-scale": "black"}

# The epochs table's gradient-noise-scale columns (nullable; tables written before them lack them), as the
# report reads them (io.celebaspark.report.EpochNoise): the EMA estimate and the epoch's pooled one.
NOISE_SCALE = "noise_scale_ema"
NOISE_SCALE_POOLED = "noise_scale"


def colour(arm: str) -> str:
    return ARM_COLOURS.get(arm, "tab:purple")


def sql(query: str) -> pd.DataFrame:
    """Runs one Spark SQL query over the tables runs, epochs, label_metrics, events (and the view metrics)."""
    if not (METRICS / "runs").is_dir():
        raise FileNotFoundError(f"no metrics tables at {METRICS}: run submit/quickstart.sh first, or set "
                                f"CELEBA_METRICS to a metrics root (the folder holding runs/, epochs/, ...)")
    proc = subprocess.run([str(REPO / "submit" / "sql.sh"), "--metrics", str(METRICS), "--format", "json",
                           "--master", MASTER, query], capture_output=True, text=True)
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no message"
        raise RuntimeError(f"submit/sql.sh exited with {proc.returncode}: {last}\nquery: {query}")
    return pd.DataFrame([json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")])


def experiment_frame(query: str, what: str) -> pd.DataFrame:
    """A query's rows for the experiment, refusing an empty answer with what to do about it."""
    frame = sql(query)
    if frame.empty:
        raise LookupError(f"no {what} for experiment '{EXPERIMENT}' in {METRICS}: run it with "
                          f"submit/experiment.sh, or set CELEBA_EXPERIMENT to one that ran")
    return frame
