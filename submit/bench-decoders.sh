#!/usr/bin/env bash
# Benchmark (not a test): single-threaded JPEG decoders side by side on the same files, and toChw.
# usage: submit/bench-decoders.sh --images DIR [--files N] [--repeats R]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command bench-decoders "$@"
