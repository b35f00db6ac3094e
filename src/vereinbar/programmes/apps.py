from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vereinbar.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "programme.version_loaded": _("loaded a programme version"),
                # format 2 roles, named per cycle (cycles/services/roles.py)
                "cycle.role_assigned": _("named a person for a programme role"),
                "cycle.role_unassigned": _("took a person off a programme role"),
            }
        )
        from vereinbar.activity.sentences import register_sentences

        register_sentences(
            {
                "cycle.role_assigned": _("%(actor)s named %(user)s as “%(programme_role)s” in %(object)s."),
                "cycle.role_unassigned": _("%(actor)s took %(user)s off the role “%(programme_role)s” in %(object)s."),
            }
        )
