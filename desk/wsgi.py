import os

import django
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")
django.setup(set_prefix=False)

from desk.static_collection import collect_static_if_stale  # noqa: E402

collect_static_if_stale()
application = get_wsgi_application()
