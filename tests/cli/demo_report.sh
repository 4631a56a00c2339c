#!/usr/bin/env bash
# aiops: the `aiops demo` HTML report (written by demo.sh into $1) opened in headless Chromium, as a
# person opens it: no console error or failed resource, every chart in the rendered DOM, and a
# screenshot (kept next to the report) that is a real picture, not a blank page.
set -euo pipefail
artifacts=$(cd "$1" && pwd)  # Chromium wants an absolute file:// URL
report="$artifacts/report.html"
command -v chromium > /dev/null || { echo "chromium is not installed (scripts/setup installs it)"; exit 77; }
[ -s "$report" ] || { echo "no report at $report: run cli/demo first"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Root needs --no-sandbox; a private profile keeps parallel runs and ~/.config out of it.
browse() { timeout 180 chromium --headless --disable-gpu --no-sandbox --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 "$@"; }
# What the page did wrong: a script error or console message on stderr (Chromium's log), or a
# resource it would fetch (the report is one self-contained file; Chromium does not log a missing
# file:// resource at --v=0, so the rendered DOM is searched for any src or href but data: and #).
page_errors() {
  grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR_' "$1" || true
  grep -Eo '(src|href)="[^"#][^"]*"' "$2" | grep -v '="data:' || true
}

# The check can fail: a page with a script error and a missing image trips it.
printf '<html><body><img src="missing.png"><script>undefined_function();</script></body></html>' > "$tmp/broken.html"
browse --dump-dom "file://$tmp/broken.html" > "$tmp/broken.dom" 2> "$tmp/broken.err"
[ "$(page_errors "$tmp/broken.err" "$tmp/broken.dom" | wc -l)" -eq 2 ] ||
  { echo "the checks did not see both faults of a broken page:"; cat "$tmp/broken.err" "$tmp/broken.dom"; exit 1; }

browse --dump-dom "file://$report" > "$tmp/dom.html" 2> "$tmp/dom.err"
errors=$(page_errors "$tmp/dom.err" "$tmp/dom.html")
[ -z "$errors" ] || { echo "the report logs errors in Chromium:"; echo "$errors"; exit 1; }
charts=$(grep -o '<svg xmlns' "$tmp/dom.html" | wc -l)
expected=$(grep -o '<svg xmlns' "$report" | wc -l)
[ "$charts" -ge 4 ] && [ "$charts" -eq "$expected" ] || { echo "rendered DOM has $charts charts, the report $expected"; exit 1; }
grep -q '<polyline\|<path' "$tmp/dom.html" || { echo "the charts draw no line"; exit 1; }

# The screenshot, against one of a blank page of the same size (a PNG of one colour is tiny).
shot="$artifacts/report.png"
rm -f "$shot"
browse --screenshot="$shot" --window-size=1280,2000 "file://$report" 2> "$tmp/shot.err" > /dev/null
printf '<html><body></body></html>' > "$tmp/blank.html"
browse --screenshot="$tmp/blank.png" --window-size=1280,2000 "file://$tmp/blank.html" 2> /dev/null > /dev/null
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "$shot is not a PNG"; exit 1; }
# IHDR: width and height, big-endian, at bytes 16-23.
size=$(od -An -tu1 -j16 -N8 "$shot" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$size" = 1280x2000 ] || { echo "screenshot is $size, expected 1280x2000"; exit 1; }
shot_bytes=$(stat -c %s "$shot") blank_bytes=$(stat -c %s "$tmp/blank.png")
[ "$shot_bytes" -gt $((4 * blank_bytes)) ] || { echo "screenshot ($shot_bytes bytes) looks blank (a blank page: $blank_bytes)"; exit 1; }
echo "demo report ok: $charts charts rendered, no console error, screenshot $shot ($shot_bytes bytes, blank page $blank_bytes)"
