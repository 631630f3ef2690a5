"""gunicorn's settings for `make serve` (gunicorn -c config/gunicorn.py config.wsgi)."""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Two synchronous workers per core: the pages wait on PostgreSQL and Redis, not the CPU.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Restart each worker now and then, a little apart, so a slow leak cannot grow for ever. The
# application is loaded once in the master (no connection is opened at import), so a
# restarted worker is forked ready; it still starts cold (no page copies, no connections,
# templates compiled anew), and its first requests are the slowest of all. A cached page
# costs well under a millisecond, so at 5,000 requests each worker restarted every dozen
# seconds under load, and the restarts were the cached page's 99th percentile (bench/load:
# 100-450 ms, against 30-50 ms at this number).
max_requests = 50000
max_requests_jitter = 5000
preload_app = True
# The application writes its own request log (config/lib/requestlog.py), without addresses, so
# gunicorn's access log stays off; its own lines (start, workers, timeouts) are JSON on
# standard output like the application's.
accesslog = None
errorlog = "-"
logger_class = "config.lib.requestlog.GunicornLogger"
# X-Forwarded-* headers are believed only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server) -> None:
    """In the master, after loading the application and before forking the workers: the
    objects loaded so far stay out of the garbage collector's passes in every worker, so
    that its collections are shorter and do not write to (and so copy) the memory the
    workers share with the master (Python's advice for pre-forking servers, gc.freeze())."""
    gc.freeze()
