# Read by the Flask CLI (python-dotenv): lets plain `flask db upgrade` etc. find the app, as the
# deployment guide runs them. Settings belong in .env (see .env.example), not here.
FLASK_APP=lifeos
