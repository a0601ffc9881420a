import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai_portal.settings")
application = get_wsgi_application()

# gunicorn runs no system checks: a server misconfigured for production says so in its log.
from hkai_portal.checks import log_deployment_warnings  # noqa: E402

log_deployment_warnings()
