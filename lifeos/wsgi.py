"""WSGI entry point for production servers: `gunicorn lifeos.wsgi:app` (see gunicorn.conf.py)."""

from lifeos import create_app

app = create_app()
