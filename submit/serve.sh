#!/usr/bin/env bash
# A saved model as a web page and JSON API: upload photos or use the webcam; faces are found, aligned like
# CelebA and labelled (local, no cluster; loopback only unless --host says otherwise). See docs/serve.md.
# usage: submit/serve.sh --model MODEL_PATH [--port P] [--host H]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
run_command serve "$@"
