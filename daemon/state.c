/* SPDX-License-Identifier: MIT */
#include "daemon/state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "daemon/log.h"

struct state *state_new(const struct config *cfg, const char *state_dir, const struct clock *clock)
{
	struct state *s = calloc(1, sizeof(*s));
	struct journal_replay_stats st;
	char path[JOURNAL_PATH_MAX];
	struct civil today;

	if (!s) {
		log_err("out of memory");
		return NULL;
	}
	s->cfg = cfg;
	s->clock = *clock;
	s->clock_set = true;
	s->office = office_new(cfg);
	s->scratch = office_new(cfg);
	if (!s->office || !s->scratch) {
		log_err("out of memory");
		goto err_free;
	}
	s->status = status_source_new(cfg, 1);
	if (!s->status) {
		log_err("out of memory");
		goto err_free;
	}
	s->journal = journal_new(state_dir, cfg->utc_offset_minutes);
	if (!s->journal) {
		log_err("journal: %s: %s", state_dir, strerror(errno));
		goto err_free;
	}
	civil_from_ms(clock_now(&s->clock), cfg->utc_offset_minutes, &today);
	if (journal_path(s->journal, today.yyyymmdd, path, sizeof(path)) < 0) {
		log_err("journal: %s: path too long", state_dir);
		goto err_free;
	}
	if (journal_replay(path, s->office, true, stderr, &st) < 0)
		goto err_free;
	log_info("journal: %s: replayed %d events (%d bad, %d refused%s), seq %llu", path,
		 st.applied, st.bad, st.refused, st.torn ? ", torn tail cut off" : "",
		 (unsigned long long)s->office->seq);
	return s;

err_free:
	state_free(s);
	return NULL;
}

void state_free(struct state *s)
{
	if (!s)
		return;
	journal_free(s->journal);
	status_source_free(s->status);
	office_free(s->office);
	office_free(s->scratch);
	free(s);
}

int64_t state_now(const struct state *s)
{
	int64_t now = clock_now(&s->clock);

	return now < s->office->last_at ? s->office->last_at : now;
}

static const char *state_window_id(const struct office *o, const char *id)
{
	return config_window_index(o->cfg, id) >= 0 ? id : "?";
}

void state_describe(const struct office *o, const struct event *ev, char *buf, size_t size)
{
	const char *name = event_type_name(ev->type);
	int w = config_window_index(o->cfg, ev->window);
	const char *at_window =
		w >= 0 && o->windows[w].ticket >= 0 ? o->tickets[o->windows[w].ticket].label : "-";
	char label[EVENT_TICKET_MAX];
	int c;

	switch (ev->type) {
	case EVENT_DAY_OPEN:
	case EVENT_DAY_CLOSE:
		snprintf(buf, size, "%s %d", name, (int)ev->day);
		break;
	case EVENT_TICKET_ISSUE:
		c = config_category_index(o->cfg, ev->category);
		if (c >= 0)
			office_label(o, c, ev->number, label, sizeof(label));
		else
			snprintf(label, sizeof(label), "?");
		snprintf(buf, size, "%s %s%s%s", name, label,
			 ev->reservation[0] ? " reservation " : "", ev->reservation);
		break;
	case EVENT_TICKET_CALL:
		snprintf(buf, size, "%s %s window %s", name, ev->ticket,
			 state_window_id(o, ev->window));
		break;
	case EVENT_TICKET_RECALL:
	case EVENT_TICKET_SERVE:
	case EVENT_TICKET_DONE:
	case EVENT_TICKET_NO_SHOW:
		snprintf(buf, size, "%s %s window %s", name, at_window,
			 state_window_id(o, ev->window));
		break;
	case EVENT_TICKET_CANCEL:
		snprintf(buf, size, "%s %s", name, ev->ticket);
		break;
	case EVENT_RESERVATION_BOOK:
	case EVENT_RESERVATION_CANCEL:
	case EVENT_RESERVATION_EXPIRE:
		snprintf(buf, size, "%s %s", name, ev->reservation);
		break;
	case EVENT_WINDOW_SET:
		snprintf(buf, size, "%s window %s%s", name, state_window_id(o, ev->window),
			 !ev->has_open ? ""
			 : ev->open    ? " open"
				       : " closed");
		break;
	case EVENT_SERVICE_SET:
		snprintf(buf, size, "%s %s", name,
			 ev->service == EVENT_SERVICE_SUSPENDED ? "suspended" : "open");
		break;
	case EVENT_PEOPLE:
	case EVENT_OCCUPANCY_RESET:
		snprintf(buf, size, "%s %+d", name, ev->count);
		break;
	case EVENT_DOOR:
		snprintf(buf, size, "%s %s", name, ev->open ? "open" : "closed");
		break;
	case EVENT_SENSOR:
		snprintf(buf, size, "%s %s %s", name, ev->sensor, ev->ok ? "ok" : "fault");
		break;
	default:
		snprintf(buf, size, "%s", name);
		break;
	}
}

int state_commit(struct state *s, const struct event *evs, int n, struct state_error *err)
{
	struct office_error oerr = { 0 };
	char jerr[256];
	char desc[STATE_COMMIT_MAX][160];
	struct office *tmp;
	int i;

	if (n < 1 || n > STATE_COMMIT_MAX) {
		err->http = 500;
		err->code = "internal";
		snprintf(err->message, sizeof(err->message), "%d events in one change", n);
		return -1;
	}
	memcpy(s->scratch, s->office, sizeof(*s->scratch));
	for (i = 0; i < n; i++) {
		state_describe(s->scratch, &evs[i], desc[i], sizeof(desc[i]));
		if (office_apply(s->scratch, &evs[i], &oerr) < 0) {
			err->http = 409;
			err->code = oerr.code ? oerr.code : "refused";
			snprintf(err->message, sizeof(err->message), "%s", oerr.message);
			return -1;
		}
	}
	for (i = 0; i < n; i++) {
		if (journal_append(s->journal, &evs[i], jerr, sizeof(jerr)) < 0)
			goto err_journal;
	}
	s->journal_failing = false;
	for (i = 0; i < n; i++)
		log_info("%s", desc[i]);
	tmp = s->office;
	s->office = s->scratch;
	s->scratch = tmp;
	for (i = 0; i < s->n_listeners; i++)
		s->listeners[i].cb(s->listeners[i].arg, s);
	return 0;

err_journal:
	log_err("journal: %s", jerr);
	s->journal_failing = true;
	err->http = 503;
	err->code = "journal_failed";
	snprintf(err->message, sizeof(err->message), "%s", jerr);
	if (i > 0) {
		/* Events 0..i-1 are on disk: they are part of the state now. */
		for (int k = 0; k < i; k++) {
			log_info("%s", desc[k]);
			office_apply(s->office, &evs[k], &oerr);
		}
		for (int k = 0; k < s->n_listeners; k++)
			s->listeners[k].cb(s->listeners[k].arg, s);
	}
	return -1;
}

/* Whether the system clock became set; logs the change. */
static bool state_clock_became_set(struct state *s)
{
	const char *why;

	if (!s->clock_checked || s->clock_set || !timesync_clock_set(&s->timesync, &why))
		return false;
	s->clock_set = true;
	log_info("clock: set (%s)", why);
	return true;
}

void state_clock_check(struct state *s, const struct timesync *t)
{
	s->clock_checked = true;
	s->timesync = *t;
	s->clock_set = false;
	if (!state_clock_became_set(s))
		log_warn("clock: not set (no time server reached, no real-time clock); "
			 "the sign says so instead of showing a date");
}

void state_tick(struct state *s)
{
	struct event due[16];
	int64_t now = state_now(s);
	int n = office_due(s->office, now, due, 16);
	bool changed = state_clock_became_set(s);

	for (int i = 0; i < n; i++) {
		struct state_error err;

		if (state_commit(s, &due[i], 1, &err) < 0) {
			if (strcmp(err.message, s->last_due_error) != 0) {
				log_warn("%s refused: %s: %s", event_type_name(due[i].type),
					 err.code, err.message);
				snprintf(s->last_due_error, sizeof(s->last_due_error), "%s",
					 err.message);
			}
			break;
		}
	}
	if (status_source_update(s->status, s->office, state_now(s)) || changed) {
		for (int i = 0; i < s->n_listeners; i++)
			s->listeners[i].cb(s->listeners[i].arg, s);
	}
}

void state_notify(struct state *s)
{
	for (int i = 0; i < s->n_listeners; i++)
		s->listeners[i].cb(s->listeners[i].arg, s);
}

void state_status(struct state *s, struct status_input *in)
{
	in->office = s->office;
	in->now = state_now(s);
	status_source_update(s->status, s->office, in->now);
	in->source = s->status;
	in->clock_unset = !s->clock_set;
	in->kiosk = s->kiosk;
}

int state_listener_add(struct state *s, void (*cb)(void *arg, const struct state *s), void *arg)
{
	if (s->n_listeners == STATE_MAX_LISTENERS)
		return -1;
	s->listeners[s->n_listeners].cb = cb;
	s->listeners[s->n_listeners].arg = arg;
	s->n_listeners++;
	return 0;
}
