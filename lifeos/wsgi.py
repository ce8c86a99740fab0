"""WSGI entry point for production servers: `gunicorn lifeos.wsgi:app` (see gunicorn.conf.py)."""

from lifeos import create_app
from lifeos.platform.startup import freeze_startup_objects

app = create_app()
freeze_startup_objects()
