#!/usr/bin/env bash
# A backup of the database and MEDIA_ROOT together (the same moment), into $BACKUP_DIR/<timestamp>/:
#   db.dump       pg_dump -Fc (custom format: pg_restore restores it, in parallel, table by table)
#   media.tar.gz  MEDIA_ROOT
#   media.sha256  checksums of every file the database refers to (manage.py check_media)
# Run nightly as the probacija user from /srv/probacija/app, with /etc/probacija/env loaded:
#   set -a; . /etc/probacija/env; set +a; BACKUP_DIR=/srv/backup/probacija deploy/backup.sh
# See docs/deployment.md "Backups" (WAL archiving is the primary backup; this is the portable copy).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}" "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
BACKUP_DIR=${BACKUP_DIR:-/srv/backup/probacija}
PY=${PY:-.venv/bin/python}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/$stamp"
mkdir -p "$target"
# The database first, then the media: a file written in between is in the media copy but not referenced,
# which is harmless; the other order could reference a file the copy lacks.
pg_dump -Fc --no-owner --file "$target/db.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
"$PY" manage.py check_media --checksums "$target/media.sha256" >/dev/null || true
echo "$target"
