/* SPDX-License-Identifier: MIT */
#include "daemon/status.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
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
/*
 * A day's hours: "open" and "close" of the whole day, and "spans" when it
 * closes in between; with the date and, for a national holiday, its names.
 */
static json_t *status_day_hours(const struct calendar_day *d, bool with_date, bool *ok)
{
	json_t *obj = json_object(), *spans = json_array();

	if (with_date)
		status_set(obj, "date", status_date(d->date), ok);
	status_set(obj, "open", status_hhmm(d->hours.spans[0].start), ok);
	status_set(obj, "close", status_hhmm(d->hours.spans[d->hours.n - 1].end), ok);
	for (int i = 0; i < d->hours.n; i++) {
		json_t *span = json_object();

		status_set(span, "open", status_hhmm(d->hours.spans[i].start), ok);
		status_set(span, "close", status_hhmm(d->hours.spans[i].end), ok);
		if (!span || json_array_append_new(spans, span) < 0)
			*ok = false;
	}
	status_set(obj, "spans", spans, ok);
	if (!obj)
		*ok = false;
	return obj;
}

/* {"ja": NAME, "en": NAME} of a national holiday, or null. */
static json_t *status_holiday(const struct calendar_day *d, bool *ok)
{
	json_t *obj;

	if (!d->is_holiday)
		return json_null();
	obj = json_pack("{ssss}", "ja", d->holiday.ja, "en", d->holiday.en);
	if (!obj)
		*ok = false;
	return obj;
}

json_t *status_calendar_json(const struct config *cfg, int32_t from, int32_t to)
{
	json_t *out = json_object(), *days = json_array();
	char tz[8];
	int off = cfg->utc_offset_minutes < 0 ? -cfg->utc_offset_minutes : cfg->utc_offset_minutes;
	bool ok = true;

	snprintf(tz, sizeof(tz), "%c%02d:%02d", cfg->utc_offset_minutes < 0 ? '-' : '+',
		 off / 60 % 100, off % 60);
	status_set(out, "timezone", json_string(tz), &ok);
	status_set(out, "from", status_date(from), &ok);
	status_set(out, "to", status_date(to), &ok);
	for (int32_t d = from; d <= to; d = civil_next_day(d)) {
		struct calendar_day day;
		json_t *obj = json_object(), *spans = json_array();

		calendar_day_get(cfg, d, &day);
		status_set(obj, "date", status_date(d), &ok);
		status_set(obj, "weekday", json_integer(day.weekday), &ok);
		status_set(obj, "open", json_boolean(day.hours.n > 0), &ok);
		status_set(obj, "kind", json_string(calendar_kind_name(day.kind)), &ok);
		status_set(obj, "holiday", status_holiday(&day, &ok), &ok);
		for (int i = 0; i < day.hours.n; i++) {
			json_t *span = json_object();

			status_set(span, "open", status_hhmm(day.hours.spans[i].start), &ok);
			status_set(span, "close", status_hhmm(day.hours.spans[i].end), &ok);
			if (!span || json_array_append_new(spans, span) < 0)
				ok = false;
		}
		status_set(obj, "hours", spans, &ok);
		if (!obj || json_array_append_new(days, obj) < 0)
			ok = false;
	}
	status_set(out, "days", days, &ok);
	if (!ok) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *status_service(const struct office *o, int64_t now, bool *ok)
{
	const struct config *cfg = o->cfg;
	json_t *svc = json_object(), *hours = json_object(), *next = json_null();
	json_t *today_obj = json_object();
	struct calendar_day today, day;
	struct civil c;
	int32_t from;
	int reopen;
	const char *status = "closed";

	civil_from_ms(now, cfg->utc_offset_minutes, &c);
	calendar_day_get(cfg, c.yyyymmdd, &today);
	if (o->day_open) {
		/* A midday closure suspends reception until the next span. */
		status = o->service == EVENT_SERVICE_SUSPENDED ||
					 office_between_spans(o, now, &reopen)
				 ? "suspended"
				 : "open";
	}
	status_set(svc, "status", json_string(status), ok);
	status_set(svc, "day", status_date(o->day ? o->day : c.yyyymmdd), ok);
	status_set(svc, "notice", status_notice(o, ok), ok);
	/* Why today has the hours it has: weekly, special, holiday or year_end. */
	status_set(today_obj, "kind", json_string(calendar_kind_name(today.kind)), ok);
	status_set(today_obj, "weekday", json_integer(today.weekday), ok);
	status_set(today_obj, "holiday", status_holiday(&today, ok), ok);
	status_set(svc, "today", today_obj, ok);
	if (today.hours.n > 0)
		status_set(hours, "today", status_day_hours(&today, false, ok), ok);
	else
		status_set(hours, "today", json_null(), ok);
	/* The next opening: today's while it is still to come, else a later day's. */
	from = c.yyyymmdd;
	if (!(today.hours.n > 0 && c.minute_of_day < today.hours.spans[0].start &&
	      o->day != c.yyyymmdd))
		from = civil_next_day(from);
	if (calendar_next_open(cfg, from, &day)) {
		json_decref(next);
		next = status_day_hours(&day, true, ok);
		status_set(next, "holiday", status_holiday(&day, ok), ok);
		/* 3 or more: the first day after a long closure, the busiest of the year. */
		status_set(next, "closed_before",
			   json_integer(calendar_closed_before(cfg, day.date)), ok);
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
