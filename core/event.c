/* SPDX-License-Identifier: MIT */
#include "core/event.h"

#include <assert.h>
#include <string.h>

static const char *const event_names[EVENT_TYPE_COUNT] = {
	[EVENT_DAY_OPEN] = "day.open",
	[EVENT_DAY_CLOSE] = "day.close",
	[EVENT_TICKET_ISSUE] = "ticket.issue",
	[EVENT_TICKET_CALL] = "ticket.call",
	[EVENT_TICKET_RECALL] = "ticket.recall",
	[EVENT_TICKET_SERVE] = "ticket.serve",
	[EVENT_TICKET_DONE] = "ticket.done",
	[EVENT_TICKET_NO_SHOW] = "ticket.no_show",
	[EVENT_TICKET_CANCEL] = "ticket.cancel",
	[EVENT_RESERVATION_BOOK] = "reservation.book",
	[EVENT_RESERVATION_CANCEL] = "reservation.cancel",
	[EVENT_RESERVATION_EXPIRE] = "reservation.expire",
	[EVENT_WINDOW_SET] = "window.set",
	[EVENT_NOTICE_SET] = "notice.set",
	[EVENT_SERVICE_SET] = "service.set",
	[EVENT_DOOR] = "door",
	[EVENT_PEOPLE] = "people",
	[EVENT_OCCUPANCY_RESET] = "occupancy.reset",
	[EVENT_SENSOR] = "sensor",
};

const char *event_type_name(enum event_type t)
{
	assert(t < EVENT_TYPE_COUNT);
	return event_names[t];
}

int event_type_from_name(const char *name)
{
	for (int i = 0; i < EVENT_TYPE_COUNT; i++) {
		if (strcmp(name, event_names[i]) == 0)
			return i;
	}
	return -1;
}

void event_init(struct event *ev, enum event_type type, int64_t at)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->at = at;
}
