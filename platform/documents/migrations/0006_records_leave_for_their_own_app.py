from django.db import migrations


class Migration(migrations.Migration):
    """Records leave for their own app (records). Only Django's idea of which app owns them changes: the
    tables, their rows and history stay as they are; records.0001 takes them over under the same names."""

    dependencies = [
        ('documents', '0005_bigint_history_keys'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.RemoveField(
            model_name='recordevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='recordevent',
            name='document',
        ),
        migrations.RemoveField(
            model_name='recordevent',
            name='filed_by',
        ),
        migrations.RemoveField(
            model_name='recordevent',
            name='pgh_context',
        ),
        migrations.RemoveField(
            model_name='recordevent',
            name='requirement',
        ),
        migrations.RemoveField(
            model_name='recordrequirement',
            name='document',
        ),
        migrations.RemoveField(
            model_name='recordrequirementevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='recordrequirementevent',
            name='document',
        ),
        migrations.RemoveField(
            model_name='recordrequirementevent',
            name='pgh_context',
        ),
        migrations.DeleteModel(
            name='Record',
        ),
        migrations.DeleteModel(
            name='RecordEvent',
        ),
        migrations.DeleteModel(
            name='RecordRequirement',
        ),
        migrations.DeleteModel(
            name='RecordRequirementEvent',
        ),
        ]),
    ]
