#!/usr/bin/env bash
# One Spark SQL query over the metrics tables (runs, epochs, label_metrics, events, and the long view metrics).
# usage: submit/sql.sh --metrics METRICS_DIR [--format table|csv|json] [--limit N] "SELECT ..." [--master M]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command sql "$@"
