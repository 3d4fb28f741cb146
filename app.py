"""WSGI entry point: ``gunicorn app:app`` and ``flask --app app …``."""
from tracker import create_app

app = create_app()
