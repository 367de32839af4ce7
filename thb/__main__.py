"""The ``thb`` command: Django's manage.py under the platform's name (issue 2 §2).

``thb migrate``, ``thb runserver``, ``thb load-reference``, ``thb load-demo``, ``thb tokens create``,
``thb rotate-keys`` and every domain command of later issues.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thb", *sys.argv[1:]])


if __name__ == "__main__":
    main()
