from django.db import migrations


class Migration(migrations.Migration):
    """Legal references leave documents for the province's legal register: legal_updates.0002 has copied every
    reference into the register and a link (legal_updates.LegalLink), then this drops the old table. Its history
    table (documents_legalreferenceevent) stays in the database as it was, append-only, so who cited what
    before the move is not lost; no model reads it any more."""

    dependencies = [
        ('documents', '0006_records_leave_for_their_own_app'),
        ('legal_updates', '0002_legal_references_into_register'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='legalreferenceevent',
                name='pgh_obj',
            ),
            migrations.RemoveField(
                model_name='legalreferenceevent',
                name='document',
            ),
            migrations.RemoveField(
                model_name='legalreferenceevent',
                name='pgh_context',
            ),
            migrations.DeleteModel(
                name='LegalReferenceEvent',
            ),
        ]),
        migrations.DeleteModel(
            name='LegalReference',
        ),
    ]
