from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "vereinbar.surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from vereinbar.activity.verbs import register_verbs

        from .figures import figures_after_migrate

        # Surveys closed before their figures were stored with them get them once all migrations ran.
        post_migrate.connect(figures_after_migrate, sender=self, dispatch_uid="survey-figures-migrated")

        from vereinbar.programmes.display import instrument_title_register

        from .selectors import instrument_title

        # A programme's stage page names the questionnaire the stage asks for.
        instrument_title_register(instrument_title)

        from vereinbar.cycles.survey_hooks import survey_figures_register

        from .cycle_figures import cycle_survey_figures

        # Surveys sit above cycles: a level rule's survey conditions read these figures.
        survey_figures_register(cycle_survey_figures)

        from vereinbar.cycles.survey_hooks import MadeElsewhere, deliverable_register
        from vereinbar.programmes.models import DeliverableKind

        from .selectors import survey_delivered, survey_phase_problems
        from .views.cycle import survey_phase_panel

        # A survey phase follows its survey: what is missing, what delivered it, its panel.
        deliverable_register(
            DeliverableKind.SURVEY,
            MadeElsewhere(problems=survey_phase_problems, delivered=survey_delivered, panel=survey_phase_panel),
        )

        from vereinbar.organisations.workspace_home import first_step_register

        from .workspace_home import first_step_survey

        first_step_register("survey", first_step_survey, order=50)

        from vereinbar.accounts.privacy import register_named_by_email

        from .models import SurveyInvitation

        # An invitation names the person by e-mail address: part of their account's data export.
        register_named_by_email(SurveyInvitation)

        register_verbs(
            {
                "instrument.loaded": _("loaded a survey questionnaire"),
                "survey.created": _("created a survey"),
                "survey.updated": _("changed the survey settings"),
                "survey.opened": _("opened the survey"),
                "survey.closed": _("closed the survey"),
                "survey.open_link_enabled": _("switched on the open link of a survey"),
                "survey.open_link_disabled": _("switched off the open link of a survey"),
                "survey.access_granted": _("gave access to a survey"),
                "survey.access_revoked": _("withdrew access to a survey"),
                "survey.invitations_sent": _("sent survey invitations"),
                "survey.reminders_sent": _("sent survey reminders"),
                "survey.codes_created": _("created printed survey codes"),
                "survey.raw_data_exported": _("exported raw survey data"),
                "survey.hotspot_goal": _("made a goal of the target agreement from a survey hotspot"),
                "ranking.consent_given": _("agreed to appear in a ranking list"),
                "ranking.consent_withdrawn": _("withdrew from a ranking list"),
            }
        )
        from vereinbar.activity.sentences import register_sentences

        register_sentences(
            {
                "ranking.consent_given": _("%(actor)s agreed that %(object)s appears in a programme's ranking list."),
                "ranking.consent_withdrawn": _(
                    "%(actor)s withdrew the consent of %(object)s to appear in a programme's ranking list."
                ),
            }
        )
