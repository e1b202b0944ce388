#!/usr/bin/env bash
# Regenerate the application traces of traces/apps/ (README.md there): each
# scenario of smtpd_app.py, ftpd_app.py and supervisor_app.py is run under
# `trace record-python`, its traces normalized (normalize_trace.py), then
# kept only if it replays on the reference and on CPython 3.11; a trace that
# does not is reported and left out (exit 1, unless its notes say what the
# recorder could not express). VERSIONS.txt records what
# recorded the corpus.
#
#   traces/apps/make_app_traces.sh [TRACE_BINARY]    (default: bazel-bin/tools/trace, built first)
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
if [[ $# -ge 1 ]]; then
  TRACE=$1
else
  tools/bazel build //tools:trace --color=no --curses=no >&2
  TRACE=bazel-bin/tools/trace
fi
APPS=traces/apps
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

SMTPD=(simple multi_recipient over_size_limit size_refused_at_mail two_mails helo_noop_rset bad_commands
       dot_stuffing pipelined pipelined_one_write disconnect_mid_data byte_at_a_time long_line quit_raw)
FTPD=(login_quit bad_password bad_command list nlst_cwd retr_small retr_large stor_large retr_missing abor
      mkd_rmd size_type)
SUPERVISOR=(get_state version ctl_status ctl_stop_start rpc_stop_start log_tail ctl_tail bad_method
            http_not_found)

rejected=()
unexpressible=()
keep() {  # recorded trace, destination
  local src=$1 dst=$2 impl
  $PY $APPS/normalize_trace.py "$src"
  for impl in reference cpython; do
    if ! "$TRACE" replay "$src" --impl "$impl" > "$work/replay.out" 2>&1; then
      echo "make_app_traces: $dst does not replay on $impl; left out:" >&2
      sed 's/^/  /' "$work/replay.out" | head -8 >&2
      if grep -q '^note ' "$src"; then
        echo "  (its notes say what the recorder could not express)" >&2
        unexpressible+=("$dst")
      else
        rejected+=("$dst ($impl)")
      fi
      return 0
    fi
  done
  cp "$src" "$dst"
}

record() {  # app scenario
  local dir="$work/$1/$2"
  "$TRACE" record-python -o "$dir" -- $PY "$APPS/${1}_app.py" "$2" > "$work/run.out" 2>&1 || {
    echo "make_app_traces: $1 $2 failed:" >&2; cat "$work/run.out" >&2; rejected+=("$1 $2 (run)"); }
  grep '^asynchat_recorder:' "$work/run.out" | sed "s/^/  $1 $2: /" >&2 || true
}

rm -f $APPS/smtpd/*.trace $APPS/ftpd/*.trace $APPS/supervisor/*.trace
mkdir -p $APPS/smtpd $APPS/ftpd $APPS/supervisor

for s in "${SMTPD[@]}"; do
  record smtpd "$s"
  for f in "$work/smtpd/$s"/*-SMTPChannel.trace; do keep "$f" "$APPS/smtpd/$s.trace"; done
done

for s in "${FTPD[@]}"; do
  record ftpd "$s"
  n=0
  for f in "$work/ftpd/$s"/*.trace; do
    case $f in
      *-Handler.trace) keep "$f" "$APPS/ftpd/$s.control.trace" ;;
      *-DTPHandler.trace) n=$((n + 1)); keep "$f" "$APPS/ftpd/$s.data$n.trace" ;;
    esac
  done
done

for s in "${SUPERVISOR[@]}"; do
  record supervisor "$s"
  n=0
  for f in "$work/supervisor/$s"/*.trace; do
    n=$((n + 1)); keep "$f" "$APPS/supervisor/$s.$n.trace"
  done
done

{
  echo "# What recorded traces/apps/ (make_app_traces.sh)"
  echo "python3: $($PY -c 'import sys; print(sys.version.split()[0])')"
  echo "pyftpdlib: $($PY -c 'import pyftpdlib; print(pyftpdlib.__ver__)')"
  echo "supervisor: $(dpkg-query -W -f '${Version}' supervisor 2>/dev/null || echo unknown)"
  echo "python3-pyftpdlib: $(dpkg-query -W -f '${Version}' python3-pyftpdlib 2>/dev/null || echo unknown)"
  echo "traces: $(ls $APPS/smtpd/*.trace $APPS/ftpd/*.trace $APPS/supervisor/*.trace 2>/dev/null | wc -l)"
} > $APPS/VERSIONS.txt
cat $APPS/VERSIONS.txt
if ((${#unexpressible[@]})); then
  printf 'left out, with notes on what could not be expressed: %s\n' "${unexpressible[@]}" >&2
fi
if ((${#rejected[@]})); then
  printf 'left out: %s\n' "${rejected[@]}" >&2
  exit 1
fi
