#!/usr/bin/env bash
# The whole path on a bare machine (Java 17 + Maven): build, draw synthetic faces, preprocess them on Spark.
# usage: submit/quickstart.sh [--workdir DIR] [--count N] [--master M]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORKDIR="$(cd "$HERE/.." && pwd)/target/quickstart"
COUNT=3000
MASTER="local[*]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workdir) WORKDIR="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) echo "quickstart: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORKDIR"
echo "== 1/2 synth: drawing $COUNT synthetic faces into $WORKDIR/celeba"
"$HERE/synth.sh" --output "$WORKDIR/celeba" --count "$COUNT"
echo "== 2/2 preprocess: $WORKDIR/celeba -> $WORKDIR/data (Spark, master $MASTER)"
"$HERE/preprocess.sh" --input "$WORKDIR/celeba" --output "$WORKDIR/data" --overwrite --master "$MASTER"
echo "== done: tensors in $WORKDIR/data/tensors, manifest $WORKDIR/data/manifest.json, rejects $WORKDIR/data/rejects"
