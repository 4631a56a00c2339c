#!/usr/bin/env bash
# aiops: `aiops learn` on a week where tasks pass and fail in turn, as a learner's week is: a
# passing test case that Catch2 writes self-closing counts as passed (it took the rest of the
# report as its body, and a later task's failure with it), and the failing check shown is the
# failing task's own, whatever its message holds ('>' in "get<std::string>()").
set -euo pipefail
aiops=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tests"
# A stand-in for the week-01 grader: a JUnit report like Catch2's, task-1 and task-3 passing.
cat > "$tmp/tests/week-01-exercises" <<'GRADER'
#!/bin/sh
cat <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="week-01-exercises" errors="0" failures="1" tests="3">
    <testcase classname="week-01.global" name="task-1: parse the combined format" time="0.01"/>
    <testcase classname="week-01.global" name="task-2: bad lines are counted" time="0.01">
      <failure message="top[i].first == truth()[&quot;path&quot;].get<std::string>()" type="CHECK">
FAILED:
  CHECK( summary.bad == 3 )
with expansion:
  2 == 3
      </failure>
    </testcase>
    <testcase classname="week-01.global" name="task-3: the backup" time="0.01"/>
  </testsuite>
</testsuites>
XML
exit 1
GRADER
chmod +x "$tmp/tests/week-01-exercises"
"$aiops" learn --build "$tmp" --week 1 > "$tmp/out" 2>&1 || true
grep -q '01 .* 2/3 ' "$tmp/out" || { echo "not 2 of 3 passed:"; cat "$tmp/out"; exit 1; }
grep -q 'failing: task-2' "$tmp/out" || { echo "not task-2 failing:"; cat "$tmp/out"; exit 1; }
grep -q 'why: *CHECK( summary.bad == 3 )' "$tmp/out" || { echo "not task-2's check:"; cat "$tmp/out"; exit 1; }
echo "learn mixed ok"
