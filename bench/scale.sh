#!/usr/bin/env bash
# The scale curve of issue 16: one ScaleBenchmark JVM per number of people, reports into a folder.
#   bench/scale.sh [--no-build] [out-dir] [people ...]    (default: target/scale 10000 100000 1000000)
# EVENTS_PER_PERSON (default 3), QUERY_RATE (200), QUERY_SECONDS (30) and SCALE_JAVA_OPTS
# (-Xms2g -Xmx4g) are the same for every point, so the curve shows the number of people only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  mvn -B -q -pl bench -am install -DskipTests
fi
out="${1:-target/scale}"
shift || true
people=("$@")
[[ ${#people[@]} -gt 0 ]] || people=(10000 100000 1000000)
mkdir -p "$out"
for n in "${people[@]}"; do
  echo "scale: $n people ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  java ${SCALE_JAVA_OPTS:--Xms2g -Xmx4g} -cp "bench/target/reflect-bench.jar:bench/target/lib/*" \
    dev.reflect.bench.ScaleBenchmark --people "$n" --events-per-person "${EVENTS_PER_PERSON:-3}" \
    --query-rate "${QUERY_RATE:-200}" --query-seconds "${QUERY_SECONDS:-30}" \
    >"$out/scale-$n.md" 2>"$out/scale-$n.log"
  cat "$out/scale-$n.md"
done
