"""Template context for every page: the platform name, the staff languages and the user's permissions."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from .roles import permissions_of


def _path_without_language(request: HttpRequest) -> str:
    """The current path without its language prefix, for the language switcher: after switching, the
    LocaleMiddleware sends the reader to the same page under the newly chosen prefix."""
    path = request.get_full_path()
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
    return path


def _catalogue_unreviewed() -> bool:
    """Whether the active language's catalogue says in its header that no native speaker reviewed it
    (DESIGN.md §5: such pages say so and offer the official languages)."""
    from .i18n import catalogue_reviewed

    return not catalogue_reviewed(get_language() or "")


def platform(request: HttpRequest) -> dict[str, object]:
    return {
        "path_without_language": _path_without_language(request),
        "platform_name": settings.THB_PLATFORM_NAME,
        "staff_languages": settings.STAFF_LANGUAGES,
        "public_languages": settings.PUBLIC_LANGUAGES,
        "official_languages": settings.STAFF_LANGUAGES[:3],
        "catalogue_unreviewed": _catalogue_unreviewed(),
        "user_perms": {str(p) for p in permissions_of(getattr(request, "user", None))},
        "thb_env": settings.THB_ENV,
    }
