/* SPDX-License-Identifier: MIT */
/*
 * The office model: categories, windows, tickets, reservations, notice and
 * the day. Its state is a fold of events: office_apply() either applies an
 * event completely or refuses it with an error and changes nothing.
 * Pure: no clock, no I/O; time comes in with the events.
 */
#ifndef MACHIAI_CORE_OFFICE_H
#define MACHIAI_CORE_OFFICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/event.h"

#define OFFICE_MAX_TICKETS 4000 /* per day; issuing more is refused */
#define OFFICE_MAX_RESERVATIONS 1000 /* per day */
#define OFFICE_RECENT_CALLS 8
#define OFFICE_TICKET_HASH \
	8192 /* slots of the label index, a power of 2 above 2 * OFFICE_MAX_TICKETS */

enum ticket_state {
	TICKET_WAITING,
	TICKET_CALLED,
	TICKET_SERVING,
	TICKET_DONE,
	TICKET_NO_SHOW,
	TICKET_CANCELLED,
};

enum reservation_state {
	RESERVATION_BOOKED,
	RESERVATION_CHECKED_IN,
	RESERVATION_NO_SHOW,
	RESERVATION_CANCELLED,
};

struct office_ticket {
	char label[EVENT_TICKET_MAX]; /* "A-012" */
	int number;
	int category; /* index into config.categories */
	enum ticket_state state;
	int window; /* index of the window that called it, -1 before */
	int reservation; /* index into office.reservations, -1 for a walk-in */
	int recalls;
	int64_t issued_at, called_at, served_at, ended_at; /* ms; 0 = not yet */
};

struct office_reservation {
	char id[EVENT_RESERVATION_MAX];
	int category;
	int64_t slot_start, slot_end;
	enum reservation_state state;
	int ticket; /* index into office.tickets once checked in, else -1 */
};

struct office_window {
	bool open;
	int categories[CONFIG_MAX_CATEGORIES]; /* served now, in order */
	int n_categories;
	int ticket; /* index of the ticket called or served here, -1 when free */
	int rr_next; /* fifo rule: position in categories[] to look at first */
	int64_t busy_since; /* when the current ticket was called, ms */
	double busy_ms; /* today: time spent with a ticket called or served */
	int calls; /* today: tickets called here, recalls not counted */
};

struct office_call {
	uint64_t seq; /* increases with every call and recall */
	int ticket; /* index into office.tickets */
	int window;
	int64_t at;
	bool recall;
};

struct office_day_counts {
	int issued, called, done, no_show, cancelled;
};

struct office {
	const struct config *cfg; /* not owned; must outlive the office */

	int32_t day; /* YYYYMMDD of the current day, 0 before the first */
	bool day_open; /* between DAY_OPEN and DAY_CLOSE */
	enum event_service service; /* open or suspended, while the day is open */
	char notice[LANG_COUNT][CONFIG_TEXT_MAX];

	struct office_window windows[CONFIG_MAX_WINDOWS]; /* parallel to cfg->windows */
	int next_number[CONFIG_MAX_CATEGORIES];
	struct office_day_counts counts[CONFIG_MAX_CATEGORIES];

	struct office_ticket tickets[OFFICE_MAX_TICKETS]; /* today's, in issue order */
	int n_tickets;
	/* Today's tickets by label (open addressing): index + 1, 0 = empty slot. */
	int16_t ticket_hash[OFFICE_TICKET_HASH];
	struct office_reservation reservations[OFFICE_MAX_RESERVATIONS];
	int n_reservations;

	struct office_call calls[OFFICE_RECENT_CALLS]; /* newest first */
	int n_calls;
	uint64_t call_seq;

	bool door_open; /* last door state; true when there is no door switch */
	int occupancy; /* people inside, never below 0 */
	int people_in, people_out; /* today */
	int occupancy_corrections; /* today: sum of OCCUPANCY_RESET counts */
	bool sensor_fault;
	char sensor_fault_name[CONFIG_ID_MAX];

	uint64_t seq; /* events applied */
	int64_t last_at; /* time of the last event applied */
};

struct office_error {
	const char *code; /* short machine code: "unknown_window", "window_closed", ... */
	char message[192];
};

/**
 * office_new() - a new office for @cfg, before its first day.
 * @cfg must stay valid and unchanged for the lifetime of the office.
 * Return: the office, to be freed with office_free(), or NULL when out of memory.
 */
struct office *office_new(const struct config *cfg);

/** office_free() - free @o; NULL is fine. */
void office_free(struct office *o);

/**
 * office_apply() - apply @ev to @o.
 * Return: 0 when applied; -1 when refused, with @err filled and @o unchanged.
 */
int office_apply(struct office *o, const struct event *ev, struct office_error *err);

/**
 * office_next_ticket() - the ticket window @w would call next by its calling
 * rule at time @now: a checked-in reservation whose slot has started comes
 * before walk-ins, the earliest slot first.
 * Return: the ticket index, or -1 when nobody it serves is waiting.
 */
int office_next_ticket(const struct office *o, int w, int64_t now);

/**
 * office_next_number() - the number the next ticket of category @c would get.
 * Return: the number, or -1 when the category's range is used up.
 */
int office_next_number(const struct office *o, int c);

/**
 * office_between_spans() - whether @at falls in a closure between two spans
 * of its day's hours (a midday closure), when tickets are not issued; then
 * *@reopen is when the next span starts (minutes after midnight).
 */
bool office_between_spans(const struct office *o, int64_t at, int *reopen);

/** office_ticket_find() - index of today's ticket @label, or -1. */
int office_ticket_find(const struct office *o, const char *label);

/** office_reservation_find() - index of today's reservation @id, or -1. */
int office_reservation_find(const struct office *o, const char *id);

/** office_waiting() - number of tickets of category @c waiting. */
int office_waiting(const struct office *o, int c);

/**
 * office_label() - write the label of number @number in category @c to
 * @buf (@size bytes).
 */
void office_label(const struct office *o, int c, int number, char *buf, size_t size);

/**
 * office_due() - time-driven events due at @now, for the caller to journal
 * and apply in order: the day opening and closing by the configured hours,
 * reservations not checked in by their grace time.
 * Return: the number of events written to @out (at most @max).
 */
int office_due(const struct office *o, int64_t now, struct event *out, int max);

#endif
