#!/bin/sh
# Alertmanager of the compose stack: dashboards/'s routing as it is, with each receiver's webhook
# URL taken from the environment, then Alertmanager itself on the rendered copy (docs/notifier.md,
# "Operators' alerts"). Runs in the prom/alertmanager image (busybox sh and awk).
#
#   receiver `clinical-page` -> REFLECT_ALERTMANAGER_CLINICAL_PAGE_URL, and so on for each
#   receiver the routing names (watchdog, clinical-page, clinical-review, operations-page,
#   operations). An http(s) URL sends there; an unset or empty one leaves that receiver without a
#   webhook (its alerts are shown in Alertmanager's UI and told to nobody), with a warning. A
#   loopback URL is refused: inside this container it reaches nothing.
#
# The arguments are Alertmanager's; --config.file names the routing to render (the dashboards/
# file, mounted read-only). The rendered copy is REFLECT_ALERTMANAGER_CONFIG_OUT
# (/tmp/alertmanager.yml). REFLECT_ALERTMANAGER_RENDER_ONLY=true renders and stops (for tests).
set -eu

source=""
for arg in "$@"; do
  case "$arg" in
    --config.file=*) source="${arg#--config.file=}" ;;
  esac
done
if [ -z "$source" ]; then
  echo "alertmanager: no --config.file to render" >&2
  exit 2
fi
out="${REFLECT_ALERTMANAGER_CONFIG_OUT:-/tmp/alertmanager.yml}"

awk '
  function variable(name,    v) {
    v = "REFLECT_ALERTMANAGER_" toupper(name) "_URL"
    gsub("-", "_", v)
    return v
  }
  /^receivers:/ { receivers = 1; print; next }
  receivers && /^  - name: / {
    name = $3
    var = variable(name)
    url = ENVIRON[var]
    if (url == "") {
      printf "alertmanager: %s is not set: receiver %s tells nobody\n", var, name > "/dev/stderr"
    } else if (url !~ /^https?:\/\/[^\/]/ || url ~ /[ \047"\\]/) {
      # The message names the variable, never the value: a webhook URL may hold a token.
      printf "alertmanager: %s must be an http(s) URL without quotes or spaces\n", var > "/dev/stderr"
      failed = 1
    } else if (url ~ /^https?:\/\/(127\.|localhost|\[::1\])/) {
      printf "alertmanager: %s is a loopback address, which is nothing inside this container\n", var > "/dev/stderr"
      failed = 1
    }
    print
    next
  }
  # Without a URL the receiver keeps its name and nothing else.
  receivers && url == "" && /^    / { next }
  receivers && /^ *- url: / { sub(/url: .*/, "url: \047" url "\047"); print; next }
  { print }
  END { exit failed ? 2 : 0 }
' "$source" > "$out.tmp"
mv "$out.tmp" "$out"

if [ "${REFLECT_ALERTMANAGER_RENDER_ONLY:-}" = "true" ]; then
  exit 0
fi

# Alertmanager with the same arguments, but reading the rendered copy.
for arg in "$@"; do
  shift
  case "$arg" in
    --config.file=*) set -- "$@" "--config.file=$out" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec /bin/alertmanager "$@"
