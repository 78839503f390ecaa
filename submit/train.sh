#!/usr/bin/env bash
# Tensors table -> a trained CNN on Spark (DL4J parameter averaging) with the plateau controller; checkpoints
# and models under RUNS_DIR/<run_id>/, metrics as Delta tables under METRICS_DIR.
# usage: submit/train.sh --data DATA_DIR --metrics METRICS_DIR --output RUNS_DIR [--config FILE]
#                        [--run-id ID] [--resume RUN_ID] [--set key=value ...] [--master M]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command train "$@"
