#!/usr/bin/env bash
# Raw CelebA (official, torchvision or Kaggle layout) -> tensors table + manifest + rejects, on Spark.
# usage: submit/preprocess.sh --input CELEBA_ROOT --output DATA_DIR [--overwrite] [--limit N] [--master M]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command preprocess "$@"
