from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "vereinbar.cycles"
    verbose_name = _("Cycles")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs

        register_verbs(
            {
                "cycle.applied": _("applied to a programme"),
                "cycle.accepted": _("accepted an application"),
                "cycle.declined": _("declined an application"),
                "cycle.withdrawn": _("withdrew from a cycle"),
                "cycle.auditor_assigned": _("assigned the auditor"),
                "cycle.renewed": _("opened the next stage (renewal)"),
                "cycle.phase_chosen": _("chose whether a cycle takes an optional phase"),
                "cycle.completed": _("completed a cycle"),
                "cycle.granted": _("granted the award"),
                "cycle.deferred": _("deferred the decision"),
                "cycle.refused": _("refused the award"),
                "phase.opened": _("opened a phase"),
                "phase.submitted": _("submitted a phase"),
                "phase.accepted": _("accepted a phase"),
                "phase.completed": _("completed a phase"),
                "phase.returned": _("returned a phase for changes"),
                "phase.reopened": _("opened a phase to be done again"),
                "phase.content_changed": _("changed a phase's content"),
                "evidence.added": _("added evidence"),
                "evidence.removed": _("removed evidence"),
                "evidence.downloaded": _("downloaded evidence"),
                "agreement.signed": _("recorded the signing of the target agreement"),
                "signature.recorded": _("recorded a signature"),
                "cycle.reminded": _("sent a reminder"),
                "cycle.due_extended": _("extended a due date"),
            }
        )
        from vereinbar.activity.sentences import register_sentences

        register_sentences(
            {
                "cycle.reminded": _("%(actor)s sent the coordinators of %(object)s a reminder."),
                "cycle.due_extended": _("%(actor)s extended the due date of %(object)s to %(due_on)s."),
                # A phase nobody accepts is completed when its actor submits it (services.phase_submit,
                # or done elsewhere): one entry, verb and webhook event "phase.completed".
                "phase.completed": _("%(actor)s completed the phase “%(object)s”."),
                # The award was withheld by the rules: the phase whose result they read is done again.
                "phase.reopened": _("%(actor)s opened the phase “%(object)s” to be done again."),
            },
            # Entries recorded before "phase.completed" existed say "phase.accepted" straight from
            # "open" for such a completion; the history is append-only, so they are worded here.
            from_status={
                ("phase.accepted", "open"): _("%(actor)s completed the phase “%(object)s”."),
            },
        )
        from vereinbar.notifications.reminders import register_reminders

        from .reminders import phase_reminders

        register_reminders(phase_reminders, order=20)

        from vereinbar.organisations.workspace_home import first_step_register

        from .workspace_home import first_step_phase

        first_step_register("phase", first_step_phase, order=60)

        from vereinbar.organisations.operator_home import operator_part_register
        from vereinbar.organisations.workspace_home import home_part_register

        from .home_parts import operator_home_part, workspace_home_part

        operator_part_register("cycles", operator_home_part)

        from vereinbar.programmes.selectors import running_cycles_register

        from .selectors import running_cycles_per_version

        running_cycles_register(running_cycles_per_version)
        home_part_register("cycles", workspace_home_part, order=10)
