#!/usr/bin/env bash
# Serves the current folder on http://127.0.0.1:8000 (Ctrl+C stops it).
set -euo pipefail

port=${1:-8000}
echo "Serving $(pwd) on http://127.0.0.1:$port"
exec python3 -m http.server "$port" --bind 127.0.0.1
