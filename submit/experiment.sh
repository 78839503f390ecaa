#!/usr/bin/env bash
# An experiment: every run of conf/experiments/NAME.conf (or of an experiment file) in one Spark application,
# one after another or --parallel N at a time (each in its own FAIR scheduler pool), tagged with the
# experiment's name; launched again, it skips FINISHED runs and resumes the others from their checkpoints.
# usage: submit/experiment.sh --data DATA_DIR --metrics METRICS_DIR --output RUNS_DIR NAME_OR_FILE
#                             [--seeds N] [--slice I/N] [--parallel N] [--dry-run] [--config FILE] [--set key=value ...]
#                             [--master M]
# --slice I/N runs only runs I, I+N, I+2N, ... of the plan, so N submissions share one grid (docs/cluster.md).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command experiment "$@"
