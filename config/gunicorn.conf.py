"""Gunicorn settings for production (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

The access log format leaves out the client address (%(h)s) and the user agent (%(a)s): DESIGN.md §4 forbids
storing either for public reporters and stop-page visitors.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# Threads per worker: requests wait on the database and on scrypt (which releases the GIL).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# gunicorn 27 opens a control socket under $HOME shared by every instance on the host; not needed here.
control_socket_disable = True
# Load the application once in the master and warm the language detector there (about 3 s and 480 MB):
# the workers share it copy-on-write instead of each loading it on their first report.
preload_app = True


def when_ready(server: object) -> None:
    from thb.hotline.language import warm_up

    warm_up()


forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
