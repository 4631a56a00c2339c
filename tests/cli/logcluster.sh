#!/usr/bin/env bash
# aiops: `aiops logcluster` as a user runs it: a bundled log by --format, a LogHub CSV scored against its
# EventIds (TF-IDF + k-means, --auto, Word2Vec), and bad arguments refused with a reason.
set -euo pipefail
aiops=$1
datasets=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
format='<Date> <Time> <Pid> <Level> <Component>: <Content>'
"$aiops" logcluster "$datasets/logs/hdfs/HDFS.log" --format "$format" --k 29 > "$tmp/out"
grep -q '^10000 messages, 29 clusters (tfidf, k = 29)' "$tmp/out"
[ "$(grep -c '^cluster [0-9]*: ' "$tmp/out")" -eq 29 ] || { echo "expected 29 clusters"; exit 1; }
# The largest cluster is HDFS's largest event, with its words and an example line.
sed -n '/^cluster 1:/,/^$/p' "$tmp/out" > "$tmp/first"
grep -q 'top terms: .*addstoredblock' "$tmp/first"
grep -q 'example:   BLOCK\* NameSystem.addStoredBlock: blockMap updated: ' "$tmp/first"
# A structured CSV is scored against its EventId.
"$aiops" logcluster "$datasets/logs/hdfs/HDFS.log_structured.csv" --k 29 --show 3 > "$tmp/csv"
nmi=$(sed -n 's/^against EventId: NMI \([0-9.]*\) .*/\1/p' "$tmp/csv")
awk -v n="$nmi" 'BEGIN { exit !(n >= 0.95) }' || { echo "NMI $nmi < 0.95"; exit 1; }
grep -q '26 more clusters' "$tmp/csv"
"$aiops" logcluster "$datasets/logs/apache/Apache.log_structured.csv" --auto --show 1 | grep -q 'clusters (tfidf, agglomerative'
"$aiops" logcluster "$datasets/logs/apache/Apache.log_structured.csv" --vectors word2vec --k 28 --show 1 | grep -q 'against EventId: NMI 0\.[89]'
# Lines that do not match the format are skipped and counted.
{ head -50 "$datasets/logs/hdfs/HDFS.log"; echo "not a log line"; } > "$tmp/mixed.log"
"$aiops" logcluster "$tmp/mixed.log" --format "$format" --k 3 2> "$tmp/err" | grep -q '^50 messages'
grep -q '1 line(s) do not match the format.*line 51' "$tmp/err"
# Refused: neither --k nor --auto, k-means with --auto, more clusters than messages.
if "$aiops" logcluster "$tmp/mixed.log" 2> "$tmp/err"; then echo "accepted no --k/--auto"; exit 1; fi
grep -q 'either --k N or --auto' "$tmp/err"
if "$aiops" logcluster "$tmp/mixed.log" --auto --method kmeans 2> "$tmp/err"; then echo "accepted --auto with k-means"; exit 1; fi
if "$aiops" logcluster "$tmp/mixed.log" --k 100 2> "$tmp/err"; then echo "accepted k > messages"; exit 1; fi
grep -q '100 clusters for 51 messages' "$tmp/err"
echo "logcluster ok"
