"""What documents tells other areas, without importing them: `published` is sent inside the publishing
transaction (sender: the Revision class; revision, issue_date), so a receiver's writes commit or roll back
with the edition (legal_updates closes the update tasks an edition answers)."""

from django.dispatch import Signal

published = Signal()
