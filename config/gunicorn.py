"""gunicorn's settings for `make serve` (gunicorn -c config/gunicorn.py config.wsgi)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Two synchronous workers per core: the pages wait on PostgreSQL and Redis, not the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Restart each worker now and then, a little apart, so a slow leak cannot grow for ever. The
# application is loaded once in the master (no connection is opened at import), so a
# restarted worker is forked ready and answers at once.
max_requests = 5000
max_requests_jitter = 500
preload_app = True
# The application writes its own request log (config/lib/requestlog.py), without addresses, so
# gunicorn's access log stays off; its own lines (start, workers, timeouts) are JSON on
# standard output like the application's.
accesslog = None
errorlog = "-"
logger_class = "config.lib.requestlog.GunicornLogger"
# X-Forwarded-* headers are believed only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
