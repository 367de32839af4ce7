"""The ``thb`` command: Django's manage.py under the platform's name (issue 2 §2).

``thb migrate``, ``thb runserver``, ``thb load-reference``, ``thb load-demo``, ``thb tokens create``,
``thb rotate-keys`` and every domain command of later issues.
"""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["generate-field-key"]:
        # Needed before the platform is configured (deployment.md: the key goes into THB_FIELD_KEYS, without
        # which production settings refuse to load), so it must not load the settings.
        from cryptography.fernet import Fernet

        print(Fernet.generate_key().decode())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["thb", *sys.argv[1:]])


if __name__ == "__main__":
    main()
