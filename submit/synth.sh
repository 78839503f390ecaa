#!/usr/bin/env bash
# Draw a synthetic CelebA in the official release layout.
# usage: submit/synth.sh --output DIR [--count N] [--seed S]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command synth "$@"
