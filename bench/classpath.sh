# shellcheck shell=bash
# Sourced by bench/run.sh and bench/jmh.sh from the repository root, with the script's arguments.
# Builds bench unless the first argument is --no-build (which bench_args then leaves out), and
# copies the jar and its libraries to $classes, a temporary directory removed on exit: a build
# elsewhere in the checkout (./reflect, CI) may replace bench/target mid-run, and a class loaded
# late from a replaced jar fails.
bench_args=("$@")
if [ "${1:-}" = "--no-build" ]; then
  bench_args=("${@:2}")
else
  echo "bench: building (mvn -B -q -pl bench -am install -DskipTests) ..." >&2
  mvn -B -q -pl bench -am install -DskipTests >&2
fi
classes="$(mktemp -d -t reflect-bench-classpath.XXXXXX)"
trap 'rm -rf "$classes"' EXIT
cp -r bench/target/reflect-bench.jar bench/target/lib "$classes/"
