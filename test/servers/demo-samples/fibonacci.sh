#!/usr/bin/env bash
# Prints the first N Fibonacci numbers (default 10).
set -euo pipefail

n=${1:-10}
a=0
b=1
for ((i = 0; i < n; i++)); do
  printf '%d ' "$a"
  ((next = a + b, a = b, b = next))
done
echo
