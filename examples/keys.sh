#!/usr/bin/env bash
# LiteLLM's key, user, team and spend endpoints, each called once, against a proxy started with
#   ./jbang litellm.java --config examples/keys-and-spend.yaml --port 4000
# Every call but the chat needs the master key. Needs curl only.
set -euo pipefail
URL=${LITELLM_URL:-http://localhost:4000}
MASTER=${LITELLM_MASTER_KEY:-sk-1234}
as_master() { curl -sS -H "Authorization: Bearer $MASTER" -H 'Content-Type: application/json' "$@"; echo; }
field() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p"; }   # one string field of a one-object answer

echo '# a team, with a budget and a rate limit shared by its keys'
as_master "$URL/team/new" -d '{"team_id": "research", "team_alias": "Research", "max_budget": 50, "rpm_limit": 100}'

echo '# a user of that team, and a key of theirs (shown once: keep it)'
as_master "$URL/user/new" -d '{"user_id": "ada", "user_email": "ada@example.com", "models": ["echo", "gpt-4o"]}'
as_master "$URL/team/member_add" -d '{"team_id": "research", "member": {"role": "user", "user_id": "ada"}}'

echo '# a key for a job: its models, budget, rate limit and expiry'
KEY=$(as_master "$URL/key/generate" -d '{"key_alias": "eval-job", "models": ["echo"], "max_budget": 10,
  "budget_duration": "30d", "rpm_limit": 60, "duration": "7d", "user_id": "ada", "team_id": "research"}' | field key)
echo "key: ${KEY:0:6}..."

echo '# a call with it'
curl -sS "$URL/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"model": "echo", "messages": [{"role": "user", "content": "hi"}]}'; echo

echo '# its settings and spend (the answer names it by its hash), then a change'
as_master "$URL/key/info?key=$KEY"
as_master "$URL/key/update" -d "{\"key\": \"$KEY\", \"rpm_limit\": 120}"
as_master "$URL/key/list?team_id=research"

echo '# who spent what: one row per call, then per day and team'
sleep 1   # spend is written in batches, just after each call
as_master "$URL/spend/logs?api_key=$KEY"
as_master "$URL/global/spend/report?group_by=team"
as_master "$URL/user/info?user_id=ada"
as_master "$URL/team/info?team_id=research"

echo '# a new key with the same settings (the old one stops working), then it is deleted'
NEW=$(as_master "$URL/key/regenerate" -d "{\"key\": \"$KEY\"}" | field key)
as_master "$URL/key/delete" -d "{\"keys\": [\"$NEW\"]}"
