"""The federal departments and services that action points and campaigns name as responsible (BELGIUM.md
§5; action plan 2008: points are "coordinated by the competent ministers"). Keys are stored; labels are
translated when shown."""

from django.utils.translation import gettext_lazy as _

# [verify] the first assignment of points to departments is editable in the plan file.
DEPARTMENTS = {
    "coordination_cell": _("Interdepartmental Coordination Cell"),
    "justice": _("Justice"),
    "interior": _("Home Affairs (Immigration Office)"),
    "federal_police": _("Federal Police"),
    "foreign_affairs": _("Foreign Affairs"),
    "employment": _("Employment (social inspection)"),
    "finance": _("Finance"),
    "municipalities": _("Municipalities (civil registry)"),
}
