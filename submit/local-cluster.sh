#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, without a Spark distribution: one Master and N Workers
# run as background java processes from the same Spark classpath that the submit/*.sh scripts use.
# usage: submit/local-cluster.sh start|stop|status [--workers N] [--cores C] [--memory M]
#   start   starts the master and N workers (default 1; each C cores, default all cores / N, and M memory
#           for executors, default 2g), waits until the master reports them ALIVE, prints the master URL
#   stop    stops them (and their executors); does nothing when nothing runs
#   status  prints the state of the master and the workers; exit 3 when the master is not running
# Then: submit/preprocess.sh --input DIR --output DIR --master spark://127.0.0.1:7077
#
# Environment: CELEBA_MASTER_PORT (7077), CELEBA_MASTER_WEBUI_PORT (8080), CELEBA_WORKER_WEBUI_PORT (8081,
# +1 per further worker), CELEBA_DAEMON_MEMORY (heap of the master and of each worker, default 1g) and
# CELEBA_WORK_DIR (see common.sh): logs, pid files, the workers' work dirs and the stand-in SPARK_HOME live
# in its cluster/ folder.
# CELEBA_SPARK_SECRET: when set, the cluster runs with spark.authenticate and this shared secret, and refuses
# applications without it (docs/cluster.md). The daemons read it from their environment (Spark's
# _SPARK_AUTH_SECRET), never from their command line; a worker hands it to its executors the same way. Jobs
# submitted with the submit/*.sh scripts and the same CELEBA_SPARK_SECRET authenticate with it.
#
# Pid files, so that a process is found by what started it and never by its name: cluster/pids/master.pid
# and cluster/pids/worker-N.pid; each executor writes executor.pid into its own work dir,
# cluster/worker-N/APP_ID/EXECUTOR_ID/ (the Worker starts executors with the java of a stand-in JAVA_HOME
# that records the pid before it becomes the JVM).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CLUSTER_DIR="$WORK_DIR/cluster"
MASTER_PORT="${CELEBA_MASTER_PORT:-7077}"
MASTER_WEBUI_PORT="${CELEBA_MASTER_WEBUI_PORT:-8080}"
WORKER_WEBUI_PORT="${CELEBA_WORKER_WEBUI_PORT:-8081}"
DAEMON_MEMORY="${CELEBA_DAEMON_MEMORY:-1g}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
MASTER_JSON="http://127.0.0.1:$MASTER_WEBUI_PORT/json/"
START_TIMEOUT_SECONDS=180

usage_error() {
  echo "local-cluster: $*" >&2
  exit 2
}

# running_pid FILE: prints the pid recorded in FILE when that process is still a Spark daemon (a stale pid
# file may name a pid the system has since given to something else, which must not be killed).
running_pid() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(cat "$1")"
  grep -qa 'org.apache.spark.deploy' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# The master's state as JSON; --noproxy because a proxy from the environment must not see loopback requests.
master_json() {
  curl -sf --noproxy '*' --max-time 5 "$MASTER_JSON"
}

# json_number KEY: a top-level number of the master's pretty-printed JSON (its workers nest the same keys deeper).
json_number() {
  grep -o "^  \"$1\" : [0-9]*" | grep -o '[0-9]*$' || echo 0
}

# Spark's Worker starts executors through its launcher code, which finds Spark's jars in $SPARK_HOME/jars and
# needs the Scala version spelled out when there is no distribution: a stand-in SPARK_HOME with links to
# the jars of the classpath the daemons themselves run from.
make_spark_home() {
  local home="$CLUSTER_DIR/spark-home"
  rm -rf "$home"
  mkdir -p "$home/jars"
  tr ':' '\n' <<< "$1" | while read -r jar; do
    [[ -n "$jar" ]] && ln -s "$jar" "$home/jars/"
  done
  echo "$home"
}

# The Worker starts each executor as $JAVA_HOME/bin/java in the executor's work dir: a stand-in JAVA_HOME
# whose java writes executor.pid there and then execs (so keeps that pid as) the real java.
make_executor_java_home() {
  local home="$CLUSTER_DIR/executor-java-home"
  mkdir -p "$home/bin"
  printf '#!/usr/bin/env bash\necho $$ > executor.pid\nexec %q "$@"\n' "$(command -v "$JAVA")" > "$home/bin/java"
  chmod +x "$home/bin/java"
  echo "$home"
}

# launch NAME CLASS ARGS...: one background daemon with its log and pid file in the cluster folder.
launch() {
  local name="$1"
  shift
  "$JAVA" -Xmx"$DAEMON_MEMORY" "${JAVA17_OPENS[@]}" ${AUTH_OPTS[@]+"${AUTH_OPTS[@]}"} -cp "$DAEMON_CLASSPATH" "$@" \
    > "$CLUSTER_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/pids/$name.pid"
}

fail_start() {
  log "$1"
  local file
  for file in "$CLUSTER_DIR"/logs/*.log; do
    log "--- last lines of $file"
    tail -n 20 "$file" >&2
  done
  stop >&2
  exit 1
}

start() {
  local workers=1 cores="" memory=2g
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      *) usage_error "unknown option $1" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || usage_error "--workers must be a positive number, not '$workers'"
  [[ -z "$cores" ]] && cores=$(( $(nproc) / workers > 0 ? $(nproc) / workers : 1 ))
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || usage_error "--cores must be a positive number, not '$cores'"
  [[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || usage_error "--memory must look like 512m or 2g, not '$memory'"
  if running_pid "$CLUSTER_DIR/pids/master.pid" > /dev/null; then
    echo "local-cluster: already running at $MASTER_URL; stop it first" >&2
    exit 1
  fi
  stop > /dev/null  # workers left over from a master that died

  app_jar > /dev/null  # the build writes the Java 17 flags; the jar is also what gets submitted next
  java_launcher
  DAEMON_CLASSPATH="$(spark_classpath)"
  mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/pids" "$WORK_DIR/spark-local"
  rm -f "$CLUSTER_DIR"/logs/*.log
  export SPARK_HOME SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  SPARK_HOME="$(make_spark_home "$DAEMON_CLASSPATH")"
  AUTH_OPTS=()
  if [[ -n "${CELEBA_SPARK_SECRET:-}" ]]; then
    AUTH_OPTS=(-Dspark.authenticate=true)
    export _SPARK_AUTH_SECRET="$CELEBA_SPARK_SECRET"
  fi
  # The workers put their executors' scratch space (shuffle, blocks) under here.
  export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$WORK_DIR/spark-local}"

  # No silent move to the next port when one is taken: the URL printed must be the one that works.
  launch master -Dspark.port.maxRetries=0 org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_WEBUI_PORT"
  local i
  local executor_java_home
  executor_java_home="$(make_executor_java_home)"
  for ((i = 1; i <= workers; i++)); do
    JAVA_HOME="$executor_java_home" launch "worker-$i" -Dspark.port.maxRetries=0 org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port $((WORKER_WEBUI_PORT + i - 1)) \
      --work-dir "$CLUSTER_DIR/worker-$i"
  done

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS)) alive=0 name
  while ((SECONDS < deadline)); do
    for name in master $(for ((i = 1; i <= workers; i++)); do echo "worker-$i"; done); do
      running_pid "$CLUSTER_DIR/pids/$name.pid" > /dev/null \
        || fail_start "$name exited during start-up (port taken? see CELEBA_MASTER_PORT and friends)"
    done
    alive="$(master_json | json_number aliveworkers || true)"
    if ((alive >= workers)); then
      log "$workers worker(s) ALIVE ($cores cores, $memory each)${AUTH_OPTS[*]:+, authentication on (CELEBA_SPARK_SECRET)};" \
        "web UI http://127.0.0.1:$MASTER_WEBUI_PORT"
      echo "$MASTER_URL"
      return
    fi
    sleep 1
  done
  fail_start "only $alive of $workers worker(s) ALIVE after ${START_TIMEOUT_SECONDS}s"
}

status() {
  local pid file name running=3
  if pid="$(running_pid "$CLUSTER_DIR/pids/master.pid")"; then
    running=0
    echo "master    running (pid $pid) $MASTER_URL, web UI http://127.0.0.1:$MASTER_WEBUI_PORT"
  else
    echo "master    stopped"
  fi
  for file in "$CLUSTER_DIR"/pids/worker-*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if pid="$(running_pid "$file")"; then
      echo "$name  running (pid $pid), work dir $CLUSTER_DIR/$name"
    else
      echo "$name  stopped"
    fi
  done
  for file in "$CLUSTER_DIR"/worker-*/app-*/*/executor.pid; do
    [[ -e "$file" ]] || continue
    pid="$(cat "$file")"
    if grep -qa 'org.apache.spark.executor' "/proc/$pid/cmdline" 2>/dev/null; then
      echo "executor  running (pid $pid), work dir $(dirname "$file")"
    fi
  done
  if ((running == 0)); then
    local state
    state="$(master_json || true)"
    echo "master reports $(json_number aliveworkers <<< "$state") worker(s) ALIVE," \
      "$(json_number coresused <<< "$state") of $(json_number cores <<< "$state") cores and" \
      "$(json_number memoryused <<< "$state") of $(json_number memory <<< "$state") MB in use"
  fi
  return "$running"
}

# Workers first (each stops its executors), then the master; SIGKILL for whatever ignores SIGTERM for 20 s.
stop() {
  local file pid stopped=0
  for file in "$CLUSTER_DIR"/pids/worker-*.pid "$CLUSTER_DIR/pids/master.pid"; do
    [[ -e "$file" ]] || continue
    if pid="$(running_pid "$file")"; then
      terminate "$pid" 20
      stopped=$((stopped + 1))
    fi
    rm -f "$file"
  done
  echo "local-cluster: stopped $stopped process(es)"
}

case "${1:-}" in
  start|stop|status) command="$1"; shift; "$command" "$@" ;;
  -h|--help) sed -n '2,23p' "$0" ;;
  *) usage_error "usage: submit/local-cluster.sh start|stop|status [--workers N] [--cores C] [--memory M]" ;;
esac
