#!/usr/bin/env bash
# Benchmark (not a test): training speed of the compact network, side by side in one run on synthetic images:
# DL4J in one JVM, DL4J on Spark through ParameterAveragingTrainer, PyTorch on the same network
# (src/bench/python/compact_torch.py), and the machine's ceiling (a large 1x1 convolution through ND4J/oneDNN);
# examples/s and GFLOP/s min/median/max, as fractions of the ceiling and ratios to PyTorch; with --data, also the
# real train job on a preprocessed data folder, epoch wall time and examples/s over its epochs.
# usage: submit/bench-speed.sh [--data DIR [--data-epochs E]] [--repeats R] [--steps N] [--spark-images N] [--image-size S] [--ceiling-calls N]
#                              [--batch-per-worker B] [--python PATH] [--set train.KEY=VALUE ...] [--master local[2]]
# PyTorch: the first Python that imports torch (python3, then /usr/bin/python3); when none does, Debian's
# python3-torch is installed with apt-get (said so on stderr); --python PATH overrides.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

torch_python() {
  local candidate
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" > /dev/null && "$candidate" -c 'import torch' 2> /dev/null; then
      echo "$candidate"
      return
    fi
  done
  log "PyTorch is missing: installing Debian's python3-torch with apt-get (for the PyTorch side of the benchmark)"
  if (apt-get install -y -q python3-torch || { apt-get update -q && apt-get install -y -q python3-torch; }) >&2; then
    echo /usr/bin/python3
  else
    log "could not install python3-torch; the PyTorch rows will say why they are missing"
    echo python3
  fi
}

extra=()
if [[ " $* " != *" --python "* ]]; then
  extra+=(--python "$(torch_python)")
fi
if [[ " $* " != *" --torch-script "* ]]; then
  extra+=(--torch-script "$PROJECT_DIR/src/bench/python/compact_torch.py")
fi
set -- ${extra[@]+"${extra[@]}"} "$@"
run_command bench-speed "$@"
