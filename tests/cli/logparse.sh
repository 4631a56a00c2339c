#!/usr/bin/env bash
# aiops: `aiops logparse` as a user runs it: a bundled log into LogHub's two CSV files (same events
# as the ground truth), the same with any --threads and from gzip, long lines skipped, no overwrite
# without --force, a bad format, and --stream resumed from --state.
set -euo pipefail
aiops=$1
datasets=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
format='<Date> <Time> <Pid> <Level> <Component>: <Content>'
"$aiops" logparse "$datasets/logs/hdfs/HDFS.log" --format "$format" --out "$tmp" | grep -q '10000 lines, 28 templates'
head -1 "$tmp/HDFS.log_structured.csv" | grep -qx 'LineId,Date,Time,Pid,Level,Component,Content,EventId,EventTemplate,ParameterList'
head -1 "$tmp/HDFS.log_templates.csv" | grep -qx 'EventId,EventTemplate,Occurrences'
[ "$(wc -l < "$tmp/HDFS.log_structured.csv")" -eq 10001 ] || { echo "expected 10000 rows"; exit 1; }
# The same templates as the ground truth, with the same counts, but for the rare "Interrupted."
# responder, one word from the frequent "terminating" and merged with it (docs/nlp.md, freeze guard).
{
  cut -d, -f2- "$datasets/logs/hdfs/HDFS.log_templates.csv" | grep -v '^PacketResponder <\*> for block <\*> \(Interrupted\.\|terminating\),'
  echo 'PacketResponder <*> for block <*> <*>,1434'
} | sort > "$tmp/truth"
cut -d, -f2- "$tmp/HDFS.log_templates.csv" | sort > "$tmp/mined"
diff "$tmp/truth" "$tmp/mined"
# One thread or several: the same files, a line that does not match the format counted with its number.
{ head -700 "$datasets/logs/hdfs/HDFS.log"; echo 'not a HDFS line'; tail -n +701 "$datasets/logs/hdfs/HDFS.log"; } > "$tmp/odd.log"
mkdir "$tmp/one" "$tmp/three"
"$aiops" logparse "$tmp/odd.log" --format "$format" --out "$tmp/one" --threads 1 > /dev/null 2> "$tmp/err1"
"$aiops" logparse "$tmp/odd.log" --format "$format" --out "$tmp/three" --threads 3 > /dev/null 2> "$tmp/err3"
grep -q '1 line(s) do not match the format and were skipped (line 701)' "$tmp/err3"
cmp "$tmp/err1" "$tmp/err3"
cmp "$tmp/one/odd.log_structured.csv" "$tmp/three/odd.log_structured.csv"
cmp "$tmp/one/odd.log_templates.csv" "$tmp/three/odd.log_templates.csv"
[ "$(wc -l < "$tmp/three/odd.log_structured.csv")" -eq 10001 ] || { echo "expected 10000 rows"; exit 1; }
# gzip in, the same files out; a line longer than --max-line-bytes is skipped and reported.
gzip -c "$tmp/odd.log" > "$tmp/odd.log.gz"
"$aiops" logparse "$tmp/odd.log.gz" --format "$format" --out "$tmp/three" > /dev/null 2> /dev/null
cmp "$tmp/one/odd.log_structured.csv" "$tmp/three/odd.log.gz_structured.csv"
{ head -3 "$datasets/logs/hdfs/HDFS.log"; head -c 5000 /dev/zero | tr '\0' x; echo; head -3 "$datasets/logs/hdfs/HDFS.log"; } > "$tmp/long.log"
"$aiops" logparse "$tmp/long.log" --format "$format" --out "$tmp" --max-line-bytes 4096 > "$tmp/out" 2> "$tmp/err"
grep -q '1 line(s) are longer than 4096 bytes (--max-line-bytes) and were skipped (line 4)' "$tmp/err"
grep -q '^6 lines' "$tmp/out"
[ "$(wc -l < "$tmp/long.log_structured.csv")" -eq 7 ] || { echo "expected 6 rows"; exit 1; }
if "$aiops" logparse "$datasets/logs/hdfs/HDFS.log" --format "$format" --out "$tmp" 2> "$tmp/err"; then echo "overwrote without --force"; exit 1; fi
grep -q 'use --force' "$tmp/err"
if "$aiops" logparse "$datasets/logs/hdfs/HDFS.log" --format '<Date> <Time' 2> "$tmp/err"; then echo "accepted a bad format"; exit 1; fi
grep -q 'column 8' "$tmp/err"
# Streaming in two runs: the second continues the first one's clusters.
head -100 "$datasets/logs/hdfs/HDFS.log" | "$aiops" logparse --stream --format "$format" --state "$tmp/state.json" > "$tmp/a.csv" 2> /dev/null
sed -n '101,200p' "$datasets/logs/hdfs/HDFS.log" | "$aiops" logparse --stream --format "$format" --state "$tmp/state.json" > "$tmp/b.csv" 2> "$tmp/err"
grep -q 'continuing from' "$tmp/err"
head -200 "$datasets/logs/hdfs/HDFS.log" | "$aiops" logparse --stream --format "$format" > "$tmp/ab.csv" 2> /dev/null
# gzip on stdin reads the same; a long line is skipped and reported there too.
head -200 "$datasets/logs/hdfs/HDFS.log" | gzip | "$aiops" logparse --stream --format "$format" 2> /dev/null | cmp - "$tmp/ab.csv"
"$aiops" logparse --stream --format "$format" --max-line-bytes 4096 < "$tmp/long.log" > "$tmp/long.csv" 2> "$tmp/err"
grep -q '1 line(s) are longer than 4096 bytes (--max-line-bytes) and were skipped (line 4)' "$tmp/err"
[ "$(wc -l < "$tmp/long.csv")" -eq 7 ] || { echo "expected 6 streamed rows"; exit 1; }
# Row by row the same as one uninterrupted run (but LineId, which counts each run's input).
diff <(tail -n +2 "$tmp/ab.csv" | cut -d, -f2-) <(cat <(tail -n +2 "$tmp/a.csv") <(tail -n +2 "$tmp/b.csv") | cut -d, -f2-)
echo "logparse ok"
