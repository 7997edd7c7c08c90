"""`manage.py compilemessages`: Django's command, compiling only the project's catalogs
(locale/), never those of installed packages."""

from django.core.management.commands import compilemessages

NOT_OURS = [".venv", "node_modules", "staticfiles"]


class Command(compilemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_OURS]
        return super().handle(*args, **options)
