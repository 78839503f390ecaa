#!/usr/bin/env bash
# Benchmark (not a test): the Spark averaging round, train.spark.reuse-workers=true (no count job, networks reused,
# broadcasts destroyed) beside DL4J's stock master, same network, seed and synthetic images, in one run with the
# order alternating per repeat: examples/s, ms per round, their ratio, and whether the parameters match.
# usage: submit/bench-round.sh [--repeats R] [--images N] [--image-size S] [--batch-per-worker B]
#                              [--averaging-frequency F] [--set train.KEY=VALUE ...] [--master local[2]]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command bench-round "$@"
