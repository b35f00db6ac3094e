from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "vereinbar.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "award.granted": _("issued an award"),
                "award.revoked": _("revoked an award"),
                "award.expired": _("an award expired"),
                "award.superseded": _("an award was superseded by a newer one"),
            }
        )
        from vereinbar.activity.sentences import register_kind_reader, register_sentences

        from .wording import award_sentences

        # The history names an award, and the decision on a cycle, after the programme's kind.
        register_kind_reader("certificates.award", lambda award: award.version.kind, related=("version",))
        register_kind_reader("cycles.cycle", lambda cycle: cycle.version.kind, related=("version",))
        register_sentences(
            {},
            by_kind={
                "award.granted": award_sentences("history_issued"),
                "award.revoked": award_sentences("history_revoked"),
                "award.expired": award_sentences("history_expired"),
                "award.superseded": award_sentences("history_superseded"),
                "cycle.granted": award_sentences("history_granted"),
                "cycle.refused": award_sentences("history_refused"),
            },
            labels_by_kind={
                "award": award_sentences("history_label_number"),
                "level": award_sentences("history_label_level"),
            },
        )
        from vereinbar.notifications.reminders import register_daily, register_reminders

        from .reminders import award_reminders, awards_expired

        register_daily("expired", awards_expired)
        register_reminders(award_reminders, order=10)

        from vereinbar.organisations.workspace_home import home_part_register

        from .home_parts import workspace_home_part

        # after cycles' part (order 10), whose standings show their own award
        home_part_register("awards", workspace_home_part, order=20)

        from vereinbar.cycles.award_hooks import award_source_register

        from .cycle_awards import AWARDS

        # A cycle's decision grants its award; cycles reads it for due dates, level rules and pages.
        award_source_register(AWARDS)
