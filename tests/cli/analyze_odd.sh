#!/usr/bin/env bash
# aiops: `aiops analyze` on the odd files real machines write (found by a sweep with such files):
# Apache's vhost_combined, one line with a wrong clock, binary data, control bytes in a message,
# Docker's json-file lines and pino's numeric levels.
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# vhost_combined: nginx's "$remote_addr - " also read these lines, with "host:443 10.0.0.1" as the client.
for i in 1 2 3; do
  echo "www.example.com:443 203.0.113.$i - - [10/Oct/2023:13:55:3$i +0200] \"GET /a HTTP/1.1\" 200 3380 \"-\" \"curl/8\""
done > "$tmp/vhost.log"
"$aiops" analyze "$tmp/vhost.log" --json > "$tmp/vhost.json"
grep -q '"format": "apache vhost_combined"' "$tmp/vhost.json" || { echo "vhost: $(grep format "$tmp/vhost.json")"; exit 1; }

# One line stamped 1970 among lines of 2024: the minutes between were all filled (28 million rows, 16 GB).
{
  echo '10.0.0.1 - - [10/Mar/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'
  echo '10.0.0.1 - - [01/Jan/1970:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'
} > "$tmp/clock.log"
timeout 20 "$aiops" analyze "$tmp/clock.log" --json > "$tmp/clock.json"
[ "$(wc -c < "$tmp/clock.json")" -lt 100000 ] || { echo "clock: $(wc -c < "$tmp/clock.json") bytes of report"; exit 1; }
grep -q '"first": "1970-01-01T00:00:00Z"' "$tmp/clock.json"

# Binary data is no log: it was reported as logfmt.
head -c 200000 /dev/urandom > "$tmp/garbage.bin"
if "$aiops" analyze "$tmp/garbage.bin" > /dev/null 2> "$tmp/err"; then echo "garbage: analysed"; exit 1; fi
grep -q 'cannot tell the log format' "$tmp/err"

# Control bytes of a message are escaped on the terminal (ESC [2J cleared the screen);
# Docker's json-file "log" is the message; pino's level 50 is an error.
printf '%s\n' '{"time":"2024-03-10T12:00:00Z","msg":"hi \u001b[2J there"}' \
  '{"log":"GET /health 200\n","stream":"stdout","time":"2024-03-10T12:00:01Z"}' \
  '{"level":50,"msg":"db down","time":"2024-03-10T12:00:02Z"}' > "$tmp/app.jsonl"
"$aiops" analyze "$tmp/app.jsonl" > "$tmp/app.txt"
if grep -q $'\x1b' "$tmp/app.txt"; then echo "app: a raw ESC reached the terminal"; exit 1; fi
grep -q 'hi \\x1b\[2J there' "$tmp/app.txt" || { echo "app: $(cat "$tmp/app.txt")"; exit 1; }
grep -q 'GET /health 200' "$tmp/app.txt"
"$aiops" analyze "$tmp/app.jsonl" --json > "$tmp/app.json"
grep -q '"level": "error"' "$tmp/app.json"
echo "analyze odd files ok"
