#!/usr/bin/env bash
# Fetches JSON and prints one field (needs curl and jq).
set -euo pipefail

url=${1:-https://jsonplaceholder.typicode.com/todos/1}
json=$(curl --fail --silent --show-error --max-time 10 -H 'Accept: application/json' "$url")
echo "$json" | jq -r '.title'
