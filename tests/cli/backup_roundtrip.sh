#!/usr/bin/env bash
# aiops: `aiops backup` as an operator uses it: create twice, verify, break a file, verify fails,
# restore into a new directory, prune.
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/etc" "$tmp/src/www" "$tmp/empty-repo"
# An empty repository has nothing to verify: that is an error, not "all fine".
if "$aiops" backup verify --repo "$tmp/empty-repo" --all 2> "$tmp/err"; then echo "verify --all passed an empty repository"; exit 1; fi
grep -q 'no snapshot in' "$tmp/err"
echo "worker_processes auto;" > "$tmp/src/etc/nginx.conf"
echo "<h1>hi</h1>" > "$tmp/src/www/index.html"
"$aiops" backup create "$tmp/src" --repo "$tmp/repo"
sleep 1
echo "<h1>hi again</h1>" > "$tmp/src/www/index.html"
"$aiops" backup create "$tmp/src" --repo "$tmp/repo"
[ "$("$aiops" backup list --repo "$tmp/repo" | grep -c '^2')" -eq 2 ] || { echo "expected two snapshots"; exit 1; }
"$aiops" backup verify --repo "$tmp/repo"
latest=$(ls "$tmp/repo" | grep '^2' | tail -n 1)
chmod -R u+w "$tmp/repo/$latest"
echo "bit rot" >> "$tmp/repo/$latest/tree/www/index.html"
if "$aiops" backup verify --repo "$tmp/repo" "$latest"; then echo "verify missed a changed file"; exit 1; fi
first=$(ls "$tmp/repo" | grep '^2' | head -n 1)
"$aiops" backup restore --repo "$tmp/repo" "$first" --to "$tmp/restored"
cmp "$tmp/restored/etc/nginx.conf" "$tmp/src/etc/nginx.conf"
grep -q '<h1>hi</h1>' "$tmp/restored/www/index.html"
"$aiops" backup prune --repo "$tmp/repo" --keep-last 1
[ "$(ls "$tmp/repo" | grep -c '^2')" -eq 1 ] || { echo "prune kept the wrong number"; exit 1; }
echo "backup round trip ok"
