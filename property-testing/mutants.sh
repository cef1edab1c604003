#!/usr/bin/env bash
# The deliberately broken copies BENCHMARKS.md describes, each run against the property that must
# catch it. For each: change one line of the real source, run that property's test class, restore.
# A broken copy that passes its property is a property that proves too little: the script then
# exits 1. Run from the repository root after `mvn -B -q install -DskipTests` (it uses the modules'
# own tests only). Each failing run prints its seed and the command that repeats it. A broken
# line must still compile under -Werror and Error Prone (no constant conditions, no unused code).
#
#   property-testing/mutants.sh            all of them
#   property-testing/mutants.sh utf16      the ones whose name contains "utf16"
set -uo pipefail
cd "$(dirname "$0")/.."

STRUCTURE=events/src/main/java/dev/reflect/events/validation/CheckInStructure.java
ENVELOPE=producer/src/main/java/dev/reflect/producer/ingest/BatchEnvelope.java

# name ~ file ~ module ~ test class ~ text to find ~ replacement
MUTANTS=(
  "utf16-lengths~$STRUCTURE~events~CheckInStructureProperties~text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength~text.length() > maxLength"
  "one-more-trigger~$STRUCTURE~events~CheckInStructureProperties~array(triggers, \"triggers\", MAX_TRIGGERS, problems)~array(triggers, \"triggers\", MAX_TRIGGERS + 1, problems)"
  "whole-double-not-integer~$STRUCTURE~events~CheckInStructureProperties~} else if (node.isNumber() && isWhole(node.doubleValue())) {~} else if (node.isNumber() \&\& isWhole(node.doubleValue()) \&\& node.isIntegralNumber()) {"
  "null-tiedToPast-accepted~$STRUCTURE~events~CheckInStructureProperties~tiedToPast != null && !tiedToPast.isBoolean()~tiedToPast != null \&\& !tiedToPast.isBoolean() \&\& !tiedToPast.isNull()"
  "no-trailing-bytes-check~$ENVELOPE~producer~BatchEnvelopeProperties~p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null~p.nextToken() != JsonToken.END_OBJECT"
  "no-item-count-check~$ENVELOPE~producer~BatchEnvelopeProperties~t != JsonToken.START_OBJECT || items.size() == MAX_ITEMS~t != JsonToken.START_OBJECT"
)

filter="${1:-}"
survivors=0
for mutant in "${MUTANTS[@]}"; do
  IFS='~' read -r name file module test find replace <<<"$mutant"
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  cp "$file" "$file.unbroken"
  trap 'mv -f "$file.unbroken" "$file"' EXIT
  python3 - "$file" "$find" "$replace" <<'PY' || { echo "$name: the line to break is gone from $file; update this script"; mv -f "$file.unbroken" "$file"; exit 2; }
import sys
path, find, replace = sys.argv[1], sys.argv[2], sys.argv[3].replace('\\&', '&')
text = open(path).read()
if text.count(find) != 1:
    sys.exit(1)
open(path, 'w').write(text.replace(find, replace))
PY
  log="$(mktemp)"
  mvn -B -q -pl "$module" test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true >"$log" 2>&1
  rc=$?
  mv -f "$file.unbroken" "$file"
  trap - EXIT
  if [ $rc -eq 0 ]; then
    echo "SURVIVED $name: $test passed against the broken copy"
    survivors=$((survivors + 1))
  elif grep -q 'Repeat this run' "$log"; then
    echo "CAUGHT   $name, by:"
    grep -oE 'Seed -?[0-9]+\. Repeat this run: .*' "$log" | sed 's/"$//' | sort -u | sed 's/^/           /'
  else
    echo "BROKEN   $name: the run failed without a property failing (build error?); log kept in $log"
    survivors=$((survivors + 1))
    continue
  fi
  rm -f "$log"
done
exit $((survivors > 0))
