#!/usr/bin/env bash
# Makes a dated, compressed backup of a folder and keeps the newest 7.
set -euo pipefail

source_dir=${1:?usage: backup.sh SOURCE_DIR [DEST_DIR]}
dest_dir=${2:-$HOME/backups}
mkdir -p "$dest_dir"

archive="$dest_dir/$(basename "$source_dir")-$(date +%Y%m%d-%H%M%S).tar.gz"
tar -czf "$archive" -C "$(dirname "$source_dir")" "$(basename "$source_dir")"
echo "wrote $archive"

ls -1t "$dest_dir"/*.tar.gz | tail -n +8 | xargs -r rm --
