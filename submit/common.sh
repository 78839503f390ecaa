#!/usr/bin/env bash
# Shared by every submit/*.sh wrapper: finds (or builds) the application jar and launches one celeba-spark
# command through spark-submit. With $SPARK_HOME set it uses that distribution's bin/spark-submit; without
# it, it runs org.apache.spark.deploy.SparkSubmit from the project's own Maven classpath, so a machine with
# only Java and Maven runs every job. `--master URL` is passed to spark-submit (default local[*]).
#
# Environment:
#   SPARK_HOME             use this Spark distribution's spark-submit
#   CELEBA_DRIVER_MEMORY   driver heap (default 4g)
#   CELEBA_WORK_DIR        managed scratch folder for Spark local dirs, hadoop.tmp.dir and JavaCPP's
#                          native cache (default <project>/target/run); safe to delete between runs
#   CELEBA_LOG_CONFIG      log4j2 configuration (default conf/log4j2.properties: warnings only)
#   CELEBA_SUBMIT_OPTS     extra spark-submit options, e.g. "--conf spark.executor.memory=4g" or
#                          "--properties-file conf/cluster-standalone.properties"
#   CELEBA_SPARK_SECRET    Spark's shared authentication secret: the application turns spark.authenticate on
#                          with it, in memory (never on a command line); see docs/cluster.md
#   HADOOP_CONF_DIR        with --master yarn: the folder with the cluster's yarn-site.xml and core-site.xml
#                          (submit/mini-yarn.sh prints one for a YARN cluster on this machine)
#   CELEBA_DRIVER_PID_FILE write the driver's pid (the spark-submit JVM, which runs the driver in client
#                          mode) to this file, so that a tool finds that process without going by its name
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN_CLASS="io.celebaspark.cli.Main"
WORK_DIR="${CELEBA_WORK_DIR:-$PROJECT_DIR/target/run}"
DRIVER_MEMORY="${CELEBA_DRIVER_MEMORY:-4g}"


log() { echo "[celeba-spark] $*" >&2; }

# terminate PID SECONDS: SIGTERM, and SIGKILL when the process is still there SECONDS later.
terminate() {
  kill "$1" 2> /dev/null || true
  local waited=0
  while kill -0 "$1" 2> /dev/null && ((waited < $2 * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -9 "$1" 2> /dev/null || true
}

# Maven, showing its output only when it fails: even with -q it writes terminal escape codes, which would
# otherwise run into the command's own output (and its last line, the one that says why a run failed).
quiet_mvn() {
  local out
  out="$(mktemp)"
  if ! mvn -B -q "$@" > "$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    return 1
  fi
  rm -f "$out"
}

# Prints the path of the shaded application jar, building it first when it is missing or older than the
# sources (a stale jar silently running old code is the classic spark-submit mistake).
app_jar() {
  local jar
  jar="$(ls "$PROJECT_DIR"/target/celeba-spark-*-app.jar 2>/dev/null | head -n 1 || true)"
  if [[ -z "$jar" || ! -s "$PROJECT_DIR/target/java17-opens.args" ]] || [[ -n "$(find "$PROJECT_DIR/src/main" "$PROJECT_DIR/conf/experiments" "$PROJECT_DIR/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    log "building the application jar (mvn package -DskipTests; the first build downloads ~400 MB)"
    quiet_mvn -f "$PROJECT_DIR/pom.xml" -DskipTests package
    jar="$(ls "$PROJECT_DIR"/target/celeba-spark-*-app.jar | head -n 1)"
  fi
  echo "$jar"
}

# executors_share_this_machine MASTER: whether MASTER's executors run on this machine and see its files: local
# mode, or a standalone master on the loopback (submit/local-cluster.sh).
executors_share_this_machine() {
  case "$1" in
    local*|spark://127.0.0.1:*|spark://localhost:*) return 0 ;;
    *) return 1 ;;
  esac
}

# pom_classpath POM FILE WHAT: prints the dependency classpath of POM, resolved once into FILE (again when POM
# is newer); WHAT says in the log what it is for.
pom_classpath() {
  if [[ ! -s "$2" || "$1" -nt "$2" ]]; then
    log "resolving $3 ($1)"
    quiet_mvn -f "$1" dependency:build-classpath -Dmdep.outputFile="$2"
  fi
  cat "$2"
}

# Prints Spark's own classpath (what a distribution's jars/ holds), resolved once from submit/launcher/pom.xml;
# used in place of $SPARK_HOME by the wrappers and by local-cluster.sh.
spark_classpath() {
  pom_classpath "$PROJECT_DIR/submit/launcher/pom.xml" "$PROJECT_DIR/target/spark-classpath.txt" \
    "Spark's own classpath, used in place of \$SPARK_HOME"
}

# Sets JAVA (the java binary) and JAVA17_OPENS (Spark's JavaModuleOptions, which bin/spark-class would add
# itself; the build writes them from the pom, so app_jar must have run) for launching Spark's JVMs directly.
java_launcher() {
  JAVA="java"
  [[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
  read -r -a JAVA17_OPENS < "$PROJECT_DIR/target/java17-opens.args" || true  # no trailing newline
}

# run_command SUBCOMMAND [--master URL] [--properties-file FILE] [args...]
# --properties-file is spark-submit's (conf/cluster-*.properties): Spark settings of a target, in place of
# $SPARK_HOME/conf/spark-defaults.conf; without --master, the file's spark.master (or local[*]) applies.
run_command() {
  local subcommand="$1"
  shift
  local master="" properties=()
  local args=()
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --master) master="$2"; shift 2 ;;
      --master=*) master="${1#--master=}"; shift ;;
      --properties-file) properties=(--properties-file "$2"); shift 2 ;;
      --properties-file=*) properties=(--properties-file "${1#--properties-file=}"); shift ;;
      *) args+=("$1"); shift ;;
    esac
  done
  if [[ ${#properties[@]} -gt 0 && ! -f "${properties[1]}" ]]; then
    log "--properties-file ${properties[1]}: no such file (see conf/cluster-*.properties)"
    exit 2
  fi
  if [[ -z "$master" && ${#properties[@]} -gt 0 ]]; then
    master="$(sed -n 's/^[[:space:]]*spark\.master[[:space:]=:]*\([^[:space:]]*\).*/\1/p' "${properties[1]}" | tail -n 1)"
  fi
  master="${master:-local[*]}"
  local jar
  jar="$(app_jar)"
  # exec below keeps this shell's pid for the JVM
  [[ -n "${CELEBA_DRIVER_PID_FILE:-}" ]] && echo $$ > "$CELEBA_DRIVER_PID_FILE"
  mkdir -p "$WORK_DIR/spark-local" "$WORK_DIR/hadoop-tmp" "$WORK_DIR/javacpp-cache"
  local jvm_props="-Dorg.bytedeco.javacpp.cachedir=$WORK_DIR/javacpp-cache -Dhadoop.tmp.dir=$WORK_DIR/hadoop-tmp"
  local log_config="${CELEBA_LOG_CONFIG:-$PROJECT_DIR/conf/log4j2.properties}"
  # Scratch space through the environment, as Spark's own scripts do (a spark.local.dir setting makes
  # SparkConf warn on every start); on a cluster the workers' own SPARK_LOCAL_DIRS apply.
  export SPARK_LOCAL_DIRS="${SPARK_LOCAL_DIRS:-$WORK_DIR/spark-local}"
  # A local run, or a cluster on this machine's loopback (submit/local-cluster.sh), keeps the driver on
  # 127.0.0.1 too, so its executors reach it whatever the host name resolves to.
  case "$master" in
    local*|spark://127.0.0.1:*|spark://localhost:*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
  esac
  # --name: spark-submit would otherwise name every application after the main class; a --name in
  # CELEBA_SUBMIT_OPTS comes later and wins.
  local submit_args=(--class "$MAIN_CLASS" --name "celeba-spark $subcommand" --master "$master"
    ${properties[@]+"${properties[@]}"})
  # The executors get this machine's scratch paths only where they run on this machine and see its files: on a
  # cluster (YARN, Kubernetes, a remote standalone master) these paths do not exist on the nodes, and JavaCPP's
  # own default cache (~/.javacpp/cache, else under java.io.tmpdir) is right. A --conf would also override the
  # properties file's own spark.executor.extraJavaOptions (conf/cluster-kubernetes.properties sets the image's).
  if executors_share_this_machine "$master" \
      && ! grep -qs '^[[:space:]]*spark\.executor\.extraJavaOptions' "${properties[1]:-/dev/null}"; then
    submit_args+=(--conf "spark.executor.extraJavaOptions=$jvm_props -Dlog4j2.configurationFile=$log_config")
  fi
  # shellcheck disable=SC2206
  local extra=(${CELEBA_SUBMIT_OPTS:-})
  if [[ -n "${SPARK_HOME:-}" ]]; then
    # The same for the driver: not where it runs on the cluster (deploy mode cluster), nor over the file's own.
    local driver_options=(--driver-java-options "$jvm_props -Dlog4j2.configurationFile=$log_config")
    if grep -qs '^[[:space:]]*spark\.\(submit\.deployMode[[:space:]=:]*cluster\|driver\.extraJavaOptions\)' "${properties[1]:-/dev/null}" \
        || [[ "${CELEBA_SUBMIT_OPTS:-}" =~ (--deploy-mode[[:space:]=]+cluster|spark\.submit\.deployMode=cluster) ]]; then
      driver_options=()
    fi
    exec "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}" --driver-memory "$DRIVER_MEMORY" \
      ${driver_options[@]+"${driver_options[@]}"} ${extra[@]+"${extra[@]}"} "$jar" "$subcommand" ${args[@]+"${args[@]}"}
  else
    java_launcher
    local classpath
    classpath="$(spark_classpath)"
    # YARN without a distribution: the application master and the executors get Spark's jars from this same
    # classpath (Spark copies them to the application's staging dir), unless a file or option says where
    # they already are (spark.yarn.archive or spark.yarn.jars, e.g. on HDFS, saves that copy per submission).
    if [[ "$master" == yarn* ]] && ! grep -qs '^[[:space:]]*spark\.yarn\.\(jars\|archive\)' "${properties[1]:-/dev/null}" \
      && [[ "${CELEBA_SUBMIT_OPTS:-}" != *spark.yarn.jars* && "${CELEBA_SUBMIT_OPTS:-}" != *spark.yarn.archive* ]]; then
      submit_args+=(--conf "spark.yarn.jars=${classpath//:/,}")
    fi
    # The Hadoop and YARN configuration folders on the classpath, where Hadoop reads them, as bin/spark-class does.
    # shellcheck disable=SC2086
    exec "$JAVA" -Xmx"$DRIVER_MEMORY" "${JAVA17_OPENS[@]}" $jvm_props -Dlog4j2.configurationFile="$log_config" \
      -cp "$classpath${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}${YARN_CONF_DIR:+:$YARN_CONF_DIR}" org.apache.spark.deploy.SparkSubmit \
      "${submit_args[@]}" ${extra[@]+"${extra[@]}"} "$jar" "$subcommand" ${args[@]+"${args[@]}"}
  fi
}
