#!/usr/bin/env bash
# aiops: end-to-end checks of the REST APIs the library uses, against the node started by run.sh.
# SPDX-License-Identifier: MIT
#
#   run.sh start && smoke.sh     exit 0 when every check passed; prints "N passed, N failed" last
#
# Every index and template it creates starts with "aiops-smoke-" and is deleted before and after.
set -euo pipefail
export LC_ALL=C

url="http://127.0.0.1:${AIOPS_OPENSEARCH_PORT:-19200}"
index=aiops-smoke-logs
template=aiops-smoke-tpl
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

command -v jq >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q jq >&2

# req METHOD PATH [BODY [CONTENT_TYPE]]: the response body goes to $work/body, the status to $status.
req() {
  local args=(-s -m 30 -o "$work/body" -w '%{http_code}' -X "$1" "$url$2")
  if (($# > 2)); then
    args+=(-H "Content-Type: ${4:-application/json}" --data-binary "$3")
  fi
  status="$(curl "${args[@]}")" || status=000
}

# check NAME EXPECTED_STATUS JQ_FILTER: passes when the status matches and the filter is true on the body.
check() {
  if [[ "$status" == "$2" ]] && jq -e "$3" "$work/body" >/dev/null 2>&1; then
    passed=$((passed + 1))
    echo "ok   - $1"
  else
    failed=$((failed + 1))
    echo "FAIL - $1: HTTP $status, wanted $2 and: $3"
    head -c 800 "$work/body"
    echo
  fi
}

json() { jq -r "$1" "$work/body"; }

cleanup() {
  req DELETE "/$index,$template-1?ignore_unavailable=true"
  req DELETE "/_index_template/$template"
}

req GET "/_cluster/health?wait_for_status=yellow&timeout=10s"
if [[ "$status" != 200 ]]; then
  echo "no OpenSearch answers on $url (HTTP $status): start it with tests/servers/opensearch/run.sh start" >&2
  exit 1
fi
req GET /
check "GET / reports OpenSearch 2.19" 200 '.version.distribution == "opensearch" and (.version.number | startswith("2.19."))'
cleanup

req PUT "/$index" '{
  "settings": {"number_of_shards": 1, "number_of_replicas": 0},
  "mappings": {"dynamic": "strict", "properties": {
    "@timestamp": {"type": "date"}, "event_id": {"type": "keyword"}, "service": {"type": "keyword"},
    "level": {"type": "keyword"}, "latency_ms": {"type": "long"}, "message": {"type": "text"}}}}'
check "create index with a strict mapping" 200 '.acknowledged == true'

# 1000 documents, one per second from 00:00:00: service = i % 4, latency = i ms, every 10th is an error.
awk -v index_name="$index" 'BEGIN {
  for (i = 0; i < 1000; i++) {
    printf "{\"index\":{\"_index\":\"%s\",\"_id\":\"evt-%04d\"}}\n", index_name, i
    printf "{\"@timestamp\":\"2026-01-01T00:%02d:%02dZ\",\"event_id\":\"evt-%04d\",\"service\":\"svc-%d\",", int(i / 60), i % 60, i, i % 4
    printf "\"level\":\"%s\",\"latency_ms\":%d,\"message\":\"request %d done\"}\n", (i % 10 == 0 ? "error" : "info"), i, i
  }
}' > "$work/bulk.ndjson"
req POST "/_bulk?refresh=true" "@$work/bulk.ndjson" application/x-ndjson
check "_bulk indexes 1000 documents" 200 '.errors == false and (.items | length) == 1000 and all(.items[]; .index.status == 201)'

req GET "/$index/_count"
check "_count is 1000" 200 '.count == 1000'
req POST "/$index/_count" '{"query": {"term": {"level": "error"}}}'
check "_count with a term query is 100" 200 '.count == 100'

req POST "/$index/_search" '{
  "size": 0, "track_total_hits": true,
  "aggs": {
    "services": {"terms": {"field": "service", "order": {"_key": "asc"}}},
    "per_minute": {"date_histogram": {"field": "@timestamp", "fixed_interval": "1m"}},
    "latency": {"percentiles": {"field": "latency_ms", "percents": [50, 99]}},
    "ids": {"cardinality": {"field": "event_id"}}}}'
check "terms aggregation: 4 services of 250" 200 \
  '[.aggregations.services.buckets[] | [.key, .doc_count]] == [["svc-0",250],["svc-1",250],["svc-2",250],["svc-3",250]]'
check "date_histogram: 17 one-minute buckets, 60 docs each but the last (40)" 200 \
  '(.aggregations.per_minute.buckets | length) == 17
   and .aggregations.per_minute.buckets[0].key_as_string == "2026-01-01T00:00:00.000Z"
   and all(.aggregations.per_minute.buckets[:16][]; .doc_count == 60)
   and .aggregations.per_minute.buckets[16].doc_count == 40'
check "percentiles: p50 near 499.5, p99 near 989.5" 200 \
  '(.aggregations.latency.values["50.0"] - 499.5 | fabs) < 5 and (.aggregations.latency.values["99.0"] - 989.5 | fabs) < 5'
check "cardinality of event_id is 1000" 200 '.aggregations.ids.value == 1000'
check "hits.total is exact" 200 '.hits.total == {"value": 1000, "relation": "eq"}'

req POST "/$index/_search" '{
  "size": 0,
  "aggs": {"per_minute": {"date_histogram": {"field": "@timestamp", "fixed_interval": "1m"},
    "aggs": {"errors": {"filter": {"term": {"level": "error"}}},
             "error_ratio": {"bucket_script": {"buckets_path": {"e": "errors._count", "n": "_count"},
                                               "script": "params.e / params.n"}}}}}}'
check "bucket_script (painless): error ratio 0.1 in every minute" 200 \
  'all(.aggregations.per_minute.buckets[]; .error_ratio.value == 0.1)'

# Point in time: OpenSearch 2.x paths (Elasticsearch uses /_pit), search_after on a unique keyword.
req POST "/$index/_search/point_in_time?keep_alive=1m"
check "open a point in time" 200 '.pit_id | type == "string"'
pit_id="$(json .pit_id)"
after=null
: > "$work/pit_ids"
for page in $(seq 1 10); do
  req POST /_search "{\"size\": 300, \"pit\": {\"id\": \"$pit_id\", \"keep_alive\": \"1m\"},
    \"sort\": [{\"event_id\": \"asc\"}], \"_source\": false $( [[ $after == null ]] || echo ", \"search_after\": $after")}"
  [[ "$status" == 200 ]] || break
  (($(json '.hits.hits | length') > 0)) || break
  json '.hits.hits[]._id' >> "$work/pit_ids"
  after="$(jq -c '.hits.hits[-1].sort' "$work/body")"
done
req POST /_search "{\"size\": 0, \"pit\": {\"id\": \"$pit_id\"}}"
check "point-in-time pages with search_after: 1000 unique ids in order" 200 \
  "$(sort -u "$work/pit_ids" | wc -l) == 1000 and $(sort -c "$work/pit_ids" 2>/dev/null && echo true || echo false) and $page == 5"
req DELETE /_search/point_in_time "{\"pit_id\": [\"$pit_id\"]}"
check "close the point in time" 200 '.pits[0].successful == true'

req POST "/$index/_search?scroll=1m" '{"size": 400, "sort": ["_doc"], "_source": ["event_id"]}'
check "open a scroll" 200 '._scroll_id | type == "string"'
scroll_total=0
scroll_pages=0
for _ in $(seq 1 10); do
  hits="$(json '.hits.hits | length')"
  ((hits > 0)) || break
  scroll_total=$((scroll_total + hits))
  scroll_pages=$((scroll_pages + 1))
  scroll_id="$(json ._scroll_id)"
  req POST /_search/scroll "{\"scroll\": \"1m\", \"scroll_id\": \"$scroll_id\"}"
done
check "scroll returns 1000 documents in 3 pages" 200 "$scroll_total == 1000 and $scroll_pages == 3"
req DELETE /_search/scroll "{\"scroll_id\": [\"$scroll_id\"]}"
check "clear the scroll" 200 '.succeeded == true'

req POST "/$index/_delete_by_query?refresh=true" '{"query": {"term": {"level": "error"}}}'
check "_delete_by_query removes the 100 errors" 200 '.deleted == 100 and .failures == []'
req GET "/$index/_count"
check "_count after delete is 900" 200 '.count == 900'

req PUT "/_index_template/$template" "{
  \"index_patterns\": [\"$template-*\"], \"priority\": 200,
  \"template\": {\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0},
                 \"mappings\": {\"properties\": {\"service\": {\"type\": \"keyword\"}, \"@timestamp\": {\"type\": \"date\"}}}}}"
check "put an index template" 200 '.acknowledged == true'
req GET "/_index_template/$template"
check "get the index template" 200 ".index_templates[0].name == \"$template\" and .index_templates[0].index_template.priority == 200"
req PUT "/$template-1/_doc/1?refresh=true" '{"service": "checkout", "@timestamp": "2026-01-01T00:00:00Z", "note": "dynamic"}'
check "index into a new index that the template matches" 201 '.result == "created"'
req GET "/$template-1/_mapping"
check "the new index got the template mapping and settings" 200 \
  ".[\"$template-1\"].mappings.properties.service.type == \"keyword\" and .[\"$template-1\"].mappings.properties.note.type == \"text\""

printf '%s\n' \
  "{\"index\":{\"_index\":\"$index\",\"_id\":\"bad-0\"}}" \
  '{"@timestamp":"2026-01-02T00:00:00Z","event_id":"bad-0","service":"svc-0","level":"info","latency_ms":1}' \
  "{\"index\":{\"_index\":\"$index\",\"_id\":\"bad-1\"}}" \
  '{"@timestamp":"2026-01-02T00:00:01Z","event_id":"bad-1","service":"svc-0","level":"info","latency_ms":"slow"}' \
  "{\"index\":{\"_index\":\"$index\",\"_id\":\"bad-2\"}}" \
  '{"@timestamp":"2026-01-02T00:00:02Z","event_id":"bad-2","service":"svc-0","level":"info","unknown":1}' \
  "{\"index\":{\"_index\":\"$index\",\"_id\":\"bad-3\"}}" \
  '{"@timestamp":"2026-01-02T00:00:03Z","event_id":"bad-3","service":"svc-0","level":"info","latency_ms":3}' \
  > "$work/bad.ndjson"
req POST "/_bulk?refresh=true" "@$work/bad.ndjson" application/x-ndjson
check "_bulk reports mapping errors per item, HTTP 200 overall" 200 \
  '.errors == true and [.items[].index.status] == [201, 400, 400, 201]
   and .items[1].index.error.type == "mapper_parsing_exception"
   and .items[2].index.error.type == "strict_dynamic_mapping_exception"'

req POST "/_bulk" '{"index":{"_index":"aiops-smoke-logs"}}' application/x-ndjson
check "_bulk without the final newline is rejected whole" 400 '.error.type == "illegal_argument_exception"'

cleanup
echo "$passed passed, $failed failed"
((failed == 0))
