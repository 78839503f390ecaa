#!/usr/bin/env bash
# Benchmark (not a test): Spark parameter averaging (ParameterAveragingTrainer) beside one JVM (SingleJvmTrainer)
# on the same network, global batch, seeds and data order: val loss after each epoch and examples/s, with ratios.
# usage: submit/bench-train.sh --data DATA_DIR [--epochs N] [--batch-per-worker B] [--optimizer adam|sgd-momentum] [--lr X]
#                              [--averaging-frequency F] [--average-updaters true|false] [--repeats R] [--train-images N]
#                              [--set train.KEY=VALUE ...] [--master local[2]]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command bench-train "$@"
