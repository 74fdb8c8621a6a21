/* SPDX-License-Identifier: MIT */
/*
 * Events: everything that happens in the office. State is a fold of events
 * (core/office.h); the journal stores them one JSON line each.
 */
#ifndef MACHIAI_CORE_EVENT_H
#define MACHIAI_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/lang.h"

#define EVENT_TICKET_MAX 16 /* "A-012", NUL included */
#define EVENT_RESERVATION_MAX 40

enum event_type {
	EVENT_DAY_OPEN, /* day: a new day starts; numbering restarts */
	EVENT_DAY_CLOSE, /* day: the day ends; open tickets are cancelled */
	EVENT_TICKET_ISSUE, /* category, number (the number given out); reservation if a check-in;
			     * has_wait/wait_*: the band the sign showed, when it showed one */
	EVENT_TICKET_CALL, /* window, ticket */
	EVENT_TICKET_RECALL, /* window: call the window's ticket again */
	EVENT_TICKET_SERVE, /* window: the citizen has arrived at the window */
	EVENT_TICKET_DONE, /* window: service finished */
	EVENT_TICKET_NO_SHOW, /* window: the called citizen did not come */
	EVENT_TICKET_CANCEL, /* ticket: withdrawn while waiting */
	EVENT_RESERVATION_BOOK, /* reservation, category, slot_start, slot_end */
	EVENT_RESERVATION_CANCEL, /* reservation */
	EVENT_RESERVATION_EXPIRE, /* reservation: not checked in by slot start + grace */
	EVENT_WINDOW_SET, /* window; has_open/open, has_categories/categories */
	EVENT_NOTICE_SET, /* text */
	EVENT_SERVICE_SET, /* service: open or suspended */
	EVENT_DOOR, /* open: the door switch changed */
	EVENT_PEOPLE, /* count: +1 someone came in, -1 someone went out */
	EVENT_OCCUPANCY_RESET, /* count: the occupancy correction applied (recorded for reports) */
	EVENT_SENSOR, /* sensor, ok: a sensor fault raised or cleared */
	EVENT_TYPE_COUNT
};

enum event_service {
	EVENT_SERVICE_OPEN,
	EVENT_SERVICE_SUSPENDED,
};

struct event {
	enum event_type type;
	int64_t at; /* milliseconds since the Unix epoch, UTC */

	int32_t day; /* DAY_OPEN/DAY_CLOSE: local date as YYYYMMDD */
	char window[CONFIG_ID_MAX];
	char category[CONFIG_ID_MAX];
	int number; /* TICKET_ISSUE */
	/*
	 * TICKET_ISSUE: the wait the sign showed for the category as the ticket
	 * was taken (whole minutes, 10%-50%-90%, and まもなく), for reports of
	 * the sign's honesty; journals written before it have none.
	 */
	bool has_wait;
	bool wait_soon;
	int wait_low, wait_median, wait_high;
	char ticket[EVENT_TICKET_MAX]; /* TICKET_CALL, TICKET_CANCEL: the label */
	char reservation[EVENT_RESERVATION_MAX];
	int64_t slot_start, slot_end; /* RESERVATION_BOOK, ms since epoch */

	bool has_open;
	bool open; /* WINDOW_SET, DOOR */
	bool has_categories;
	int n_categories;
	char categories[CONFIG_MAX_CATEGORIES][CONFIG_ID_MAX]; /* WINDOW_SET */

	char text[LANG_COUNT][CONFIG_TEXT_MAX]; /* NOTICE_SET; empty = none */
	enum event_service service; /* SERVICE_SET */

	int count; /* PEOPLE, OCCUPANCY_RESET */
	char sensor[CONFIG_ID_MAX]; /* SENSOR: "door", "beams", "counter", ... */
	bool ok; /* SENSOR */
};

/** event_type_name() - the type's name in the journal, e.g. "ticket.issue". */
const char *event_type_name(enum event_type t);

/** event_type_from_name() - the type named @name, or -1. */
int event_type_from_name(const char *name);

/** event_init() - zero @ev and set its @type and time @at. */
void event_init(struct event *ev, enum event_type type, int64_t at);

#endif
