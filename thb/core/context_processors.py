"""Template context for every page: the platform name, the staff languages and the user's permissions."""

from django.conf import settings
from django.http import HttpRequest

from .roles import permissions_of


def platform(request: HttpRequest) -> dict[str, object]:
    return {
        "platform_name": settings.THB_PLATFORM_NAME,
        "staff_languages": settings.STAFF_LANGUAGES,
        "user_perms": {str(p) for p in permissions_of(getattr(request, "user", None))},
        "thb_env": settings.THB_ENV,
    }
