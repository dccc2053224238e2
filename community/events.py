"""Case timeline event types of the community-service module."""

from django.utils.translation import gettext_lazy as _

from cases import timeline

timeline.register("community_details_recorded", _("Community service order recorded"),
                  _("{ordered_hours} hours; registration counts from {from_date}"))
timeline.register("community_details_changed", _("Community service order changed"), "")
timeline.register("community_order_issued", _("Work order issued"), _("{number} at {place}, from {start}"))
timeline.register("community_order_closed", _("Work order closed"), _("{number}, last day {end}"))
timeline.register("community_hours_recorded", _("Community service hours recorded"), _("{hours} h on {day}"))
timeline.register("community_hours_corrected", _("Community service hours corrected"),
                  _("{day}: {old_hours} h → {hours} h. Reason: {reason}"))
