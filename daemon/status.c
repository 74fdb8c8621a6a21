/* SPDX-License-Identifier: MIT */
#include "daemon/status.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "daemon/kiosk.h"

/* json_object_set_new() that tracks failure in *@ok. */
static void status_set(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (!value || json_object_set_new(obj, key, value) < 0)
		*ok = false;
}

static void status_push(json_t *arr, json_t *value, bool *ok)
{
	if (!value || json_array_append_new(arr, value) < 0)
		*ok = false;
}

void status_format_time(const struct office *o, int64_t ms, char *buf, size_t size)
{
	civil_iso8601(ms, o->cfg->utc_offset_minutes, buf, size);
}

static json_t *status_time(const struct office *o, int64_t ms)
{
	char buf[40];

	status_format_time(o, ms, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *status_date(int32_t day)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)(day / 10000), (int)(day / 100 % 100),
		 (int)(day % 100));
	return json_string(buf);
}

static json_t *status_hhmm(int minute_of_day)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%02d:%02d", minute_of_day / 60 % 100, minute_of_day % 60);
	return json_string(buf);
}

/* Text per language: "ja" always, the others when not empty. */
static json_t *status_texts(const char (*text)[CONFIG_NAME_MAX], bool *ok)
{
	json_t *obj = json_object();

	for (int l = 0; obj && l < LANG_COUNT; l++) {
		if (l == LANG_JA || text[l][0])
			status_set(obj, lang_code(l), json_string(text[l]), ok);
	}
	if (!obj)
		*ok = false;
	return obj;
}

json_t *status_names_json(const char (*text)[CONFIG_NAME_MAX])
{
	bool ok = true;
	json_t *obj = status_texts(text, &ok);

	if (!ok) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

static json_t *status_notice(const struct office *o, bool *ok)
{
	json_t *obj = json_object();

	for (int l = 0; obj && l < LANG_COUNT; l++) {
		if (o->notice[l][0])
			status_set(obj, lang_code(l), json_string(o->notice[l]), ok);
	}
	if (!obj)
		*ok = false;
	return obj;
}

/* {"date": ..., "open": "08:30", "close": "17:15"}; no date when @day is 0. */
static json_t *status_span(const struct config_span *s, int32_t day, bool *ok)
{
	json_t *obj = json_object();

	if (day)
		status_set(obj, "date", status_date(day), ok);

	status_set(obj, "open", status_hhmm(s->start), ok);
	status_set(obj, "close", status_hhmm(s->end), ok);
	if (!obj)
		*ok = false;
	return obj;
}

static json_t *status_service(const struct office *o, int64_t now, bool *ok)
{
	const struct config *cfg = o->cfg;
	json_t *svc = json_object(), *hours = json_object(), *next = json_null();
	struct civil c;
	int32_t day;
	const char *status = "closed";

	civil_from_ms(now, cfg->utc_offset_minutes, &c);
	if (o->day_open)
		status = o->service == EVENT_SERVICE_SUSPENDED ? "suspended" : "open";
	status_set(svc, "status", json_string(status), ok);
	status_set(svc, "day", status_date(o->day ? o->day : c.yyyymmdd), ok);
	status_set(svc, "notice", status_notice(o, ok), ok);
	if (cfg->hours[c.weekday].start >= 0)
		status_set(hours, "today", status_span(&cfg->hours[c.weekday], 0, ok), ok);
	else
		status_set(hours, "today", json_null(), ok);
	/* The next opening: today's while it is still to come, else a later day's. */
	day = c.yyyymmdd;
	if (!(cfg->hours[c.weekday].start >= 0 && c.minute_of_day < cfg->hours[c.weekday].start &&
	      o->day != c.yyyymmdd))
		day = civil_next_day(day);
	for (int i = 0; i < 7; i++, day = civil_next_day(day)) {
		if (cfg->hours[civil_weekday(day)].start >= 0) {
			json_decref(next);
			next = status_span(&cfg->hours[civil_weekday(day)], day, ok);
			break;
		}
	}
	status_set(hours, "next", next, ok);
	status_set(svc, "hours", hours, ok);
	if (!svc)
		*ok = false;
	return svc;
}

struct status_source *status_source_new(const struct config *cfg, uint64_t seed)
{
	struct status_source *src = calloc(1, sizeof(*src));

	if (!src)
		return NULL;
	src->est = estimator_new(cfg, seed);
	src->tickets = calloc(OFFICE_MAX_TICKETS, sizeof(*src->tickets));
	if (!src->est || !src->tickets) {
		estimator_free(src->est);
		free(src->tickets);
		free(src);
		return NULL;
	}
	for (int c = 0; c < CONFIG_MAX_CATEGORIES; c++) {
		level_state_init(&src->category_level[c], cfg->hold_minutes);
		src->waits[c].basis = WAIT_BASIS_NONE;
		src->waits[c].median = src->waits[c].low = src->waits[c].high = -1;
	}
	level_state_init(&src->overall, cfg->hold_minutes);
	return src;
}

void status_source_free(struct status_source *src)
{
	if (!src)
		return;
	estimator_free(src->est);
	free(src->tickets);
	free(src);
}

static bool status_band_same(const struct wait_band *a, const struct wait_band *b)
{
	return a->median == b->median && a->low == b->low && a->high == b->high &&
	       a->soon == b->soon && a->basis == b->basis;
}

bool status_source_update(struct status_source *src, const struct office *o, int64_t now)
{
	const struct config *cfg = o->cfg;
	struct wait_band bands[CONFIG_MAX_CATEGORIES];
	bool changed = false, known;
	int worst = LEVEL_LOW, before, n;

	if (src->at && src->seq == o->seq && now - src->at < STATUS_REFRESH_MS && now >= src->at)
		return false;
	/* One set of forward runs gives the categories' bands and every waiting ticket's. */
	n = estimator_waiting(src->est, o, now, bands, src->tickets, OFFICE_MAX_TICKETS);
	known = n >= 0;
	src->n_tickets = n < 0 ? 0 : n > OFFICE_MAX_TICKETS ? OFFICE_MAX_TICKETS : n;
	for (int c = 0; c < cfg->n_categories; c++) {
		struct wait_band band = bands[c];
		int raw;

		if (!known) {
			memset(&band, 0, sizeof(band));
			band.basis = WAIT_BASIS_NONE;
			band.median = band.low = band.high = -1;
		}
		if (!status_band_same(&band, &src->waits[c]))
			changed = true;
		src->waits[c] = band;
		raw = band.basis == WAIT_BASIS_NONE ? LEVEL_LOW : level_from_wait(cfg, band.median);
		before = src->category_level[c].level;
		if (level_update(&src->category_level[c], raw, now) != before)
			changed = true;
		worst = level_worse(worst, raw);
	}
	src->by_wait = worst;
	src->occupancy_level = level_from_occupancy(cfg, o->occupancy);
	src->by_occupancy = cfg->capacity > 0 ? src->occupancy_level : LEVEL_LOW;
	before = src->overall.level;
	if (level_update(&src->overall, level_worse(src->by_wait, src->by_occupancy), now) !=
	    before)
		changed = true;
	src->seq = o->seq;
	src->at = now;
	return changed;
}

static json_t *status_level_json(int value)
{
	return json_pack("{s:i, s:s}", "value", value, "code", level_code(value));
}

json_t *status_band_json(const struct wait_band *w)
{
	static const char *const basis[] = {
		[WAIT_BASIS_NONE] = "none",
		[WAIT_BASIS_PRIOR] = "prior",
		[WAIT_BASIS_LEARNED] = "learned",
	};

	if (!w || w->basis == WAIT_BASIS_NONE)
		return json_pack("{s:n, s:n, s:n, s:b, s:s}", "median", "low", "high", "soon", 0,
				 "basis", "none");
	return json_pack("{s:i, s:i, s:i, s:b, s:s}", "median", w->median, "low", w->low, "high",
			 w->high, "soon", w->soon, "basis", basis[w->basis]);
}

json_t *status_category_wait(const struct status_input *in, int c)
{
	return status_band_json(in->source ? &in->source->waits[c] : NULL);
}

int status_source_ticket(struct status_source *src, const struct office *o, int t, int64_t now,
			 struct wait_band *out)
{
	if (src->at && src->seq == o->seq && now >= src->at && now - src->at < STATUS_REFRESH_MS) {
		for (int k = 0; k < src->n_tickets; k++) {
			if (src->tickets[k].ticket == t) {
				*out = src->tickets[k].band;
				return 0;
			}
		}
	}
	return estimator_ticket(src->est, o, t, now, out);
}

json_t *status_ticket_wait(struct status_source *src, const struct office *o, int t, int64_t now)
{
	struct wait_band w;

	if (!src || status_source_ticket(src, o, t, now, &w) < 0)
		return status_band_json(NULL);
	return status_band_json(&w);
}

/* Label of the last ticket of category @c issued, or null. */
static json_t *status_last_issued(const struct office *o, int c)
{
	for (int i = o->n_tickets - 1; i >= 0; i--) {
		if (o->tickets[i].category == c)
			return json_string(o->tickets[i].label);
	}
	return json_null();
}

/*
 * Label of the ticket of category @c called last (a recall counts), or null:
 * the recent calls first, as they are in order even within a millisecond;
 * then the latest call time among the older ones.
 */
static json_t *status_last_called(const struct office *o, int c)
{
	int best = -1;

	for (int i = 0; i < o->n_calls && i < OFFICE_RECENT_CALLS; i++) {
		if (o->tickets[o->calls[i].ticket].category == c)
			return json_string(o->tickets[o->calls[i].ticket].label);
	}
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *t = &o->tickets[i];

		if (t->category == c && t->called_at &&
		    (best < 0 || t->called_at >= o->tickets[best].called_at))
			best = i;
	}
	return best < 0 ? json_null() : json_string(o->tickets[best].label);
}

static json_t *status_serving(const struct office *o, int c, bool *ok)
{
	json_t *arr = json_array();
	int idx[CONFIG_MAX_WINDOWS];
	int n = 0;

	for (int w = 0; w < o->cfg->n_windows && n < CONFIG_MAX_WINDOWS; w++) {
		int t = o->windows[w].ticket;

		if (t >= 0 && o->tickets[t].category == c &&
		    (o->tickets[t].state == TICKET_CALLED || o->tickets[t].state == TICKET_SERVING))
			idx[n++] = t;
	}
	/* oldest call first: insertion sort, n is small */
	for (int i = 1; i < n; i++) {
		for (int j = i;
		     j > 0 && o->tickets[idx[j]].called_at < o->tickets[idx[j - 1]].called_at;
		     j--) {
			int tmp = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = tmp;
		}
	}
	for (int i = 0; arr && i < n; i++)
		status_push(arr, json_string(o->tickets[idx[i]].label), ok);
	if (!arr)
		*ok = false;
	return arr;
}

static json_t *status_categories(const struct status_input *in, bool *ok)
{
	const struct office *o = in->office;
	json_t *arr = json_array();

	for (int c = 0; arr && c < o->cfg->n_categories; c++) {
		const struct config_category *cc = &o->cfg->categories[c];
		json_t *cat = json_object();

		status_set(cat, "id", json_string(cc->id), ok);
		status_set(cat, "name", status_texts(cc->name, ok), ok);
		status_set(cat, "waiting", json_integer(office_waiting(o, c)), ok);
		status_set(cat, "last_issued", status_last_issued(o, c), ok);
		status_set(cat, "last_called", status_last_called(o, c), ok);
		status_set(cat, "serving", status_serving(o, c, ok), ok);
		status_set(cat, "wait", status_category_wait(in, c), ok);
		status_set(cat, "level",
			   in->source ? status_level_json(in->source->category_level[c].level)
				      : json_null(),
			   ok);
		status_push(arr, cat, ok);
	}
	if (!arr)
		*ok = false;
	return arr;
}

static json_t *status_windows(const struct office *o, bool *ok)
{
	json_t *arr = json_array();

	for (int w = 0; arr && w < o->cfg->n_windows; w++) {
		const struct office_window *ow = &o->windows[w];
		json_t *win = json_object(), *cats = json_array();
		const struct office_ticket *t = ow->ticket >= 0 ? &o->tickets[ow->ticket] : NULL;

		status_set(win, "id", json_string(o->cfg->windows[w].id), ok);
		status_set(win, "label", status_texts(o->cfg->windows[w].label, ok), ok);
		status_set(win, "open", json_boolean(ow->open), ok);
		for (int i = 0; cats && i < ow->n_categories; i++)
			status_push(cats, json_string(o->cfg->categories[ow->categories[i]].id),
				    ok);
		status_set(win, "categories", cats, ok);
		status_set(win, "ticket", t ? json_string(t->label) : json_null(), ok);
		status_set(win, "state",
			   !t ? json_null()
			      : json_string(t->state == TICKET_SERVING ? "serving" : "called"),
			   ok);
		status_set(win, "recalls", json_integer(t ? t->recalls : 0), ok);
		status_push(arr, win, ok);
	}
	if (!arr)
		*ok = false;
	return arr;
}

static json_t *status_calls(const struct office *o, bool *ok)
{
	json_t *arr = json_array();

	for (int i = 0; arr && i < o->n_calls && i < OFFICE_RECENT_CALLS; i++) {
		const struct office_call *c = &o->calls[i];
		json_t *call = json_object();

		status_set(call, "seq", json_integer((json_int_t)c->seq), ok);
		status_set(call, "ticket", json_string(o->tickets[c->ticket].label), ok);
		status_set(call, "window", json_string(o->cfg->windows[c->window].id), ok);
		status_set(call, "at", status_time(o, c->at), ok);
		status_set(call, "recall", json_boolean(c->recall), ok);
		status_push(arr, call, ok);
	}
	if (!arr)
		*ok = false;
	return arr;
}

static json_t *status_occupancy(const struct status_input *in, bool *ok)
{
	const struct office *o = in->office;
	const struct config *cfg = o->cfg;
	json_t *occ;

	if (!cfg->beam_outer.set && !cfg->counter_in.set)
		return json_null();
	occ = json_object();
	status_set(occ, "count", json_integer(o->occupancy), ok);
	if (cfg->capacity > 0) {
		status_set(occ, "capacity", json_integer(cfg->capacity), ok);
		status_set(occ, "percent", json_integer(o->occupancy * 100 / cfg->capacity), ok);
	} else {
		status_set(occ, "capacity", json_null(), ok);
		status_set(occ, "percent", json_null(), ok);
	}
	status_set(occ, "level",
		   in->source && cfg->capacity > 0 ? status_level_json(in->source->occupancy_level)
						   : json_null(),
		   ok);
	status_set(occ, "sensors", json_string(o->sensor_fault ? "fault" : "ok"), ok);
	if (!occ)
		*ok = false;
	return occ;
}

json_t *status_build(const struct status_input *in)
{
	const struct office *o = in->office;
	const struct config *cfg = o->cfg;
	json_t *doc = json_object(), *office = json_object(), *langs = json_array();
	bool ok = doc && office && langs;

	status_set(doc, "version", json_integer(1), &ok);
	status_set(doc, "seq", json_integer((json_int_t)o->seq), &ok);
	status_set(doc, "generated_at", status_time(o, in->now), &ok);
	status_set(doc, "clock_set", json_boolean(!in->clock_unset), &ok);
	status_set(office, "id", json_string(cfg->office_id), &ok);
	status_set(office, "name", status_texts(cfg->office_name, &ok), &ok);
	status_set(doc, "office", office, &ok);
	for (int i = 0; langs && i < cfg->n_languages; i++)
		status_push(langs, json_string(lang_code(cfg->languages[i])), &ok);
	status_set(doc, "languages", langs, &ok);
	status_set(doc, "service", status_service(o, in->now, &ok), &ok);
	status_set(doc, "categories", status_categories(in, &ok), &ok);
	status_set(doc, "windows", status_windows(o, &ok), &ok);
	status_set(doc, "calls", status_calls(o, &ok), &ok);
	status_set(doc, "occupancy", status_occupancy(in, &ok), &ok);
	if (in->source)
		status_set(doc, "level",
			   json_pack("{s:i, s:s, s:i, s:i}", "value", in->source->overall.level,
				     "code", level_code(in->source->overall.level), "by_wait",
				     in->source->by_wait, "by_occupancy", in->source->by_occupancy),
			   &ok);
	else
		status_set(doc, "level", json_null(), &ok);
	status_set(doc, "status_page_url",
		   cfg->status_page_url[0] ? json_string(cfg->status_page_url) : json_null(), &ok);
	status_set(doc, "printer", kiosk_printer_json(in->kiosk), &ok);
	status_set(doc, "kiosk", kiosk_kiosk_json(in->kiosk), &ok);
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

char *status_dumps(const struct status_input *in)
{
	json_t *doc = status_build(in);
	char *s;

	if (!doc)
		return NULL;
	s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return s;
}
