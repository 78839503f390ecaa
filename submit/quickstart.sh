#!/usr/bin/env bash
# The whole path on a bare machine (Java 17 + Maven): build, draw synthetic faces, preprocess them on Spark,
# train on them with batch growth (3 epochs), query the metrics tables and label a few faces with the model.
# usage: submit/quickstart.sh [--workdir DIR] [--count N] [--epochs N] [--master M]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORKDIR="$(cd "$HERE/.." && pwd)/target/quickstart"
COUNT=3000
EPOCHS=3
MASTER="local[*]"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workdir) WORKDIR="$2"; shift 2 ;;
    --count) COUNT="$2"; shift 2 ;;
    --epochs) EPOCHS="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) echo "quickstart: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORKDIR"
RUN_ID="quickstart-$(date -u +%Y%m%d-%H%M%S)"
echo "== 1/5 synth: drawing $COUNT synthetic faces into $WORKDIR/celeba"
"$HERE/synth.sh" --output "$WORKDIR/celeba" --count "$COUNT"
echo "== 2/5 preprocess: $WORKDIR/celeba -> $WORKDIR/data (Spark, master $MASTER)"
"$HERE/preprocess.sh" --input "$WORKDIR/celeba" --output "$WORKDIR/data" --overwrite --master "$MASTER"
echo "== 3/5 train: run $RUN_ID, batch growth on plateau, $EPOCHS epochs (models in $WORKDIR/runs)"
"$HERE/train.sh" --data "$WORKDIR/data" --metrics "$WORKDIR/metrics" --output "$WORKDIR/runs" --run-id "$RUN_ID" \
  --schedule batch-growth --epochs "$EPOCHS" --set schedule.patience=1 --master "$MASTER"
echo "== 4/5 sql: the run's epochs and the controller's decisions (metrics tables in $WORKDIR/metrics)"
"$HERE/sql.sh" --metrics "$WORKDIR/metrics" --master "$MASTER" \
  "SELECT epoch, global_batch, learning_rate, round(val_loss, 4) AS val_loss, round(val_balanced_acc_mean, 4) AS val_bal_acc FROM epochs WHERE run_id = '$RUN_ID' ORDER BY epoch"
"$HERE/sql.sh" --metrics "$WORKDIR/metrics" --master "$MASTER" \
  "SELECT epoch, kind, old_value, new_value FROM events WHERE run_id = '$RUN_ID' ORDER BY epoch, at"
echo "== 5/5 predict: the best model on three faces"
"$HERE/predict.sh" --model "$WORKDIR/runs/$RUN_ID/best" \
  "$WORKDIR/celeba/Img/img_align_celeba/000001.jpg" "$WORKDIR/celeba/Img/img_align_celeba/000002.jpg" \
  "$WORKDIR/celeba/Img/img_align_celeba/000003.jpg"
echo "== done: data in $WORKDIR/data, run $WORKDIR/runs/$RUN_ID, metrics tables in $WORKDIR/metrics"
