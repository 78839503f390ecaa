#!/usr/bin/env bash
# A one-node YARN cluster on this machine, without a Hadoop installation: Hadoop's MiniYARNCluster (a
# ResourceManager and a NodeManager, whose containers are processes of their own) in one background JVM,
# from the classpath of submit/mini-yarn/pom.xml (submit/mini-yarn/MiniYarn.java). For trying and testing
# `--master yarn` (YarnClusterIT); a real cluster needs none of this.
# usage: submit/mini-yarn.sh start|stop|status
#   start   starts it, waits until its NodeManager has registered, prints the folder to use as HADOOP_CONF_DIR
#   stop    stops it and the containers it runs; does nothing when nothing runs
#   status  says whether it runs, and where; exit 3 when it does not run
# Then (docs/cluster.md, "YARN"):
#   export HADOOP_CONF_DIR=<the folder start printed> SPARK_LOCAL_IP=127.0.0.1
#   submit/preprocess.sh --properties-file conf/cluster-yarn.properties --input DIR --output DIR
#
# It listens on 127.0.0.1 only, on ports the system picks; the node offers 4 GB and 8 cores to containers
# (MiniYARNCluster's fixed size), so executors must be sized down from conf/cluster-yarn.properties.
# Environment: CELEBA_WORK_DIR (see common.sh): its mini-yarn/ folder holds the configuration (conf/), the
# cluster's log (mini-yarn.log), its pid file (mini-yarn.pid) and the NodeManager's folders under target/
# (containers' logs in target/test/data/celeba-mini-yarn/yarn-*/celeba-mini-yarn-logDir-nm-0_0/APPLICATION_ID/).
# The ResourceManager's web UI does not work in MiniYARNCluster (its and the NodeManager's web apps share one
# Guice filter in one JVM): ask the ResourceManager through its RPC address (YarnClient, `yarn application`).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

YARN_DIR="$WORK_DIR/mini-yarn"
CONF_DIR="$YARN_DIR/conf"
PID_FILE="$YARN_DIR/mini-yarn.pid"
LOG_FILE="$YARN_DIR/mini-yarn.log"
START_TIMEOUT_SECONDS=240

usage_error() {
  echo "mini-yarn: $*" >&2
  exit 2
}

# Prints the recorded pid when that process is still this cluster (a stale pid file may name a pid the system
# has since given to something else, which must not be killed).
running_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  grep -qa 'MiniYarn.java' "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# conf_value KEY: a value of the written yarn-site.xml.
conf_value() {
  tr -d '[:space:]' < "$CONF_DIR/yarn-site.xml" | grep -o "<name>$1</name><value>[^<]*" | sed 's/.*<value>//'
}

start() {
  [[ $# -eq 0 ]] || usage_error "start takes no options"
  if running_pid > /dev/null; then
    echo "mini-yarn: already running (pid $(running_pid)); stop it first" >&2
    exit 1
  fi
  app_jar > /dev/null  # the build writes the Java 17 flags; the jar is also what gets submitted next
  java_launcher
  local classpath
  classpath="$(pom_classpath "$PROJECT_DIR/submit/mini-yarn/pom.xml" "$PROJECT_DIR/target/mini-yarn-classpath.txt" \
    "the mini YARN cluster's classpath")"
  rm -rf "$CONF_DIR" "$YARN_DIR/target"
  mkdir -p "$YARN_DIR"
  # The NodeManager starts containers with $JAVA_HOME/bin/java, and hands them SPARK_LOCAL_IP (MiniYarn.java).
  local java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")}"
  (cd "$YARN_DIR" && exec env JAVA_HOME="$java_home" SPARK_LOCAL_IP=127.0.0.1 "$JAVA" -Xmx1g "${JAVA17_OPENS[@]}" \
    -Dlog4j.configuration="file:$PROJECT_DIR/submit/mini-yarn/log4j.properties" -Dhadoop.tmp.dir="$YARN_DIR/hadoop-tmp" -cp "$classpath" "$PROJECT_DIR/submit/mini-yarn/MiniYarn.java" "$CONF_DIR" \
    > "$LOG_FILE" 2>&1 < /dev/null) &
  echo $! > "$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while [[ ! -s "$CONF_DIR/yarn-site.xml" ]]; do
    if ! kill -0 "$(cat "$PID_FILE")" 2> /dev/null || ((SECONDS >= deadline)); then
      log "the mini YARN cluster did not come up; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2
      stop >&2
      exit 1
    fi
    sleep 1
  done
  log "$(grep -m 1 '^mini YARN cluster up' "$LOG_FILE" || echo "mini YARN cluster up")"
  echo "$CONF_DIR"
}

status() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "mini YARN cluster stopped"
    return 3
  fi
  echo "mini YARN cluster running (pid $pid): ResourceManager $(conf_value yarn.resourcemanager.address)," \
    "HADOOP_CONF_DIR=$CONF_DIR"
}

# SIGTERM lets the cluster stop its NodeManager, which stops the containers; SIGKILL after 30 s.
stop() {
  local pid stopped=0
  if pid="$(running_pid)"; then
    terminate "$pid" 30
    stopped=1
  fi
  rm -f "$PID_FILE"
  echo "mini-yarn: stopped $stopped process(es)"
}

case "${1:-}" in
  start|stop|status) command="$1"; shift; "$command" "$@" ;;
  -h|--help) sed -n '2,20p' "$0" ;;
  *) usage_error "usage: submit/mini-yarn.sh start|stop|status" ;;
esac
