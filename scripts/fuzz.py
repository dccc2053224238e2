"""``make fuzz``: schemathesis against the served OpenAPI, once with a signed-in session (and its CSRF
token) and once with a bearer token, every operation, bounded in time.

It builds a fresh database (SQLite in var/fuzz/ unless FUZZ_DATABASE_URL names another), loads a small
demo, starts gunicorn on a free port in the production-like embedded settings (debug pages off), and runs
``schemathesis run`` with the checks ``not_a_server_error`` and ``response_schema_conformance``. Exit code:
non-zero when a check failed. Options: ``--max-time`` seconds per run (default 60), ``--keep`` to leave
the database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


SESSION_SCRIPT = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from accounts.models import User
user = User.objects.get(username="officer")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key, _get_new_csrf_string())
"""


def _summarise(name: str, report_dir: Path) -> bool:
    """Print the run's counts and every failed check; True when a check failed. Schemathesis's own
    errors (it could not generate data for an operation) are listed but are not failures of the API."""
    import xml.etree.ElementTree as ET  # noqa: S405 - our own report file

    reports = sorted(report_dir.glob("*.xml"))
    if not reports:
        print(f"fuzz: {name}: no report (schemathesis did not run)")
        return True
    suite = ET.parse(reports[-1]).getroot()  # noqa: S314
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")  # type: ignore[assignment]
    failures = [(case.get("name", "?"), (f.get("message") or f.text or "")[:300])
                for case in suite.iter("testcase") for f in case.findall("failure")]
    errors = [case.get("name", "?") for case in suite.iter("testcase") if case.findall("error")]
    print(f"fuzz: {name}: {suite.get('tests')} operations, {len(failures)} failed checks, "
          f"{len(errors)} generator errors")
    for operation, message in failures:
        print(f"  FAILED {operation}: {message}")
    for operation in errors:
        print(f"  (schemathesis could not test {operation}: see the log)")
    return bool(failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("FUZZ_MAX_TIME", "60")))
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    workdir = ROOT / "var" / "fuzz"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.embedded", "EMBEDDED_SCHEDULER": "false",
           "DEBUG": "false", "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "WARNING",
           "DATABASE_URL": os.environ.get("FUZZ_DATABASE_URL", f"sqlite:///{workdir / 'fuzz.sqlite3'}")}
    print("fuzz: preparing the database and demo data", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    _manage(env, "seed_demo", "--clients", str(args.clients))
    token = _manage(env, "api_token", "create", "integration", "--name", "fuzz").strip().splitlines()[-1]
    session_key, csrf = subprocess.run([PY, "-c", SESSION_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                                       text=True, check=True).stdout.split()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = open(workdir / "server.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "2",
         "--timeout", "60", "--log-level", "warning", "--error-logfile", str(workdir / "gunicorn.log")],
        cwd=ROOT, env={**env, "ALLOWED_HOSTS": "127.0.0.1,localhost"}, stdout=server_log, stderr=subprocess.STDOUT)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("the server did not start")
        failed = False
        runs = {
            "session": ["-H", f"Cookie: sessionid={session_key}; csrftoken={csrf}", "-H", f"X-CSRFToken: {csrf}"],
            "token": ["-H", f"Authorization: Bearer {token}"],
        }
        for name, auth in runs.items():
            print(f"fuzz: {name} authentication, up to {args.max_time} s (log: var/fuzz/{name}.log)", flush=True)
            with open(workdir / f"{name}.log", "w") as log:
                subprocess.run(
                [str(Path(PY).parent / "schemathesis"), "run", f"{base}/api/openapi.json", *auth,
                 "--checks", "not_a_server_error,response_schema_conformance", "--max-time", str(args.max_time),
                 "--workers", "2", "--request-timeout", "30", "--suppress-health-check", "all",
                 "--report", "junit", "--report-dir", str(workdir / f"report-{name}")],
                cwd=ROOT, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
            failed = _summarise(name, workdir / f"report-{name}") or failed
        return 1 if failed else 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        server_log.close()
        if not args.keep:
            shutil.rmtree(workdir / "media", ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
