"""`manage.py makemessages -l de -l fr`: Django's command, looking only at the project's own
code and templates, and writing each string's file but not its line (catalogs then change only
where strings change)."""

from django.core.management.commands import makemessages

# Folders with no strings of the desk: installed packages, collected files, tests, benchmarks.
NOT_OURS = ["node_modules", "staticfiles", "tests", "bench", "docs", "locale"]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *NOT_OURS]
        if options.get("add_location") is None:
            options["add_location"] = "file"
        return super().handle(*args, **options)
