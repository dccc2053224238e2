#!/usr/bin/env bash
# The backup drill (docs/deployment.md "Backups"): back up the database and MEDIA_ROOT together
# (deploy/backup.sh), restore both into a fresh database and a fresh directory, and compare: the row
# count of every table and the checksum of every stored file the database refers to. Cleans up after
# itself and exits non-zero on any difference. Run monthly, from the app directory, with the production
# environment loaded:
#   set -a; . /etc/probacija/env; set +a; make backup-drill
# DRILL_ADMIN_URL: a PostgreSQL URL allowed to create and drop databases (default: DATABASE_URL's server,
# database "postgres", same user).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}" "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
PY=${PY:-.venv/bin/python}
here=$(cd "$(dirname "$0")" && pwd)

with_db() {  # DATABASE_URL with another database name (keeps user, password, host, port, options)
  "$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$1" "$2"
}
ADMIN_URL=${DRILL_ADMIN_URL:-$(with_db "$DATABASE_URL" postgres)}
drill_db="probacija_drill_$(date -u +%Y%m%d%H%M%S)_$$"
DRILL_URL=$(with_db "$DATABASE_URL" "$drill_db")
work=$(mktemp -d -t probacija-drill.XXXXXX)

cleanup() {
  psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$drill_db\"" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

counts() {  # "table count" for every table of the public schema, sorted
  psql -At -F ' ' "$1" -c "SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
}

echo "1/4 backup (deploy/backup.sh) into $work"
backup=$(BACKUP_DIR="$work/backup" PY="$PY" "$here/backup.sh" | tail -1)
counts "$DATABASE_URL" > "$work/counts.source"

echo "2/4 restore into a fresh database $drill_db and a fresh media directory"
psql -q "$ADMIN_URL" -c "CREATE DATABASE \"$drill_db\" TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
pg_restore --no-owner --exit-on-error --dbname "$DRILL_URL" "$backup/db.dump"
mkdir -p "$work/media"
tar -C "$work/media" -xzf "$backup/media.tar.gz"

echo "3/4 row counts of every table"
counts "$DRILL_URL" > "$work/counts.restored"
if ! diff -u "$work/counts.source" "$work/counts.restored"; then
  echo "backup drill FAILED: row counts differ (rows written during the backup also show here; run it quiet)" >&2
  exit 1
fi
tables=$(wc -l < "$work/counts.restored")
rows=$(awk '{s += $2} END {print s + 0}' "$work/counts.restored")

echo "4/4 stored files: every referenced file present, checksums identical"
DATABASE_URL="$DRILL_URL" MEDIA_ROOT="$work/media" "$PY" manage.py check_media --checksums "$work/media.restored.sha256"
if ! diff -u "$backup/media.sha256" "$work/media.restored.sha256"; then
  echo "backup drill FAILED: stored files differ" >&2
  exit 1
fi
files=$(wc -l < "$work/media.restored.sha256")
echo "backup drill passed: $tables tables, $rows rows, $files stored files identical after restore"
