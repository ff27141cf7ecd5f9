"""`python -m sounding.web COMMAND`: Django's management commands for this project."""

from __future__ import annotations

import sys


def main() -> None:
    from django.core.management import execute_from_command_line

    from sounding.web.entry import setup

    setup(migrate=False)  # local settings unless DJANGO_SETTINGS_MODULE says otherwise
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
