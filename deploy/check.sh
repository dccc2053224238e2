#!/usr/bin/env bash
# Proves a production deployment on one machine (docs/deployment.md "Checking a deployment"): brings up
# the production mode as the doc describes it — PostgreSQL, a Redis of its own, two gunicorn web nodes
# behind the shipped nginx config (deploy/nginx/probacija.conf, with a throw-away certificate), two
# Celery workers and beat — then checks, through the proxy:
#   1. nginx -t passes; /health and /ready answer 200 through the proxy
#   2. an administrator made by `manage.py create_admin` signs in and reaches the user administration
#   3. a job sent to the workers runs there and records its worker (manage.py run_job --queue)
#   4. a job whose worker process is SIGKILLed mid-run is delivered again and finishes; the cut-off run
#      is marked lost
#   5. with Redis stopped the web tier still serves sign-in and pages; /ready says "degraded"
#   6. sign-in lockouts are per client address behind the proxy (a spoofed X-Forwarded-For is ignored)
#   7. the backup drill (deploy/backup-drill.sh) passes
# and removes everything it made (database, Redis, processes, files). Run from the app directory after
# `make install assets translations`, as a user who may create PostgreSQL databases:
#   deploy/check.sh
# Needs: postgresql (server and client), redis-server, nginx, openssl, curl (Debian packages).
# Ports (CHECK_PORT_BASE, default 8400): nginx BASE (HTTPS), web nodes BASE+1 and BASE+2, Redis BASE+3.
set -euo pipefail

cd "$(dirname "$0")/.."
APP=$(pwd)
PY=${PY:-$APP/.venv/bin/python}
BIN=$(dirname "$PY")
BASE=${CHECK_PORT_BASE:-8400}
HTTPS_PORT=$BASE WEB1=$((BASE + 1)) WEB2=$((BASE + 2)) REDIS_PORT=$((BASE + 3))
PG_URL=${CHECK_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
DB="probacija_check_$$"
WORK=$(mktemp -d -t probacija-check.XXXXXX)
PIDS=()
PASSED=0

say() { printf '\n== %s\n' "$*"; }
ok() { PASSED=$((PASSED + 1)); printf '   ok: %s\n' "$*"; }
fail() {
  printf '   FAILED: %s\n' "$*" >&2
  for log in "$WORK/processes.log" "$WORK/nginx/logs/error.log"; do
    [ -s "$log" ] && { echo "--- last lines of $log" >&2; tail -n 25 "$log" >&2; }
  done
  exit 1
}

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 2
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  [ -f "$WORK/nginx/nginx.pid" ] && nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s stop 2>/dev/null
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
  psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The environment (as /etc/probacija/env would give it) --------------------------------------------
export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY=$(openssl rand -hex 32)
export SECRET_KEY
export DATABASE_URL="$PG_URL/$DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export ALLOWED_HOSTS=localhost
export CSRF_TRUSTED_ORIGINS="https://localhost:$HTTPS_PORT"
export MEDIA_ROOT="$WORK/media"
export SECURE_COOKIES=true
export TRUSTED_PROXIES=127.0.0.1
export LOG_LEVEL=WARNING
export AXES_FAILURE_LIMIT=5
export WEB_CONCURRENCY=2
mkdir -p "$MEDIA_ROOT" "$WORK/nginx/logs" "$WORK/nginx/ssl"

say "PostgreSQL database $DB, Redis on $REDIS_PORT"
psql -q "$PG_URL/postgres" -c "CREATE DATABASE \"$DB\" TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes --dir "$WORK" \
  --logfile "$WORK/redis.log" --pidfile "$WORK/redis.pid" >/dev/null
sleep 0.5

say "Set-up: manage.py setup, the first administrator"
"$PY" manage.py setup -v0 >"$WORK/setup.log"
ADMIN_PASSWORD='Parbaude-kalns-4821' "$PY" manage.py create_admin checkadmin --first-name Ilze --last-name Kalniņa \
  >/dev/null
ok "setup and create_admin"

say "Processes: two web nodes, two workers, beat, nginx"
start() { "$@" >>"$WORK/processes.log" 2>&1 & PIDS+=($!); }
GUNICORN_BIND=127.0.0.1:$WEB1 start "$BIN/gunicorn" -c deploy/gunicorn.conf.py config.wsgi
GUNICORN_BIND=127.0.0.1:$WEB2 start "$BIN/gunicorn" -c deploy/gunicorn.conf.py config.wsgi
start "$BIN/celery" -A config worker -n "w1@%h" --concurrency 1 --loglevel WARNING
start "$BIN/celery" -A config worker -n "w2@%h" --concurrency 1 --loglevel WARNING
start "$BIN/celery" -A config beat --schedule "$WORK/beat-schedule" --loglevel WARNING
JOB_PIDS=("${PIDS[@]: -3}")
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$WORK/nginx/ssl/privkey.pem" -out "$WORK/nginx/ssl/fullchain.pem" 2>/dev/null
# The shipped site config, with this check's ports, certificate and two upstream nodes.
sed -e "s#/etc/ssl/probacija/#$WORK/nginx/ssl/#" \
    -e "s#listen 443 ssl http2;#listen $HTTPS_PORT ssl http2;#" \
    -e "s#listen 80;#listen $((BASE + 4));#" \
    -e "s#server_name probacija.example.lv;#server_name localhost;#" \
    -e "s#server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;#server 127.0.0.1:$WEB1 max_fails=3 fail_timeout=10s; server 127.0.0.1:$WEB2 max_fails=3 fail_timeout=10s;#" \
    deploy/nginx/probacija.conf >"$WORK/nginx/site.conf"
cat >"$WORK/nginx/nginx.conf" <<EOF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events {}
http { access_log $WORK/nginx/logs/access.log; include $WORK/nginx/site.conf; }
EOF
nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx-t.log" || { cat "$WORK/nginx-t.log"; fail "nginx -t"; }
ok "nginx -t: the shipped config is valid on nginx $(nginx -v 2>&1 | sed 's#.*/##')"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

URL="https://localhost:$HTTPS_PORT"
CURL=(curl -4 -sk --max-time 30)
for _ in $(seq 1 60); do
  [ "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$URL/health" || true)" = 200 ] \
    && [ -S "$APP/var/gunicorn-127-0-0-1-$WEB2.ctl" ] && break
  sleep 1
done

say "1. Health checks through the proxy"
health=$("${CURL[@]}" -w ' %{http_code}' "$URL/health" || true)
[ "$health" = '{"status": "ok"} 200' ] || fail "/health answered: $health"
for _ in $(seq 1 30); do
  ready=$("${CURL[@]}" -w ' %{http_code}' "$URL/ready" || true)
  case "$ready" in *'"status": "ok"'*' 200') break ;; esac
  sleep 1
done
case "$ready" in *'"status": "ok"'*' 200') ok "/ready through nginx: $ready" ;; *) fail "/ready: $ready" ;; esac
[ -S "$APP/var/gunicorn-127-0-0-1-$WEB1.ctl" ] && [ -S "$APP/var/gunicorn-127-0-0-1-$WEB2.ctl" ] \
  && ok "each web node has its own gunicorn control socket" || fail "gunicorn control sockets"

# sign_in USER PASSWORD [curl options...]: prints the HTTP status of the sign-in POST
sign_in() {
  local user=$1 password=$2; shift 2
  local jar="$WORK/jar-$user-$RANDOM"
  "${CURL[@]}" "$@" -c "$jar" -o /dev/null "$URL/login/"
  local token
  token=$(awk '$6 == "csrftoken" {print $7}' "$jar")
  "${CURL[@]}" "$@" -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' -H "Referer: $URL/login/" \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=$user" \
    --data-urlencode "password=$password" "$URL/login/"
  echo " $jar"
}

say "2. Sign-in through the proxy"
read -r code jar < <(sign_in checkadmin 'Parbaude-kalns-4821')
[ "$code" = 302 ] || fail "sign-in answered $code"
users=$("${CURL[@]}" -b "$jar" -o /dev/null -w '%{http_code}' "$URL/admin-ui/users/")
[ "$users" = 200 ] || fail "/admin-ui/users/ answered $users"
ok "the administrator signs in and opens /admin-ui/users/"

sql() { psql -At "$DATABASE_URL" -c "$1"; }
jobrun() {  # the newest finished JobRun of a job: status|worker|manual
  sql "SELECT status || '|' || worker || '|' || CASE WHEN manual THEN 'True' ELSE 'False' END FROM core_jobrun
       WHERE name = '$1' AND status <> 'running' ORDER BY started_at DESC, id DESC LIMIT 1"
}

say "3. A job runs on a worker"
"$PY" manage.py run_job task-overdue-scan --queue >/dev/null
for _ in $(seq 1 60); do run=$(jobrun tasks.flag_overdue_tasks); [ -n "$run" ] && break; sleep 1; done
case "$run" in ok\|w[12]@*\|True) ok "run_job --queue: $run" ;; *) fail "job run: '$run'" ;; esac

say "4. A job survives a SIGKILL of its worker process"
# A job of a minute (core.probe only waits), killed a moment after it starts.
"$PY" manage.py shell -v 0 -c "from core.tasks import probe; print(probe.delay(60).id)" >"$WORK/probe-id" 2>/dev/null
task_id=$(tail -1 "$WORK/probe-id")
for _ in $(seq 1 120); do
  worker=$(sql "SELECT worker FROM core_jobrun WHERE task_id = '$task_id' AND status = 'running' LIMIT 1")
  [ -n "$worker" ] && break; sleep 0.5
done
[ -n "$worker" ] || fail "the probe job did not start"
pid=${worker##* pid }
kill -9 "$pid"
echo "   killed pool process $pid ($worker) mid-job"
for _ in $(seq 1 180); do
  states=$(sql "SELECT string_agg(status, ',' ORDER BY status) FROM core_jobrun WHERE task_id = '$task_id'")
  [ "$states" = "lost,ok" ] && break; sleep 1
done
[ "$states" = "lost,ok" ] && ok "delivered again and finished; the cut-off run is marked lost ($states)" \
  || fail "after SIGKILL the runs are '$states' (expected lost,ok)"

say "5. The web tier with Redis stopped"
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
sleep 1
ready=$("${CURL[@]}" -w ' %{http_code}' "$URL/ready" || true)
case "$ready" in *'"status": "degraded"'*' 200') ok "/ready: $ready" ;; *) fail "/ready without Redis: $ready" ;; esac
read -r code jar < <(sign_in checkadmin 'Parbaude-kalns-4821')
[ "$code" = 302 ] || fail "sign-in without Redis answered $code"
for page in / /admin-ui/users/ /admin-ui/policies/ /jobs/; do
  status=$("${CURL[@]}" -L -b "$jar" -o /dev/null -w '%{http_code}' "$URL$page")
  [ "$status" = 200 ] || fail "$page without Redis answered $status"
done
ok "sign-in, users, policies and jobs pages answer 200 without Redis"
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes --dir "$WORK" \
  --logfile "$WORK/redis.log" --pidfile "$WORK/redis.pid" >/dev/null

say "6. Lockout per client address behind the proxy"
ADMIN_PASSWORD='Parbaude-kalns-4821' "$PY" manage.py create_admin lockcheck --first-name Anna --last-name Liepa >/dev/null
for _ in 1 2 3 4 5; do sign_in lockcheck wrong-password --interface 127.0.0.2 >/dev/null; done
read -r locked _ < <(sign_in lockcheck 'Parbaude-kalns-4821' --interface 127.0.0.2 -H 'X-Forwarded-For: 127.0.0.9')
[ "$locked" != 302 ] || fail "the attacking address was not locked out (a spoofed X-Forwarded-For helped?)"
read -r code _ < <(sign_in lockcheck 'Parbaude-kalns-4821' --interface 127.0.0.3)
[ "$code" = 302 ] || fail "the owner from another address was locked out too ($code)"
ok "127.0.0.2 locked out after 5 failures, also with a spoofed X-Forwarded-For ($locked); 127.0.0.3 signs in ($code)"

say "7. The backup drill"
# At a quiet moment, as the doc says: no job writes while the drill compares row counts.
kill "${JOB_PIDS[@]}" 2>/dev/null; sleep 3
if ! PY="$PY" bash deploy/backup-drill.sh >"$WORK/drill.log" 2>&1; then
  tail -n 20 "$WORK/drill.log" >&2
  fail "backup drill (exit status $?)"
fi
ok "$(tail -n 1 "$WORK/drill.log")"

say "All $PASSED checks passed; cleaning up"
