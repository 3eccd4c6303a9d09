#!/usr/bin/env bash
# Prints a file with line numbers; keeps leading spaces and backslashes intact.
set -euo pipefail

file=${1:-hello.py}
n=0
while IFS= read -r line || [[ -n $line ]]; do
  n=$((n + 1))
  printf '%4d: %s\n' "$n" "$line"
done < "$file"
