#!/usr/bin/env bash
# aiops: `aiops demo` as a user runs it: the whole loop on the bundled datasets, checked against their
# labels through `--json`: every labelled log incident found and no alert invented, the host
# metrics' labelled anomalies found at least as many as measured, the report written (kept in $3 for demo_report.sh).
set -euo pipefail
aiops=$1
datasets=$2
artifacts=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$artifacts"
rm -f "$artifacts/report.html"
"$aiops" demo --datasets "$datasets" --json --html "$artifacts/report.html" > "$tmp/out.json" 2> "$tmp/timeline.txt"
fail() { echo "demo: $*"; echo "--- timeline:"; cat "$tmp/timeline.txt"; exit 1; }
[ "$(wc -l < "$tmp/out.json")" -eq 1 ] || fail "--json must print one JSON document on one line of stdout"
# One object per line, up to its first nested object: the labels, the summary, and each incident's
# own fields (its templates come after them, and are objects of their own without those fields).
grep -o '{[^{}]*' "$tmp/out.json" > "$tmp/objects"
field() { grep -o "\"$1\":[^,}]*" | cut -d: -f2- | tr -d '"'; }

# Every label of the datasets is checked: the three log incidents and each row of metrics/labels.csv.
metric_labels=$(($(wc -l < "$datasets/metrics/labels.csv") - 1))
labelled=$(grep -c '"delay_minutes"' "$tmp/objects")
[ "$labelled" -eq $((3 + metric_labels)) ] || fail "expected $((3 + metric_labels)) labels checked, got $labelled"

# Logs: the upstream outage, the SSH brute force and the pool exhaustion, each found, promptly.
for signal in nginx_5xx ssh_failed_logins app_errors; do
  row=$(grep "\"signal\":\"$signal\"" "$tmp/objects" | grep '"delay_minutes"') || fail "no label for $signal"
  [ "$(field found <<< "$row")" = true ] || fail "the labelled $signal incident was missed"
  delay=$(field delay_minutes <<< "$row")
  [ "$delay" -ge 0 ] && [ "$delay" -le 15 ] || fail "$signal: alert fired $delay min after the labelled start"
done
# ... and no log alert that matches no label.
invented=$(grep '"source":"logs"' "$tmp/objects" | grep -c '"labelled":false' || true)
[ "$invented" -eq 0 ] || fail "$invented log alerts match no labelled incident"
[ "$(grep -c '"source":"logs"' "$tmp/objects")" -ge 3 ] || fail "expected an alert per log incident"

# Host metrics: 32 planted anomalies, some hard on purpose (datasets/metrics/README.md). The
# seasonal detector finds the spikes, shifts, breaks and variance changes but misses slow drifts
# and small dips: measured 14 found. Comparing each minute with the same weekday 1-3 weeks ago
# (not with a Sunday and an anomalous last week) left no alert that matches no label: none invented.
found=$(grep '"delay_minutes"' "$tmp/objects" | grep -v '"signal":"\(nginx_5xx\|ssh_failed_logins\|app_errors\)"' | grep -c '"found":true' || true)
invented=$(grep '"source":"metrics"' "$tmp/objects" | grep -c '"labelled":false' || true)
[ "$found" -ge 14 ] || fail "only $found of $metric_labels labelled metric anomalies found (measured: 14)"
[ "$invented" -eq 0 ] || fail "$invented metric alerts match no labelled anomaly"

# The summary agrees with the rows, and the report is there with a chart per signal.
summary=$(grep '"unlabelled_alerts"' "$tmp/objects")
[ "$(field found <<< "$summary")" -eq $((found + 3)) ] || fail "summary.found disagrees with the labels"
grep -q "$(( found + 3 )) of $((3 + metric_labels)) labelled incidents found" "$tmp/timeline.txt" || fail "no summary line on stderr"
[ -s "$artifacts/report.html" ] || fail "no HTML report"
charts=$(grep -o '<svg xmlns' "$artifacts/report.html" | wc -l)
metric_files=$(find "$datasets/metrics" -mindepth 2 -name '*.csv' | wc -l)
[ "$charts" -eq $((3 + metric_files)) ] || fail "expected $((3 + metric_files)) charts in the report, got $charts"
echo "demo ok: 3 of 3 log incidents, $found of $metric_labels metric anomalies, $invented unlabelled metric alerts"
