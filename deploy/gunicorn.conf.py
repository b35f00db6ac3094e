"""gunicorn settings for vereinbar (``gunicorn -c deploy/gunicorn.conf.py vereinbar.wsgi:application``).

Every value can be overridden with the environment variables named below.
"""

import os

bind = os.environ.get("VEREINBAR_BIND", "127.0.0.1:8000")
# Two processes per core is a good start; each handles several requests with threads.
workers = int(os.environ.get("VEREINBAR_WORKERS", "4"))
threads = int(os.environ.get("VEREINBAR_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("VEREINBAR_REQUEST_TIMEOUT", "60"))  # PDF reports take a few seconds
graceful_timeout = 20  # a restart lets running requests finish
keepalive = 5
# Recycle processes now and then (a safety net against slow leaks), but rarely: a new process
# builds the directory's in-memory index (about a second with 10,000 organisations) and starts
# with its kept pages and result rows empty.
max_requests = int(os.environ.get("VEREINBAR_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Requests larger than this are refused by the reverse proxy first (evidence: 20 MB).
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("VEREINBAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# gunicorn's control socket ($HOME/.gunicorn/gunicorn.ctl) is not used; `systemctl reload` sends HUP.
control_socket_disable = True
# Respondents stay anonymous: no access line for an answering page (/<lang>/s/…), the survey
# API or a request made by an answering page (its Referer), and no survey path in the error
# log. Other links with a secret (password reset, invitation, staff offers) are logged with it
# replaced: "/de/offers/[secret]/", in every field a format names (docs/anonymity.md, "Logs").
# Keep this line when changing the log settings.
logger_class = "vereinbar.core.gunicorn_logging.AnonymousLogger"
# Access log lines as JSON objects, like the application's own logs.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s",'
    ' "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s, "remote": "%(h)s"}'
)
