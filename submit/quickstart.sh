#!/usr/bin/env bash
# The whole path on a bare machine (Java 17 + Maven): build, draw synthetic faces, preprocess them on Spark,
# run the `quick` experiment (lr-decay vs batch-growth, 2 seeds), write the report and label a few faces.
# usage: submit/quickstart.sh [--workdir DIR] [--count N] [--image-size S] [--epochs N] [--master M]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORKDIR="$(cd "$HERE/.." && pwd)/target/quickstart"
COUNT=1200    # ~950 training faces: the four runs of `quick` take a few minutes on 2 cores
IMAGE_SIZE=32   # 32x32 tensors keep the four runs within minutes on 2 cores; the real experiments use 64
EPOCHS=""       # default: the quick experiment's own (3)
MASTER="local[*]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workdir) WORKDIR="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --image-size) IMAGE_SIZE="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "quickstart: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORKDIR"
START=$SECONDS
elapsed() { printf '%dm%02ds' $(((SECONDS - START) / 60)) $(((SECONDS - START) % 60)); }
epochs_set=()
[[ -n "$EPOCHS" ]] && epochs_set=(--set "train.epochs=$EPOCHS")
echo "== 1/5 synth: drawing $COUNT synthetic faces into $WORKDIR/celeba"
rm -rf "$WORKDIR/celeba"   # synth refuses a folder that exists: a second quickstart draws its faces afresh
"$HERE/synth.sh" --output "$WORKDIR/celeba" --count "$COUNT"
echo "== 2/5 preprocess ($(elapsed)): $WORKDIR/celeba -> $WORKDIR/data at ${IMAGE_SIZE}x$IMAGE_SIZE (Spark, master $MASTER)"
"$HERE/preprocess.sh" --input "$WORKDIR/celeba" --output "$WORKDIR/data" --overwrite --master "$MASTER" \
  --set "preprocess.image-size=$IMAGE_SIZE"
echo "== 3/5 experiment quick ($(elapsed)): lr-decay vs batch-growth, 2 seeds each (runs in $WORKDIR/runs)"
"$HERE/experiment.sh" --data "$WORKDIR/data" --metrics "$WORKDIR/metrics" --output "$WORKDIR/runs" quick \
  ${epochs_set[@]+"${epochs_set[@]}"} --master "$MASTER"
echo "== 4/5 report ($(elapsed)): statistics, charts and the verdict from the metrics tables"
"$HERE/report.sh" --metrics "$WORKDIR/metrics" --experiment quick --output "$WORKDIR/report" --master "$MASTER"
echo "== 5/5 predict ($(elapsed)): the best model of the first batch-growth run on three faces"
"$HERE/predict.sh" --model "$WORKDIR/runs/quick-batch-growth-a2-adam-s1/best" \
  "$WORKDIR/celeba/Img/img_align_celeba/000001.jpg" "$WORKDIR/celeba/Img/img_align_celeba/000002.jpg" \
  "$WORKDIR/celeba/Img/img_align_celeba/000003.jpg"
echo "== done in $(elapsed): report $WORKDIR/report/index.html, metrics tables in $WORKDIR/metrics (query them" \
  "with submit/sql.sh or the notebooks/), runs in $WORKDIR/runs"
echo "== the same model as a web page (upload a photo or use the webcam; Ctrl-C stops it):"
echo "   $HERE/serve.sh --model $WORKDIR/runs/quick-batch-growth-a2-adam-s1/best --port 8080"
