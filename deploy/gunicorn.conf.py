"""gunicorn configuration for the web nodes: ``gunicorn -c deploy/gunicorn.conf.py config.wsgi``.

Every value can be overridden from the environment (GUNICORN_BIND, WEB_CONCURRENCY, ...).
The web process is stateless: sessions and login lockouts live in PostgreSQL, files in MEDIA_ROOT.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one database connection; size the pool against PostgreSQL's
# max_connections (workers x web nodes + Celery concurrency x worker nodes + headroom).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The EM centre's live queue is a Server-Sent Events stream that holds a thread: set
# GUNICORN_WORKER_CLASS=gthread and GUNICORN_THREADS=16 or more on nodes that serve it (docs/deployment.md).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF generation is the slowest request
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Trust X-Forwarded-* only from the reverse proxy in front of this node.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Load the app once in the master: faster worker start, less memory (copy-on-write).
preload_app = True

# gunicorn 27's control socket (`gunicornc`) defaults to ~/.gunicorn/gunicorn.ctl: two instances run by
# one user would share it silently, and one would control the other. Each instance gets its own, named
# after its bind address, in the app's var/ (GUNICORN_CONTROL_SOCKET overrides; "off" disables it).
_control = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control.lower() == "off":
    control_socket_disable = True
else:
    _var = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var")
    _name = "".join(c if c.isalnum() else "-" for c in bind.split(",")[0])
    control_socket = _control or os.path.join(_var, f"gunicorn-{_name}.ctl")
