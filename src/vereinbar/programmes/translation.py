"""Translated text columns (title_de, title_nl, title_en…) for programme content."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionField,
    Criterion,
    Level,
    MeasureTemplate,
    Phase,
    ProgrammeRole,
    ProgrammeVersion,
    ScaleOption,
    Stage,
    StatusScale,
)


@register(ProgrammeVersion)
class ProgrammeVersionTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(StatusScale)
class StatusScaleTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(ScaleOption)
class ScaleOptionTranslationOptions(TranslationOptions):
    fields = ("label",)


@register(ActionField)
class ActionFieldTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("title", "question", "guidance")


@register(Level)
class LevelTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Stage)
class StageTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(MeasureTemplate)
class MeasureTemplateTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(ProgrammeRole)
class ProgrammeRoleTranslationOptions(TranslationOptions):
    fields = ("title", "description")
