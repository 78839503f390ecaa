#!/usr/bin/env bash
# A saved model + photos -> each photo's probability of every label the model was trained on (local, no cluster).
# usage: submit/predict.sh --model MODEL_PATH [--format table|json] [--faces] [--fail-fast] IMAGE_OR_DIR ...
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command predict "$@"
