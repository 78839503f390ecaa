#!/usr/bin/env bash
# An experiment's HTML report (charts, statistics, verdict) from the metrics tables; prints its Markdown summary.
# usage: submit/report.sh --metrics METRICS_DIR --experiment NAME --output REPORT_DIR
#                         [--treatment ARM] [--control ARM] [--margin POINTS] [--target ACC] [--master M]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command report "$@"
