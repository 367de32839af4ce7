"""Labels of the identification vocabulary in the reader's language."""

from django.utils.translation import gettext_lazy as _

# The ILO/EC dimensions and strengths in the reader's language (the codes stay the commands' contract).
DIMENSION_LABELS = {
    "deceptive_recruitment": _("Deceptive recruitment"),
    "coercive_recruitment": _("Coercive recruitment"),
    "recruitment_abuse_of_vulnerability": _("Recruitment by abuse of vulnerability"),
    "exploitative_conditions": _("Exploitative conditions of work"),
    "coercion_at_destination": _("Coercion at destination"),
    "abuse_of_vulnerability_at_destination": _("Abuse of vulnerability at destination"),
}
STRENGTH_LABELS = {"strong": _("strong"), "medium": _("medium"), "weak": _("weak")}
