from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "vereinbar.measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from vereinbar.activity.verbs import register_verbs
        from vereinbar.organisations.workspace_home import first_step_register

        from .workspace_home import first_step_measures, first_step_offers_link

        first_step_register("measures", first_step_measures, order=40)
        first_step_register("offers_link", first_step_offers_link, order=45)

        register_verbs(
            {
                "measure.created": _("added a measure"),
                "measure.updated": _("changed a measure"),
                "measure.put_in_place": _("put a measure in place"),
                "measure.ended": _("ended a measure"),
                "measure.planned": _("set a measure back to planned"),
                "measure.deleted": _("deleted a measure"),
                "measure_type.created": _("added a catalogue entry"),
                "measure_type.updated": _("changed a catalogue entry"),
                "measure_catalogue.loaded": _("loaded the measure catalogue"),
            }
        )
