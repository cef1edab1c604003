#!/usr/bin/env bash
# Runs the micro-benchmarks (JMH) of the hand-written fast paths against their references.
#   bench/jmh.sh [--no-build] [JMH options and benchmark regex]
# With no JMH options (at most a benchmark regex), the defaults: 2 forks, 5 warm-up and 10 measured
# iterations of 1 s each, average time per call, results also in bench/target/jmh-result.json.
# With options, exactly those (`bench/jmh.sh --no-build -h` lists them), e.g. the run behind the
# table in BENCHMARKS.md:
#   bench/jmh.sh --no-build -bm sample -tu ns -f 3 -wi 3 -w 1s -i 5 -r 1s 'CheckInWriter|CheckInRead|TextChecks|UserStateSerde'

set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source bench/classpath.sh "$@"
set -- "${bench_args[@]}"

if [ "$#" -eq 0 ] || { [ "$#" -eq 1 ] && [[ "$1" != -* ]]; }; then
  set -- -f 2 -wi 5 -w 1s -i 10 -r 1s -rf json -rff "$root/bench/target/jmh-result.json" "$@"
fi
java -cp "$classes/reflect-bench.jar:$classes/lib/*" org.openjdk.jmh.Main "$@"
