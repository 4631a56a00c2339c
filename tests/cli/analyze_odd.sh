#!/usr/bin/env bash
# aiops: `aiops analyze` on the odd files real machines write (found by a sweep with such files):
# Apache's vhost_combined and combined + %D, ingress-nginx's upstreaminfo, combined with fields of
# the site's own after it, one line with a wrong clock, binary data, control bytes in a message,
# Docker's json-file lines, pino's numeric levels, journalctl -o json, and plain-text logs (Python,
# klog, CRI container lines), top messages with their values masked, IIS and CloudFront W3C logs,
# AWS ALB, squid, Envoy, Traefik, HAProxy and lighttpd logs, access logs through syslog, and
# text logs with short years (logcat, old Hadoop, Spark), formats of their own read with a LogHub
# log-format string.
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Analyzes $tmp/NAME.log (more arguments after RECORDS go to analyze) and checks the format it
# chose and the records it read.
read_as() {
  local name=$1 format=$2 records=$3
  shift 3
  "$aiops" analyze "$tmp/$name.log" --json "$@" > "$tmp/$name.json"
  grep -qF "\"format\": \"$format\"" "$tmp/$name.json" && grep -q "\"records\": $records," "$tmp/$name.json" ||
    { echo "$name: $(grep -E '"(format|records|bad)"' "$tmp/$name.json")"; exit 1; }
}

# vhost_combined: nginx's "$remote_addr - " also read these lines, with "host:443 10.0.0.1" as the client.
for i in 1 2 3; do
  echo "www.example.com:443 203.0.113.$i - - [10/Oct/2023:13:55:3$i +0200] \"GET /a HTTP/1.1\" 200 3380 \"-\" \"curl/8\""
done > "$tmp/vhost.log"
"$aiops" analyze "$tmp/vhost.log" --json > "$tmp/vhost.json"
grep -q '"format": "apache vhost_combined"' "$tmp/vhost.json" || { echo "vhost: $(grep format "$tmp/vhost.json")"; exit 1; }

# combined with the site's own fields after it (rt=$request_time uct="$upstream_connect_time" ...):
# no format read them, so analyze asked for --format; now the combined fields are read.
for i in 1 2 3; do
  echo "203.0.113.$i - - [10/Oct/2024:13:55:3$i +0000] \"GET /api/items?id=$i HTTP/1.1\" 50$i 512 \"-\" \"curl/8.0\" \"-\" rt=0.01$i uct=\"0.000\" urt=\"0.01$i\""
done > "$tmp/extended.log"
"$aiops" analyze "$tmp/extended.log" --json > "$tmp/extended.json"
grep -q '"format": "nginx combined + fields not read"' "$tmp/extended.json" || { echo "extended: $(grep format "$tmp/extended.json")"; exit 1; }
grep -A1 '"path": "/api/items"' "$tmp/extended.json" | grep -q '"count": 3' || { echo "extended: $(grep -A3 top_paths "$tmp/extended.json")"; exit 1; }
# a plain combined log is still "nginx combined", not the looser reading
for i in 1 2 3; do echo "203.0.113.$i - - [10/Oct/2024:13:55:3$i +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\""; done > "$tmp/plain.log"
"$aiops" analyze "$tmp/plain.log" --json | grep -q '"format": "nginx combined"'

# ingress-nginx's default (upstreaminfo), a retried request's upstream list included: its
# request_time gives the latency quantiles.
{
  echo '10.1.0.1 - - [10/Oct/2024:13:55:31 +0000] "GET /api HTTP/1.1" 200 612 "-" "curl/8.0" 84 0.004 [default-web-80] [] 10.2.0.5:8080 612 0.004 200 6c1b3f0e5a'
  echo '10.1.0.2 - - [10/Oct/2024:13:55:32 +0000] "GET /api HTTP/1.1" 502 150 "-" "curl/8.0" 84 2.001 [default-web-80] [] 10.2.0.5:8080, 10.2.0.6:8080 0, 150 1.000, 1.001 502, 502 7d2c4a1f6b'
  echo '10.1.0.3 - - [10/Oct/2024:13:55:33 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.28" 90 0.001 [default-web-80] [] 10.2.0.5:8080 2 0.001 200 8e3d5b2a7c'
} > "$tmp/ingress.log"
"$aiops" analyze "$tmp/ingress.log" --json > "$tmp/ingress.json"
grep -q '"format": "ingress-nginx upstreaminfo"' "$tmp/ingress.json" || { echo "ingress: $(grep format "$tmp/ingress.json")"; exit 1; }
grep -q '"records": 3' "$tmp/ingress.json" || { echo "ingress: $(grep -E '"(records|bad)"' "$tmp/ingress.json")"; exit 1; }
grep -qF '"latency": [' "$tmp/ingress.json" || { echo "ingress: no latency"; exit 1; }

# Apache's combined + %D (microseconds): it was read as nginx's combined + $request_time (seconds),
# a thousandfold latency.
for i in 1 2 3; do
  echo "203.0.113.$i - - [10/Oct/2024:13:55:3$i +0000] \"GET /a HTTP/1.1\" 200 5 \"-\" \"curl/8.0\" 2500$i"
done > "$tmp/apache_d.log"
"$aiops" analyze "$tmp/apache_d.log" --json > "$tmp/apache_d.json"
grep -q '"format": "apache combined + %D"' "$tmp/apache_d.json" || { echo "apache %D: $(grep format "$tmp/apache_d.json")"; exit 1; }

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
grep -q 'GET /health <\*>' "$tmp/app.txt"
"$aiops" analyze "$tmp/app.jsonl" --json > "$tmp/app.json"
grep -q '"level": "error"' "$tmp/app.json"
# journalctl -o json: the time in __REALTIME_TIMESTAMP (microseconds, as a string), PRIORITY a
# syslog severity ("3" is err), MESSAGE: none of them was read.
printf '%s\n' '{"__REALTIME_TIMESTAMP":"1728568536123456","PRIORITY":"6","SYSLOG_IDENTIFIER":"systemd","MESSAGE":"Started apt.","_SYSTEMD_UNIT":"init.scope"}' \
  '{"__REALTIME_TIMESTAMP":"1728568537123456","PRIORITY":"3","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"error: kex_exchange_identification","_SYSTEMD_UNIT":"ssh.service"}' > "$tmp/journal.jsonl"
"$aiops" analyze "$tmp/journal.jsonl" > "$tmp/journal.txt"
grep -q 'first  *2024-10-10T13:55:36Z' "$tmp/journal.txt" || { echo "journal: $(cat "$tmp/journal.txt")"; exit 1; }
grep -q 'error records  *1' "$tmp/journal.txt"
grep -q 'kex_exchange_identification' "$tmp/journal.txt"
# Plain-text application logs: Python's logging (it was read as syslog, "13:55:36,123" the host),
# klog and CRI container lines (CRI was syslog with "stdout" for the host).
printf '%s\n' '2024-10-10 13:55:36,123 - app.db - ERROR - connection lost' '2024-10-10 13:55:37,001 - app.web - INFO - served' \
  '2024-10-10 13:56:38,500 - app.web - WARNING - slow request' > "$tmp/python.log"
"$aiops" analyze "$tmp/python.log" > "$tmp/python.txt"
grep -q 'format  *text (time, level, message)' "$tmp/python.txt" || { echo "python: $(head -4 "$tmp/python.txt")"; exit 1; }
grep -q 'error records  *1' "$tmp/python.txt"
grep -q 'connection lost' "$tmp/python.txt"
printf '%s\n' 'E1010 13:55:36.123456    1234 reflector.go:138] failed to list pods' 'I1010 13:55:37.000001    1234 controller.go:12] synced' > "$tmp/klog.log"
"$aiops" analyze "$tmp/klog.log" --year 2024 > "$tmp/klog.txt"
grep -q 'first  *2024-10-10T13:55:36' "$tmp/klog.txt" || { echo "klog: $(cat "$tmp/klog.txt")"; exit 1; }
grep -q 'failed to list pods' "$tmp/klog.txt"
printf '%s\n' '2024-10-10T13:55:36.123456789Z stdout F GET /health 200' '2024-10-10T13:55:37.5Z stderr F panic: boom' > "$tmp/cri.log"
"$aiops" analyze "$tmp/cri.log" > "$tmp/cri.txt"
grep -q 'format  *text (time, level, message)' "$tmp/cri.txt" || { echo "cri: $(head -4 "$tmp/cri.txt")"; exit 1; }
grep -q 'panic: boom' "$tmp/cri.txt"
# What a sweep of 60 real formats misread (each once read as syslog with the level, a thread
# number or a word for the host, or as logfmt without time and level): text logs with a 'T' in
# their time, text with key=value pairs in the message; a level word inside Go's log message.
printf '%s\n' '2024-10-10T13:55:38.789+02:00 ERROR 12345 --- [demo] [nio-8080-exec-1] o.a.c.c.C : Servlet.service() threw exception' \
  '2024-10-10T13:55:39.789Z [ERROR] agent.server.raft: failed to heartbeat to: peer=10.0.0.2:8300' \
  '2024-10-10T13:56:02.000000Z 9 [ERROR] [MY-010584] [Repl] Slave I/O error connecting to master' \
  '2024-10-10 13:57:37,456 ERROR [main] Payment failed order=981 reason=card_declined' > "$tmp/texts.log"
"$aiops" analyze "$tmp/texts.log" > "$tmp/texts.txt"
grep -q 'format  *text (time, level, message)' "$tmp/texts.txt" || { echo "texts: $(head -4 "$tmp/texts.txt")"; exit 1; }
grep -q 'error records  *4' "$tmp/texts.txt" || { echo "texts: $(grep 'error records' "$tmp/texts.txt")"; exit 1; }
printf '%s\n' '2024/10/10 13:55:37 http: TLS handshake error from 10.0.0.5:51234: EOF' '2024/10/10 13:55:38 no error found in config' > "$tmp/go.log"
"$aiops" analyze "$tmp/go.log" | grep -q 'error records  *0' || { echo "go: a level read from a message"; exit 1; }
# Apache's %T (whole seconds) is not %D (microseconds); a base64 "==" among 30 words is not logfmt.
printf '%s\n' '192.168.1.11 - - [10/Oct/2024:13:55:37 +0000] "GET /slow HTTP/1.1" 200 100 "-" "curl/8.4.0" 3' \
  '192.168.1.12 - - [10/Oct/2024:13:55:38 +0000] "GET / HTTP/1.1" 200 100 "-" "curl/8.4.0" 0' > "$tmp/apache_t.log"
"$aiops" analyze "$tmp/apache_t.log" --json | grep -q '"format": "nginx combined + fields not read"'
printf '%s\n' '#Version: 1.0' '2024-10-10	13:55:36	FRA2-C1	930	10.0.0.1	GET	d111.cloudfront.net	/index.html	200	-	Mozilla/5.0	-	-	Hit	fLS4Yb6Bz9lUQ1P7g3L7bAdjbBhcZhsNDyDbm2q41J7e9zAq2GTHTQ==	d111.cloudfront.net	https	23	0.001' > "$tmp/cloudfront.log"
if "$aiops" analyze "$tmp/cloudfront.log" > /dev/null 2>&1; then echo "cloudfront: read as some format"; exit 1; fi
: > "$tmp/empty.log"
"$aiops" analyze "$tmp/empty.log" --json | grep -q '"format": "none (no lines to tell it from)"'
# A bare number under "duration" has no unit: Go's slog writes nanoseconds there (p50 was 1.26e7
# seconds), Envoy milliseconds; it is shown as logged. "1.5s" says its unit and is latency.
printf '%s\n' '{"time":"2024-10-10T13:55:37Z","level":"WARN","msg":"slow","duration":1234000000}' \
  '{"time":"2024-10-10T13:55:38Z","level":"INFO","msg":"ok","duration":1000000}' > "$tmp/slog.json"
"$aiops" analyze "$tmp/slog.json" --json > "$tmp/slog.out"
grep -q '"duration_as_logged"' "$tmp/slog.out" && ! grep -q '"latency"' "$tmp/slog.out" || { echo "slog: durations read as seconds"; exit 1; }
printf '%s\n' '{"time":"2024-10-10T13:55:37Z","msg":"a","duration":"1.5s"}' '{"time":"2024-10-10T13:55:38Z","msg":"b","duration":"250ms"}' > "$tmp/units.json"
"$aiops" analyze "$tmp/units.json" --json | grep -q '"latency"' || { echo "units: no latency"; exit 1; }
# A Java exception's stack trace continues the record, header and frames: no bad lines (4 of 9 were).
printf '%s\n' '2024-10-10 13:55:36.123 ERROR 1 --- [main] c.e.App : request failed' 'java.lang.IllegalStateException: boom' \
  $'\tat com.example.App.handle(App.java:42)' $'\tat com.example.App.main(App.java:12)' \
  '2024-10-10 13:55:37.001  INFO 1 --- [main] c.e.App : recovered' > "$tmp/java.log"
"$aiops" analyze "$tmp/java.log" > "$tmp/java.txt"
grep -q 'format  *text (time, level, message)' "$tmp/java.txt" || { echo "java: $(head -4 "$tmp/java.txt")"; exit 1; }
grep -q 'lines continuing a record  *3' "$tmp/java.txt" || { echo "java: $(grep -E 'bad|continuing' "$tmp/java.txt")"; exit 1; }
grep -q 'bad lines  *0' "$tmp/java.txt"
# Python's traceback: "Traceback ..." and "ValueError: ..." are unindented, and no bad lines either.
printf '%s\n' '2024-10-10 13:55:36,123 ERROR app: request failed' 'Traceback (most recent call last):' \
  '  File "app.py", line 3, in <module>' '    int("x")' "ValueError: invalid literal for int() with base 10: 'x'" \
  '2024-10-10 13:55:37,001 INFO app: recovered' > "$tmp/python.log"
"$aiops" analyze "$tmp/python.log" > "$tmp/python.txt"
grep -q 'lines continuing a record  *4' "$tmp/python.txt" && grep -q 'bad lines  *0' "$tmp/python.txt" ||
  { echo "python: $(grep -E 'format|bad|continuing' "$tmp/python.txt")"; exit 1; }
# Rails (Ruby's Logger) and Redis: they were refused ("cannot tell the log format").
printf '%s\n' 'I, [2024-10-10T13:55:36.123456 #1234]  INFO -- : Started GET "/users" for 10.0.0.11' \
  'E, [2024-10-10T13:55:37.000001 #1234] ERROR -- : boom' > "$tmp/rails.log"
"$aiops" analyze "$tmp/rails.log" > "$tmp/rails.txt"
grep -q 'format  *text (time, level, message)' "$tmp/rails.txt" && grep -q 'error records  *1' "$tmp/rails.txt" ||
  { echo "rails: $(head -12 "$tmp/rails.txt")"; exit 1; }
printf '%s\n' '1:C 10 Oct 2024 13:55:36.123 # Redis version=7.2.5' '1:M 10 Oct 2024 13:55:36.124 * Ready to accept connections' \
  > "$tmp/redis.log"
"$aiops" analyze "$tmp/redis.log" | grep -q 'records  *2' || { echo "redis: $("$aiops" analyze "$tmp/redis.log" 2>&1 | head -8)"; exit 1; }

# Lines that start with their level and carry no time (Python's default format): records without a
# time, their errors counted (they were refused, then counted no error).
printf '%s\n' 'INFO:root:starting' 'WARNING:app.db:slow query' 'ERROR:app.api:Unhandled exception' > "$tmp/pydefault.log"
"$aiops" analyze "$tmp/pydefault.log" > "$tmp/pydefault.txt"
grep -q 'records without a time  *3' "$tmp/pydefault.txt" && grep -q 'error records  *1' "$tmp/pydefault.txt" ||
  { echo "python default: $(head -12 "$tmp/pydefault.txt")"; exit 1; }

# Top messages count a message whatever its values: sshd's lines from three addresses and ports
# are one message (each line was its own before), in syslog and in JSON lines.
for i in 1 2 3; do echo "Oct 10 13:55:3$i host sshd[10$i]: Failed password for root from 203.0.113.$i port 4${i}022 ssh2"; done > "$tmp/sshd.log"
"$aiops" analyze "$tmp/sshd.log" --json > "$tmp/sshd.json"
grep -A1 '"message": "Failed password for root from <\*> port <\*> ssh2"' "$tmp/sshd.json" | grep -q '"count": 3' ||
  { echo "sshd: $(grep -A12 top_messages "$tmp/sshd.json")"; exit 1; }
for i in 1 2 3; do echo "{\"time\":\"2024-10-10T13:55:3${i}Z\",\"level\":\"error\",\"msg\":\"order 10$i failed after 2$i ms\"}"; done > "$tmp/orders.json"
"$aiops" analyze "$tmp/orders.json" --json | grep -A1 '"message": "order <\*> failed after <\*> ms"' | grep -q '"count": 3' ||
  { echo "orders: $("$aiops" analyze "$tmp/orders.json" --json | grep -A6 top_messages)"; exit 1; }
# IIS's W3C extended log: fields from its #Fields: line, time-taken in milliseconds, the
# directives counted as comments; CloudFront's: tabs, time-taken in seconds.
{
  echo '#Software: Microsoft Internet Information Services 10.0'
  echo '#Version: 1.0'
  echo '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'
  for i in 1 2 3; do echo "2024-10-10 13:55:3$i 10.0.0.5 GET /default.aspx - 443 - 192.168.1.1$i Mozilla/5.0+(X11) - 50$i 0 0 200$i"; done
} > "$tmp/iis.log"
"$aiops" analyze "$tmp/iis.log" --json > "$tmp/iis.json"
grep -q '"format": "W3C extended (IIS)"' "$tmp/iis.json" || { echo "iis: $(grep format "$tmp/iis.json")"; exit 1; }
grep -q '"comments": 3' "$tmp/iis.json" && grep -q '"bad": 0' "$tmp/iis.json" || { echo "iis: $(grep -E '"(records|bad|comments)"' "$tmp/iis.json")"; exit 1; }
grep -A3 '"statistic": "p50"' "$tmp/iis.json" | grep -q '"seconds": 2\.0' || { echo "iis latency: $(grep -A3 '"p50"' "$tmp/iis.json")"; exit 1; }
{
  printf '#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status time-taken\n'
  for i in 1 2 3; do printf '2024-10-10\t13:55:3%s\tSEA19-C1\t30%s\t192.0.2.%s\tGET\td1.cloudfront.net\t/index.html\t200\t0.00%s\n' $i $i $i $i; done
} > "$tmp/cloudfront.log"
read_as cloudfront "W3C extended (CloudFront)" 3
# IIS writes a new #Fields: line mid-file when its logged fields change: the lines after it were
# read with the first one's layout. 8 MB, so that --threads 4 would split it into ranges, which
# (but for the first) would not know the #Fields: in effect.
{
  echo '#Software: Microsoft Internet Information Services 10.0'
  echo '#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken'
  awk 'BEGIN { for (i = 0; i < 80000; i++) printf "2024-10-10 13:%02d:%02d 192.168.1.%d GET /old 200 1%03d\n", i / 60 % 60, i % 60, i % 3 + 1, i % 1000 }'
  echo '#Software: Microsoft Internet Information Services 10.0'
  echo '#Fields: date time cs-uri-stem sc-status c-ip cs-method cs(User-Agent) time-taken'
  awk 'BEGIN { for (i = 0; i < 80000; i++) printf "2024-10-10 14:%02d:%02d /new 503 10.9.9.%d POST curl/8.0 3%03d\n", i / 60 % 60, i % 60, i % 3 + 1, i % 1000 }'
} > "$tmp/iis_fields.log"
"$aiops" analyze "$tmp/iis_fields.log" --json --threads 4 > "$tmp/iis_fields.json"
grep -q '"records": 160000' "$tmp/iis_fields.json" && grep -q '"bad": 0' "$tmp/iis_fields.json" ||
  { echo "iis #Fields: $(grep -E '"(records|bad|comments)"' "$tmp/iis_fields.json")"; exit 1; }
grep -A1 '"path": "/new"' "$tmp/iis_fields.json" | grep -q '"count": 80000' || { echo "iis #Fields: $(grep -A9 top_paths "$tmp/iis_fields.json")"; exit 1; }
grep -A1 '"status": 503' "$tmp/iis_fields.json" | grep -q '"count": 80000' || { echo "iis #Fields: $(grep -A9 '"status": \[' "$tmp/iis_fields.json")"; exit 1; }
grep -q '"address": "10.9.9.1"' "$tmp/iis_fields.json" || { echo "iis #Fields: $(grep -A5 top_ips "$tmp/iis_fields.json")"; exit 1; }

# An AWS ALB log: the client without its port (an IPv6 one, unbracketed, with its colons), paths
# without the absolute URL's host, -1 (no response from the target) no latency rather than a bad line.
for i in 1 2 3; do
  echo "https 2024-10-10T13:55:3${i}.5Z app/lb/50dc $([ $i = 2 ] && echo 2001:db8::2 || echo 192.168.1.$i):281$i 10.0.0.2:80 0.001 $([ $i = 3 ] && echo -1 || echo 0.04$i) 0.000 $([ $i = 3 ] && echo 502 || echo 200) - 0 57 \"GET https://www.example.com:443/api?id=$i HTTP/1.1\" \"curl/8\" - - arn:aws:x \"Root=1\" \"www.example.com\" \"-\" 0 2024-10-10T13:55:3${i}Z \"forward\" \"-\" \"-\" \"10.0.0.2:80\" \"200\" \"-\" \"-\" TID_$i"
done > "$tmp/alb.log"
"$aiops" analyze "$tmp/alb.log" --json > "$tmp/alb.json"
grep -q '"format": "AWS ALB"' "$tmp/alb.json" && grep -q '"bad": 0' "$tmp/alb.json" || { echo "alb: $(grep -E '"(format|records|bad)"' "$tmp/alb.json")"; exit 1; }
grep -A1 '"path": "/api"' "$tmp/alb.json" | grep -q '"count": 3' || { echo "alb: $(grep -A3 top_paths "$tmp/alb.json")"; exit 1; }
grep -q '"address": "192.168.1.1"' "$tmp/alb.json" || { echo "alb: $(grep -A9 top_ips "$tmp/alb.json")"; exit 1; }
grep -q '"address": "2001:db8::2"' "$tmp/alb.json" || { echo "alb: $(grep -A9 top_ips "$tmp/alb.json")"; exit 1; }

# squid's native log: its padded elapsed time, NONE/000 (no response) a record without a status.
{
  echo '1728568536.123    123 10.0.0.1 TCP_MISS/200 1234 GET http://example.com/ - HIER_DIRECT/93.184.216.34 text/html'
  echo '1728568537.456   2001 10.0.0.2 TCP_MISS/503 4000 GET http://down.example.com/ - HIER_NONE/- text/html'
  echo '1728568539.001  60012 10.0.0.3 NONE_NONE/000 0 GET http://slow.example.com/x - HIER_NONE/- -'
} > "$tmp/squid.log"
read_as squid "squid" 3

# Envoy's default access log: its duration in milliseconds is the latency.
for i in 1 2 3; do
  echo "[2024-10-10T13:55:3$i.456Z] \"GET /api/users HTTP/1.1\" 200 - 0 1234 $i$i - \"10.0.0.1$i\" \"curl/8.4.0\" \"6b4b-$i\" \"api.example.com\" \"10.1.0.5:8080\""
done > "$tmp/envoy.log"
read_as envoy "envoy" 3
grep -A3 '"statistic": "p50"' "$tmp/envoy.json" | grep -q '"seconds": 0\.02' || { echo "envoy latency: $(grep -A3 '"p50"' "$tmp/envoy.json")"; exit 1; }

# Traefik's CLF: combined and its own fields; the duration "1502ms" is the latency.
for i in 1 2 3; do
  echo "10.0.0.1$i - - [10/Oct/2024:13:55:3$i +0000] \"GET /api/orders HTTP/2.0\" 200 78 \"-\" \"curl/8.4.0\" $i \"api@docker\" \"http://172.18.0.6:8080\" 150${i}ms"
done > "$tmp/traefik.log"
"$aiops" analyze "$tmp/traefik.log" --json > "$tmp/traefik.json"
grep -q '"format": "traefik"' "$tmp/traefik.json" && grep -qF '"latency": [' "$tmp/traefik.json" || { echo "traefik: $(grep -E '"(format|records|bad)"' "$tmp/traefik.json")"; exit 1; }

# HAProxy's HTTP log through syslog (its usual way), with a server event among the requests: the
# access reading wins over plain syslog and the event is a line not read; the same lines without
# the syslog header (HAProxy logging to stdout) and nginx's "access_log syslog:".
{
  for i in 1 2 3; do
    echo "Oct 10 13:55:3$i lb1 haproxy[2345]: 10.0.0.1$i:5432$i [10/Oct/2024:13:55:3$i.12$i] www~ be_app/app1 0/0/1/2$i/4$i 200 1534 - - ---- 12/12/3/1/0 0/0 \"GET /api/orders HTTP/1.1\""
  done
  echo 'Oct 10 13:55:39 lb1 haproxy[2345]: Server be_app/app2 is DOWN, reason: Layer4 connection problem. 1 active and 0 backup servers left.'
  echo '2024-10-10T13:55:40.000123+00:00 lb1 haproxy[2345]: 10.0.0.9:5000 [10/Oct/2024:13:55:40.001] www~ be_app/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"'
} > "$tmp/haproxy.log"
"$aiops" analyze "$tmp/haproxy.log" --json > "$tmp/haproxy.json"
grep -q '"format": "haproxy through syslog"' "$tmp/haproxy.json" && grep -q '"records": 4' "$tmp/haproxy.json" && grep -q '"bad": 1' "$tmp/haproxy.json" ||
  { echo "haproxy: $(grep -E '"(format|records|bad)"' "$tmp/haproxy.json")"; exit 1; }
grep -A1 '"status": 503' "$tmp/haproxy.json" | grep -q '"count": 1' || { echo "haproxy status: $(grep -A12 '"status": \[' "$tmp/haproxy.json")"; exit 1; }
grep -A3 '"statistic": "p50"' "$tmp/haproxy.json" | grep -q '"seconds": 0\.04' || { echo "haproxy latency: $(grep -A3 '"p50"' "$tmp/haproxy.json")"; exit 1; }
sed 's/^.*haproxy\[2345\]: //' "$tmp/haproxy.log" | grep -v '^Server' > "$tmp/haproxy-raw.log"
read_as haproxy-raw "haproxy" 4
for i in 1 2 3; do
  echo "Oct 10 13:55:3$i web1 nginx: 10.0.0.1$i - - [10/Oct/2024:13:55:3$i +0000] \"GET /x HTTP/1.1\" 404 12 \"-\" \"curl/8.4.0\""
done > "$tmp/nginx-syslog.log"
"$aiops" analyze "$tmp/nginx-syslog.log" --json > "$tmp/nginx-syslog.json"
grep -q '"format": "nginx combined through syslog"' "$tmp/nginx-syslog.json" && grep -A1 '"status": 404' "$tmp/nginx-syslog.json" | grep -q '"count": 3' ||
  { echo "nginx through syslog: $(grep -E '"(format|records|bad)"' "$tmp/nginx-syslog.json")"; exit 1; }

# lighttpd's default: the requested host where combined has "-".
for i in 1 2 3; do
  echo "192.168.1.1$i example.com - [10/Oct/2024:13:55:3$i +0000] \"GET /index.html HTTP/1.1\" 200 1234 \"-\" \"Mozilla/5.0\""
done > "$tmp/lighttpd.log"
read_as lighttpd "lighttpd" 3

# Short years: Android's logcat (none: the most recent that fits), old Hadoop's "081109 203526"
# and Spark's "17/06/09 20:10:40" (yy).
{
  echo '03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogsopening app wtoken'
  echo '03-17 16:13:38.819  1702  8671 E PowerManagerService: acquire lock=233570404'
  echo '03-17 16:13:38.820  1702  8671 W PowerManagerService: ready=true'
} > "$tmp/logcat.log"
printf '%s\n' '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating' \
  '081109 204005 35 ERROR dfs.DataNode$DataXceiver: 10.251.30.6:50010:Got exception while serving blk_-2918118818249673980' > "$tmp/hdfs.log"
printf '%s\n' '17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers' \
  '17/06/09 20:10:41 ERROR spark.SecurityManager: Changing view acls to: yarn,curi' > "$tmp/spark.log"
for log in logcat hdfs spark; do
  "$aiops" analyze "$tmp/$log.log" --json > "$tmp/$log.json"
  grep -q '"format": "text (time, level, message)"' "$tmp/$log.json" && grep -q '"bad": 0' "$tmp/$log.json" && grep -q '"errors": 1,' "$tmp/$log.json" ||
    { echo "$log: $(grep -E '"(format|records|bad|errors)"' "$tmp/$log.json")"; exit 1; }
done

# A format of its own, read with a LogHub log-format string (as aiops logparse takes it): BGL's,
# whose epoch seconds give the time, and HealthApp's, with no time that reads.
{
  echo '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected'
  echo 'APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix on control stream'
} > "$tmp/bgl.log"
"$aiops" analyze "$tmp/bgl.log" --json --format '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>' > "$tmp/bgl.json"
grep -q '"records": 2' "$tmp/bgl.json" && grep -q '"first": "2005-06-03T22:42:50Z"' "$tmp/bgl.json" && grep -q '"errors": 1,' "$tmp/bgl.json" ||
  { echo "bgl: $(grep -E '"(format|records|bad|first|errors)"' "$tmp/bgl.json")"; exit 1; }
printf '%s\n' '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579' '20171223-22:15:29:615|Step_LSC|30002312|onExtend:1514038530000 14 0 4' 'not a HealthApp line' > "$tmp/health.log"
"$aiops" analyze "$tmp/health.log" --json --format '<Time>\|<Component>\|<Pid>\|<Content>' > "$tmp/health.json"
grep -q '"records": 2' "$tmp/health.json" && grep -q '"bad": 1' "$tmp/health.json" && grep -q '"without_time": 2' "$tmp/health.json" ||
  { echo "healthapp: $(grep -E '"(format|records|bad|without_time)"' "$tmp/health.json")"; exit 1; }
if "$aiops" analyze "$tmp/health.log" --format '<Time>|<Time>|<Content>' > "$tmp/dup.out" 2>&1; then echo "a repeated field was accepted"; exit 1; fi
grep -q "bad --format" "$tmp/dup.out" || { echo "repeated field: $(cat "$tmp/dup.out")"; exit 1; }

# A small IIS log is mostly its directives: they count as read, not against the W3C reading.
printf '%s\n' '#Software: Microsoft Internet Information Services 10.0' '#Version: 1.0' '#Date: 2024-10-10 13:55:00' \
  '#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken' '2024-10-10 13:55:36 192.168.1.1 GET /old 200 15' > "$tmp/small-iis.log"
read_as small-iis "W3C extended (IIS)" 1

echo "analyze odd files ok"
