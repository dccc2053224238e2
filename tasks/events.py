"""Case timeline event types written by the management module."""

from django.utils.translation import gettext_lazy as _

from cases import timeline

timeline.register("task_created", _("Task created"), _("{title}, due {due}"))
timeline.register("task_assigned", _("Task assigned"), _("{title}: {assignee}"))
timeline.register("task_completed", _("Task completed"), _("{title}: {outcome}"))
timeline.register("task_cancelled", _("Task cancelled"), _("{title}: {reason}"))
timeline.register("inbox_registered", _("Incoming document registered"), _("{document} from {sender}"))
