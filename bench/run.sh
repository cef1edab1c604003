#!/usr/bin/env bash
# Runs the ingest benchmark (scenarios a-d of the ingest issue) and prints a Markdown report.
#   bench/run.sh [--no-build] [benchmark options]     bench/run.sh --help lists the options
# Needs wrk (Debian/Ubuntu: apt-get install -y wrk). Progress goes to stderr, the report to stdout.
# BENCH_JAVA_OPTS overrides the JVM options (default -Xms1g -Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "${1:-}" = "--no-build" ]; then
  shift
else
  echo "bench: building (mvn -B -q -pl bench -am install -DskipTests) ..." >&2
  mvn -B -q -pl bench -am install -DskipTests >&2
fi

command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }

# Run from a copy: a build elsewhere in the checkout (./reflect, CI) may replace bench/target
# mid-run, and a class loaded late from a replaced jar fails.
classes="$(mktemp -d -t reflect-bench-classpath.XXXXXX)"
trap 'rm -rf "$classes"' EXIT
cp -r bench/target/reflect-bench.jar bench/target/lib "$classes/"

# One JVM holds the broker, the ingest service and the raw producer; a fixed heap keeps runs comparable.
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g} -cp "$classes/reflect-bench.jar:$classes/lib/*" \
  dev.reflect.bench.IngestBenchmark "$@"
