#!/usr/bin/env bash
# Benchmark (not a test): preprocess images/s in Spark beside a single-threaded loop and libjpeg-turbo's
# decode-only ceiling, on the same files; optionally the driver's heap for 5,000 vs 50,000 synthetic images.
# usage: submit/bench-preprocess.sh --input CELEBA_ROOT [--images N] [--repeats R] [--heap-check 5000,50000] [--master M]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command bench-preprocess "$@"
