#!/usr/bin/env bash
# Runs the ingest benchmark (scenarios a-d of the ingest issue) and prints a Markdown report.
#   bench/run.sh [--no-build] [benchmark options]     bench/run.sh --help lists the options
# Needs wrk (Debian/Ubuntu: apt-get install -y wrk). Progress goes to stderr, the report to stdout.
# BENCH_JAVA_OPTS overrides the JVM options (default -Xms1g -Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source bench/classpath.sh "$@"
set -- "${bench_args[@]}"

command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }

# One JVM holds the broker, the ingest service and the raw producer; a fixed heap keeps runs comparable.
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g} -cp "$classes/reflect-bench.jar:$classes/lib/*" \
  dev.reflect.bench.IngestBenchmark "$@"
