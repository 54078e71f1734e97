"""Every read of management review: the reviews, their periods, the actions and what is due or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from accounts.roles import Perm
from core.changes import allowed
from core.review_inputs import CLAUSE_ITEMS

from .models import Review, ReviewAction, ReviewState

DUE_SOON_DAYS = 14  # an open action due within this many days is "due soon" (reminders, agenda)


class ActionState:
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"

    choices = [(OPEN, pgettext_lazy("management review action", "Open")),
               (OVERDUE, pgettext_lazy("management review action", "Overdue")),
               (DONE, pgettext_lazy("management review action", "Done"))]


def reviews() -> QuerySet[Review]:
    return Review.objects.all()


def held_reviews() -> QuerySet[Review]:
    return Review.objects.filter(state=ReviewState.HELD).order_by("-held_on", "-id")


def last_held_on() -> date | None:
    """The day the last management review was held (the milestone's date)."""
    review = held_reviews().first()
    return review.held_on if review else None


def held_in(year: int) -> bool:
    return held_reviews().filter(held_on__year=year).exists()


def default_period(planned_on: date, *, excluding: Review | None = None) -> tuple[date, date]:
    """The period a review covers by default: since the day after the previous review's period (or the
    start of the year of the meeting when there was none), until the meeting date."""
    previous = Review.objects.filter(planned_on__lt=planned_on).order_by("-planned_on", "-id")
    if excluding is not None:
        previous = previous.exclude(pk=excluding.pk)
    last = previous.first()
    since = last.period_until + timedelta(days=1) if last else date(planned_on.year, 1, 1)
    return min(since, planned_on), planned_on


@dataclass
class InputItem:
    item: str
    label: str
    sources: list[dict]

    @property
    def reported(self) -> bool:
        return bool(self.sources)

    @property
    def mark(self) -> str:
        """How the clause numbers the item: "a)", "c.3)"."""
        return f"{self.item[0]}.{self.item[1:]})" if len(self.item) > 1 else f"{self.item})"


def inputs_of(review: Review) -> list[InputItem]:
    """The frozen inputs by clause 9.3.2 item, every item listed (those no area reported have no sources);
    none before they are prepared."""
    if review.inputs is None:
        return []
    found = {row["item"]: row for row in review.inputs}
    items = []
    for key, label in CLAUSE_ITEMS:
        row = found.get(key, {})
        items.append(InputItem(key, row.get("label") or str(label), row.get("sources") or []))
    return items


# ----------------------------------------------------------------------------------------------- actions

def actions() -> QuerySet[ReviewAction]:
    return ReviewAction.objects.select_related("review")


def state_of(action: ReviewAction, today: date | None = None) -> str:
    if action.done_on is not None:
        return ActionState.DONE
    return ActionState.OVERDUE if action.due_on < (today or timezone.localdate()) else ActionState.OPEN


def filter_actions(queryset: QuerySet[ReviewAction], *, state: str = "", today: date | None = None
                   ) -> QuerySet[ReviewAction]:
    today = today or timezone.localdate()
    if state == ActionState.OPEN:
        return queryset.filter(done_on__isnull=True)
    if state == ActionState.OVERDUE:
        return queryset.filter(done_on__isnull=True, due_on__lt=today)
    if state == ActionState.DONE:
        return queryset.filter(done_on__isnull=False)
    return queryset


def open_actions() -> QuerySet[ReviewAction]:
    return filter_actions(actions(), state=ActionState.OPEN)


def overdue_actions(today: date | None = None) -> QuerySet[ReviewAction]:
    return filter_actions(actions(), state=ActionState.OVERDUE, today=today)


def open_actions_due(until: date) -> QuerySet[ReviewAction]:
    """Open actions due on or before `until` (so the overdue ones too), earliest first."""
    return open_actions().filter(due_on__lte=until).order_by("due_on", "id")


def actions_to_remind(today: date | None = None) -> QuerySet[ReviewAction]:
    """Open actions overdue or due within DUE_SOON_DAYS: what the daily reminder tells their owners."""
    return open_actions_due((today or timezone.localdate()) + timedelta(days=DUE_SOON_DAYS))


def may_complete(user, action: ReviewAction) -> bool:
    """The owner of an action, or whoever keeps the reviews, records its result."""
    return allowed(user, Perm.VIEW_QMS) and (action.owner_id == user.pk or allowed(user, Perm.MANAGE_QMS))


def my_actions(user) -> QuerySet[ReviewAction]:
    return actions().filter(owner_id=user.pk)


def my_open_actions(user) -> QuerySet[ReviewAction]:
    return filter_actions(my_actions(user), state=ActionState.OPEN).order_by("due_on", "id")


@dataclass
class ActionRow:
    action: ReviewAction
    state: str


def action_rows(queryset, today: date | None = None) -> list[ActionRow]:
    today = today or timezone.localdate()
    return [ActionRow(action, state_of(action, today)) for action in queryset]


def previous_actions(until: date) -> QuerySet[ReviewAction]:
    """Actions of the reviews held on or before `until` (clause 9.3.2 a: what became of them)."""
    return actions().filter(review__state=ReviewState.HELD, review__held_on__lte=until) \
        .order_by("review__held_on", "due_on", "id")


def review_history(review: Review) -> list:
    """Who changed the review and its actions, when (pghistory events, as core.history presents them)."""
    from pghistory.models import Events

    from core.history import present

    events = list(Events.objects.across("reviews.ReviewEvent").tracks(review))
    for action in review.actions.all():
        events += list(Events.objects.across("reviews.ReviewActionEvent").tracks(action))
    return present(events)
