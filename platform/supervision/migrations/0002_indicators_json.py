from django.db import migrations, models

OLD_COLUMNS = ["documents_total", "documents_effective", "system_procedures_effective", "documents_review_overdue",
               "revisions_in_review", "records_this_year"]


def copy_columns(apps, schema_editor):
    AgencyStatus = apps.get_model("supervision", "AgencyStatus")
    for row in AgencyStatus.objects.all():
        row.indicators = {name: getattr(row, name) for name in OLD_COLUMNS}
        row.save(update_fields=["indicators"])


class Migration(migrations.Migration):
    """Indicator values move from fixed columns into one JSON object keyed by the registered indicator."""

    dependencies = [("supervision", "0001_initial")]

    operations = [
        migrations.AddField("agencystatus", "indicators",
                            models.JSONField(blank=True, default=dict, verbose_name="indicators")),
        migrations.RunPython(copy_columns, migrations.RunPython.noop),
        *[migrations.RemoveField("agencystatus", name) for name in OLD_COLUMNS],
    ]
