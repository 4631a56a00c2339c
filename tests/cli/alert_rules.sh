#!/usr/bin/env bash
# aiops: `aiops alert` on rule files with the mistakes people make: each is refused with its line
# (a typo in a group's key used to fall back to the default silently), and a step of 0 is refused
# instead of evaluating forever; a good file evaluates and fires.
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Ten minutes of one series a minute apart, 6 from minute 3 on.
printf '{"metric":{"__name__":"load","instance":"a"},"values":[1,1,1,6,6,6,6,6,6,6],"timestamps":[%s]}\n' \
  "$(seq -s, 1767225600000 60000 1767226140000)" > "$tmp/series.jsonl"

good='groups:
  - name: hosts
    interval: 1m
    rules:
      - alert: HighLoad
        expr: load > 4
        for: 2m
        labels:
          severity: warning'
# refuse NAME EXPECTED-MESSAGE: the rule file in $tmp/NAME.yaml is refused with that message
refuse() {
  if "$aiops" alert "$tmp/$1.yaml" --series "$tmp/series.jsonl" --outbox "$tmp/outbox" > /dev/null 2> "$tmp/err"; then
    echo "$1: accepted"; exit 1
  fi
  grep -q "$2" "$tmp/err" || { echo "$1: $(cat "$tmp/err")"; exit 1; }
}
echo "${good/interval:/intervall:}" > "$tmp/typo.yaml"
refuse typo 'typo.yaml: line 3, column 5: unknown field "intervall"'
echo "${good/1m/0s}" > "$tmp/zero.yaml"
refuse zero 'zero.yaml: line 3, column 15: interval must be positive'
printf '%s\n%s\n' "$good" "${good#groups:$'\n'}" > "$tmp/twice.yaml"
refuse twice 'group "hosts" appears twice'
printf '%s\n        for: 5m\n' "${good/        labels:$'\n'          severity: warning/}" > "$tmp/repeated.yaml"
refuse repeated 'field "for" appears twice'
echo "${good/severity:/0severity:}" > "$tmp/label.yaml"
refuse label '"0severity" is not a valid name'

printf '%s\n        annotations:\n          summary: "{{ $labels.instance | toUpper }}"\n' "$good" > "$tmp/pipe.yaml"
refuse pipe 'pipe.yaml: line 11, column 20: .*annotations.summary: unsupported pipeline'

echo "$good" > "$tmp/good.yaml"
if timeout 10 "$aiops" alert "$tmp/good.yaml" --series "$tmp/series.jsonl" --step 0s --outbox "$tmp/outbox" 2> "$tmp/err"; then
  echo "accepted a step of 0"; exit 1
fi
grep -q 'the evaluation step must be positive' "$tmp/err"
"$aiops" alert "$tmp/good.yaml" --series "$tmp/series.jsonl" --outbox "$tmp/outbox" > "$tmp/out" 2>&1
grep -q 'HighLoad' "$tmp/out" || { echo "good rules: $(cat "$tmp/out")"; exit 1; }
# microseconds where milliseconds belong: refused with the value, not an empty evaluation
sed 's/,"timestamps":\[\([0-9]*\)/,"timestamps":[\1000/' "$tmp/series.jsonl" > "$tmp/micro.jsonl"
if "$aiops" alert "$tmp/good.yaml" --series "$tmp/micro.jsonl" --outbox "$tmp/outbox" 2> "$tmp/err" > /dev/null; then echo "accepted microseconds"; exit 1; fi
grep -q 'is not in milliseconds since 1970' "$tmp/err"
echo "alert rules ok"
