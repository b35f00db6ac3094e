"""A survey's title per language (``Survey.titles``).

An existing survey keeps its one title as the title in its first language only: that is the
language it was written in, and the other languages stay empty, so the settings form shows the
coordinator which ones still need a translation. Nobody sees a change meanwhile: a language
without a title shows the first language's, as every survey did so far.
"""

from django.db import migrations, models


def titles_from_title(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    for survey in Survey.objects.only("pk", "title", "languages", "titles").iterator():
        if survey.languages and not survey.titles:
            survey.titles = {survey.languages[0]: survey.title}
            survey.save(update_fields=["titles"])


def title_from_titles(apps, schema_editor):
    """Back: the first language's title is ``title`` already; the others are dropped."""


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_total_figures"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="titles",
            field=models.JSONField(blank=True, default=dict, verbose_name="titles"),
        ),
        migrations.RunPython(titles_from_title, title_from_titles),
    ]
