#!/usr/bin/env bash
# aiops: `aiops forecast` and `aiops detect` as a user runs them, on a CSV with an hourly season,
# a corrupt cell, a host column and a spike: the season given with --season is followed, the bad
# cell is reported with its line and read as missing, the spike is flagged, bad options are refused;
# odd series (constant, daily, a stray timestamp, out of order, values near 1e306 and 1e-306) too.
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# 8 hours at one point a minute: 100 + 20 sin(2 pi t / 1 h) + a little deterministic noise;
# line 102 holds "n/a" (a missing value) and line 203 "oops" (not a number); 09:00 + 390 min is 40 above.
awk 'BEGIN {
  print "timestamp,requests,host"
  for (i = 0; i < 480; i++) {
    v = 100 + 20 * sin(2 * 3.14159265 * (i % 60) / 60) + ((i * 7919) % 11 - 5) * 0.2
    if (i == 390) v += 40
    cell = i == 100 ? "n/a" : i == 201 ? "oops" : sprintf("%.3f", v)
    printf "%d,%s,web-%d\n", 1767258000 + 60 * i, cell, i % 2
  }
}' > "$tmp/req.csv"

for model in hw lagreg prophet; do
  "$aiops" forecast "$tmp/req.csv" --model "$model" --season 1h --horizon 60 > "$tmp/$model.csv" 2> "$tmp/$model.err"
  grep -q "line 203: column 'requests': \"oops\" is not a number; read as missing" "$tmp/$model.err"
  [ "$(wc -l < "$tmp/$model.csv")" -eq 61 ] || { echo "$model: expected 60 forecast rows"; exit 1; }
  # The next hour starts at phase 0: the peak (~120) is 15 minutes in, the trough (~80) 45 minutes in.
  awk -F, -v model="$model" 'NR == 17 { peak = $2 } NR == 47 { trough = $2 } END {
    if (!(peak > 112 && peak < 128 && trough > 72 && trough < 88)) { printf "%s: peak %s, trough %s\n", model, peak, trough; exit 1 }
  }' "$tmp/$model.csv"
done
if "$aiops" forecast "$tmp/req.csv" --season 90s 2> "$tmp/err"; then echo "accepted a season of 1.5 steps"; exit 1; fi
grep -q 'not a whole number' "$tmp/err"
if "$aiops" forecast "$tmp/req.csv" --season 5h 2> "$tmp/err"; then echo "accepted a season longer than half the data"; exit 1; fi
grep -q 'needs two seasons of data' "$tmp/err"
if "$aiops" forecast "$tmp/req.csv" --season 1x 2> "$tmp/err"; then echo "accepted a bad duration"; exit 1; fi
grep -q 'unknown unit' "$tmp/err"

"$aiops" detect "$tmp/req.csv" --detector hw --out "$tmp/scores.csv" 2> "$tmp/err"
grep -q '480 rows, 0 bad rows, 1 bad cells' "$tmp/err"
head -1 "$tmp/scores.csv" | grep -qx 'timestamp,requests,host,anomaly_score,label'
# The spike (line 392) is flagged, and it has the highest score.
awk -F, 'NR == 392 && $5 != 1 { print "the spike is not flagged"; exit 1 }' "$tmp/scores.csv"
[ "$(tail -n +2 "$tmp/scores.csv" | sort -t, -k4 -g | tail -1 | cut -d, -f1)" = 1767281400 ] || { echo "the spike is not the top score"; exit 1; }
# What real exports and odd series look like (found by a sweep with such files):
# a constant series with one spike: exactly the spike, in batch and online, by the default and by mad.
awk 'BEGIN { print "timestamp,value"; for (i = 0; i < 1200; i++) printf "%d,%d\n", 1704067200 + 60 * i, i == 600 ? 50 : 5 }' > "$tmp/flat.csv"
for args in "" "--detector mad" "--detector zscore --online"; do
  # shellcheck disable=SC2086
  "$aiops" detect "$tmp/flat.csv" $args --out "$tmp/flat.out" 2> /dev/null
  [ "$(awk -F, 'NR > 1 && $4 == 1 { print NR - 1 }' "$tmp/flat.out" | tr '\n' ' ')" = "601 " ] || { echo "flat $args: not only the spike"; exit 1; }
done
# daily points for a year (the season is a week), quoted as Grafana writes them, one spike.
awk 'BEGIN { print "\"Time\",\"value\""; for (i = 0; i < 365; i++) printf "\"%d\",\"%.2f\"\n", 1704067200 + 86400 * i, 100 + 10 * sin(2 * 3.14159265 * i / 7) + (i == 200 ? 80 : 0) + ((i * 7919) % 11 - 5) * 0.3 }' > "$tmp/daily.csv"
"$aiops" detect "$tmp/daily.csv" --out "$tmp/daily.out" 2> "$tmp/err"
awk -F, 'NR == 202 && $4 != 1 { print "the daily spike is not flagged"; exit 1 }' "$tmp/daily.out"
# a stray timestamp: refused with its neighbours, not a grid of 40 million points
{ head -n 200 "$tmp/flat.csv"; echo "4070908800,5"; } > "$tmp/stray.csv"
if "$aiops" detect "$tmp/stray.csv" 2> "$tmp/err"; then echo "accepted a stray timestamp"; exit 1; fi
grep -q 'and 2099-01-01T00:00:00Z are .* steps apart' "$tmp/err"
# rows out of time order come back in the file's order
{ echo "timestamp,value"; tail -n +2 "$tmp/flat.csv" | sort -r; } > "$tmp/reversed.csv"
"$aiops" detect "$tmp/reversed.csv" --detector mad --out "$tmp/reversed.out" 2> /dev/null
[ "$(cut -d, -f1,2 "$tmp/reversed.out" | tail -n +2)" = "$(tail -n +2 "$tmp/reversed.csv")" ] || { echo "the output is not in the file's order"; exit 1; }
# the same season at 1e306 and at 1e-306 (sums of squares overflow and underflow there): the
# spike flagged by every detector, finite forecasts with all their digits
for magnitude in 1e306 1e-306; do
  awk -v m="$magnitude" 'BEGIN { print "timestamp,value"; for (i = 0; i < 480; i++) printf "%d,%.17g\n", 1767258000 + 60 * i, m * (100 + 20 * sin(2 * 3.14159265 * (i % 60) / 60) + ((i * 7919) % 11 - 5) * 0.2 + (i == 390 ? 40 : 0)) / 100 }' > "$tmp/huge.csv"
  for detector in zscore hw prophet iforest; do
    "$aiops" detect "$tmp/huge.csv" --detector "$detector" --out "$tmp/huge.out" 2> /dev/null
    awk -F, -v d="$detector" -v m="$magnitude" 'NR == 392 && $4 != 1 { print m ": " d " does not flag the spike"; exit 1 }' "$tmp/huge.out"
  done
  for model in hw lagreg prophet; do
    "$aiops" forecast "$tmp/huge.csv" --model "$model" --season 1h --horizon 60 > "$tmp/huge.fc" 2> /dev/null
    ! grep -qi nan "$tmp/huge.fc" || { echo "$magnitude: $model forecasts NaN"; exit 1; }
    awk -F, -v m="$magnitude" -v model="$model" 'NR == 17 { if (!($2 / m > 1.12 && $2 / m < 1.28)) { print m ": " model " peak " $2; exit 1 } }' "$tmp/huge.fc"
  done
done
echo "timeseries ok"
