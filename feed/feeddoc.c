/* SPDX-License-Identifier: MIT */
#include "feed/feeddoc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/lang.h"

static void fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

/* Text per language: ja (required) and the sign's other languages present. */
static json_t *names_copy(const json_t *names, const char *path, char *err, size_t errsize)
{
	const json_t *ja = json_object_get(names, "ja");
	json_t *out;

	if (!json_is_object(names) || !json_is_string(ja)) {
		fail(err, errsize, "%s.ja: expected a string", path);
		return NULL;
	}
	out = json_object();
	for (int l = 0; out && l < LANG_COUNT; l++) {
		const json_t *v = json_object_get(names, lang_code(l));

		if (json_is_string(v) && (l == LANG_JA || json_string_length(v) > 0))
			json_object_set(out, lang_code(l), (json_t *)v);
	}
	return out;
}

/* A level, or null when the daemon has none yet (no wait basis, no capacity). */
static json_t *level_copy(const json_t *level, const char *path, char *err, size_t errsize)
{
	const json_t *value = json_object_get(level, "value");
	const json_t *code = json_object_get(level, "code");

	if (!level || json_is_null(level))
		return json_null();

	if (!json_is_integer(value) || json_integer_value(value) < 0 ||
	    json_integer_value(value) > 3 || !json_is_string(code)) {
		fail(err, errsize, "%s: expected {value: 0..3, code: string}", path);
		return NULL;
	}
	return json_pack("{sOsO}", "value", value, "code", code);
}

/* "open" -> "Open", as in QueueMonitor.serviceStatus. */
static const char *service_word(const char *s)
{
	if (strcmp(s, "open") == 0)
		return "Open";
	if (strcmp(s, "closed") == 0)
		return "Closed";
	if (strcmp(s, "suspended") == 0)
		return "Suspended";
	return NULL;
}

static json_t *nullable_int(const json_t *v)
{
	return json_is_integer(v) ? json_incref((json_t *)v) : json_null();
}

/* A minute figure of a band: an integer >= 0, or null. */
static bool minutes_ok(const json_t *v)
{
	return json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0);
}

static bool time_ok(const json_t *v)
{
	return json_is_string(v) && json_string_length(v) >= 20 && json_string_length(v) < 32;
}

/*
 * One list of the category's "queues" entry, copied member by member: every
 * item must carry a ticket label (or, for reservations, a slot) and only the
 * named public members are kept.
 */
enum queue_list {
	QUEUE_WAITING,
	QUEUE_CALLS,
	QUEUE_NO_SHOWS,
	QUEUE_SLOTS
};

static json_t *queue_list_copy(const json_t *list, enum queue_list kind, const char *path,
			       char *err, size_t errsize)
{
	json_t *out = json_array();
	const json_t *v;
	size_t i;

	if (!list)
		return out;
	if (!json_is_array(list)) {
		fail(err, errsize, "%s: expected an array", path);
		goto err_free_out;
	}
	json_array_foreach(list, i, v)
	{
		const json_t *ticket = json_object_get(v, "ticket");
		const json_t *at = json_object_get(v, "at");
		json_t *item = NULL;

		switch (kind) {
		case QUEUE_WAITING: {
			const json_t *lo = json_object_get(v, "low"),
				     *md = json_object_get(v, "median"),
				     *hi = json_object_get(v, "high");

			if (json_is_string(ticket) && lo && md && hi && minutes_ok(lo) &&
			    minutes_ok(md) && minutes_ok(hi))
				item = json_pack("{sOsOsOsO}", "ticket", ticket, "low", lo,
						 "median", md, "high", hi);
			else
				fail(err, errsize,
				     "%s[%zu]: expected {ticket, low, median, high} (minutes or null)",
				     path, i);
			break;
		}
		case QUEUE_CALLS: {
			const json_t *w = json_object_get(v, "window");

			if (json_is_string(ticket) && json_is_string(w) && time_ok(at))
				item = json_pack("{sOsOsO}", "ticket", ticket, "window", w, "at",
						 at);
			else
				fail(err, errsize, "%s[%zu]: expected {ticket, window, at}", path,
				     i);
			break;
		}
		case QUEUE_NO_SHOWS:
			if (json_is_string(ticket) && time_ok(at))
				item = json_pack("{sOsO}", "ticket", ticket, "at", at);
			else
				fail(err, errsize, "%s[%zu]: expected {ticket, at}", path, i);
			break;
		case QUEUE_SLOTS: {
			const json_t *start = json_object_get(v, "start"),
				     *end = json_object_get(v, "end"),
				     *n = json_object_get(v, "booked");

			if (time_ok(start) && time_ok(end) && json_is_integer(n) &&
			    json_integer_value(n) > 0)
				item = json_pack("{sOsOsO}", "start", start, "end", end, "booked",
						 n);
			else
				fail(err, errsize, "%s[%zu]: expected {start, end, booked > 0}",
				     path, i);
			break;
		}
		}
		if (!item || json_array_append_new(out, item) < 0)
			goto err_free_out;
	}
	return out;

err_free_out:
	json_decref(out);
	return NULL;
}

/* The ticket holders' lists of category @id from the status's "queues". */
static int queues_copy(json_t *out, const json_t *queues, const char *id, char *err, size_t errsize)
{
	static const struct {
		const char *in, *out;
		enum queue_list kind;
	} lists[] = {
		{ "waiting", "queue", QUEUE_WAITING },
		{ "calls", "calls", QUEUE_CALLS },
		{ "no_shows", "no_shows", QUEUE_NO_SHOWS },
		{ "reservations", "reservations", QUEUE_SLOTS },
	};
	const json_t *q = json_object_get(queues, id);
	char path[96];

	if (q && !json_is_object(q)) {
		fail(err, errsize, "$.queues.%s: expected an object", id);
		return -1;
	}
	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		json_t *arr;

		snprintf(path, sizeof(path), "$.queues.%s.%s", id, lists[k].in);
		arr = queue_list_copy(json_object_get(q, lists[k].in), lists[k].kind, path, err,
				      errsize);
		if (!arr || json_object_set_new(out, lists[k].out, arr) < 0)
			return -1;
	}
	return 0;
}

static json_t *category_copy(const json_t *c, const json_t *queues, size_t i, char *err,
			     size_t errsize)
{
	char path[64];
	json_t *out, *name, *level, *serving = json_array();
	const json_t *wait = json_object_get(c, "wait");
	const json_t *sv = json_object_get(c, "serving");
	const json_t *last = json_object_get(c, "last_called");
	const json_t *waiting = json_object_get(c, "waiting");
	const json_t *id = json_object_get(c, "id");
	size_t k;
	const json_t *t;

	snprintf(path, sizeof(path), "$.categories[%zu]", i);
	if (!json_is_string(id) || !json_is_integer(waiting) || json_integer_value(waiting) < 0) {
		fail(err, errsize, "%s: expected id (string) and waiting (integer >= 0)", path);
		json_decref(serving);
		return NULL;
	}
	snprintf(path, sizeof(path), "$.categories[%zu].name", i);
	name = names_copy(json_object_get(c, "name"), path, err, errsize);
	snprintf(path, sizeof(path), "$.categories[%zu].level", i);
	level = name ? level_copy(json_object_get(c, "level"), path, err, errsize) : NULL;
	if (!level) {
		json_decref(name);
		json_decref(serving);
		return NULL;
	}
	json_array_foreach(sv, k, t)
	{
		if (json_is_string(t))
			json_array_append(serving, (json_t *)t);
	}
	out = json_pack("{sOsosOsososo}", "id", id, "name", name, "waiting", waiting, "now_serving",
			serving, "last_called",
			json_is_string(last) ? json_incref((json_t *)last) : json_null(), "level",
			level);
	if (json_is_object(wait)) {
		const json_t *soon = json_object_get(wait, "soon");
		const json_t *basis = json_object_get(wait, "basis");

		json_object_set_new(
			out, "wait",
			json_pack("{sososososs}", "low", nullable_int(json_object_get(wait, "low")),
				  "median", nullable_int(json_object_get(wait, "median")), "high",
				  nullable_int(json_object_get(wait, "high")), "soon",
				  json_boolean(json_is_true(soon)), "basis",
				  json_is_string(basis) ? json_string_value(basis) : "none"));
	} else {
		json_object_set_new(out, "wait",
				    json_pack("{snsnsnsbss}", "low", "median", "high", "soon", 0,
					      "basis", "none"));
	}
	if (queues_copy(out, queues, json_string_value(id), err, errsize) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static json_t *window_copy(const json_t *w, size_t i, char *err, size_t errsize)
{
	char path[64];
	const json_t *id = json_object_get(w, "id");
	const json_t *open = json_object_get(w, "open");
	const json_t *ticket = json_object_get(w, "ticket");
	const json_t *state = json_object_get(w, "state");
	json_t *label;

	snprintf(path, sizeof(path), "$.windows[%zu]", i);
	if (!json_is_string(id) || !json_is_boolean(open)) {
		fail(err, errsize, "%s: expected id (string) and open (boolean)", path);
		return NULL;
	}
	snprintf(path, sizeof(path), "$.windows[%zu].label", i);
	label = names_copy(json_object_get(w, "label"), path, err, errsize);
	if (!label)
		return NULL;
	return json_pack("{sOsosOsoso}", "id", id, "label", label, "open", open, "now_serving",
			 json_is_string(ticket) ? json_incref((json_t *)ticket) : json_null(),
			 "state",
			 json_is_string(state) ? json_incref((json_t *)state) : json_null());
}

/* "HH:MM", as the status document writes it. */
static bool hhmm_ok(const json_t *v)
{
	const char *s = json_string_value(v);

	return s && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' &&
	       s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9';
}

/* {"open", "close"} of @span (an object of the status document), or NULL. */
static json_t *span_copy(const json_t *span, const char *path, char *err, size_t errsize)
{
	const json_t *open = json_object_get(span, "open"), *close = json_object_get(span, "close");

	if (!hhmm_ok(open) || !hhmm_ok(close)) {
		fail(err, errsize, "%s: expected open and close as HH:MM", path);
		return NULL;
	}
	return json_pack("{sOsO}", "open", open, "close", close);
}

/*
 * service.today of the feed: why today has its hours (weekly, special,
 * holiday, year_end), the holiday's names, and the day's spans ([] closed).
 * NULL after an error; json null when the status document does not say.
 */
static json_t *today_copy(const json_t *service, char *err, size_t errsize)
{
	const json_t *today = json_object_get(service, "today");
	const json_t *hours = json_object_get(json_object_get(service, "hours"), "today");
	const json_t *kind = json_object_get(today, "kind"), *holiday, *spans, *v;
	json_t *out, *arr = json_array(), *span;
	size_t i;

	if (!today || json_is_null(today))
		return json_null();
	if (!json_is_string(kind)) {
		fail(err, errsize, "$.service.today.kind: expected a string");
		return NULL;
	}
	holiday = json_object_get(today, "holiday");
	spans = json_object_get(hours, "spans");
	if (json_is_array(spans)) {
		json_array_foreach(spans, i, v)
		{
			span = span_copy(v, "$.service.hours.today.spans[]", err, errsize);
			if (!span)
				goto err_free;
			json_array_append_new(arr, span);
		}
	} else if (json_is_object(hours)) {
		span = span_copy(hours, "$.service.hours.today", err, errsize);
		if (!span)
			goto err_free;
		json_array_append_new(arr, span);
	}
	out = json_pack("{sOsosO}", "kind", kind, "holiday",
			json_is_object(holiday)
				? names_copy(holiday, "$.service.today.holiday", NULL, 0)
				: json_null(),
			"hours", arr);
	json_decref(arr);
	return out;

err_free:
	json_decref(arr);
	return NULL;
}

/* service.next_opening of the feed: {date, open, close} or null. */
static json_t *next_copy(const json_t *service, char *err, size_t errsize)
{
	const json_t *next = json_object_get(json_object_get(service, "hours"), "next");
	const json_t *date = json_object_get(next, "date");
	json_t *span;

	if (!next || json_is_null(next))
		return json_null();
	if (!json_is_string(date) || json_string_length(date) != 10) {
		fail(err, errsize, "$.service.hours.next.date: expected YYYY-MM-DD");
		return NULL;
	}
	span = span_copy(next, "$.service.hours.next", err, errsize);
	if (span) {
		const json_t *closed = json_object_get(next, "closed_before");

		json_object_set(span, "date", (json_t *)date);
		json_object_set_new(
			span, "closed_before",
			json_integer(json_is_integer(closed) && json_integer_value(closed) > 0
					     ? json_integer_value(closed)
					     : 0));
	}
	return span;
}

json_t *feeddoc_status(const json_t *status, int64_t now_ms, int offset_min, int ttl_s, char *err,
		       size_t errsize)
{
	char when[32];
	const json_t *office = json_object_get(status, "office");
	const json_t *service = json_object_get(status, "service");
	const json_t *seq = json_object_get(status, "seq");
	const json_t *cats = json_object_get(status, "categories");
	const json_t *wins = json_object_get(status, "windows");
	const json_t *occ = json_object_get(status, "occupancy");
	const json_t *queues = json_object_get(status, "queues");
	const json_t *sstatus, *notice, *id, *v;
	const char *word;
	json_t *doc, *names, *level, *arr, *item, *svc, *today, *next;
	size_t i;

	if (!json_is_object(status)) {
		fail(err, errsize, "$: expected an object");
		return NULL;
	}
	if (!json_is_integer(seq) || json_integer_value(seq) < 0) {
		fail(err, errsize, "$.seq: expected an integer >= 0");
		return NULL;
	}
	id = json_object_get(office, "id");
	if (!json_is_string(id) || json_string_length(id) == 0) {
		fail(err, errsize, "$.office.id: expected a non-empty string");
		return NULL;
	}
	sstatus = json_object_get(service, "status");
	word = json_is_string(sstatus) ? service_word(json_string_value(sstatus)) : NULL;
	if (!word) {
		fail(err, errsize, "$.service.status: expected open, closed or suspended");
		return NULL;
	}
	if (!json_is_array(cats) || !json_is_array(wins)) {
		fail(err, errsize, "$.categories, $.windows: expected arrays");
		return NULL;
	}
	if (queues && !json_is_object(queues)) {
		fail(err, errsize, "$.queues: expected an object");
		return NULL;
	}
	names = names_copy(json_object_get(office, "name"), "$.office.name", err, errsize);
	if (!names)
		return NULL;
	level = level_copy(json_object_get(status, "level"), "$.level", err, errsize);
	if (!level) {
		json_decref(names);
		return NULL;
	}
	today = today_copy(service, err, errsize);
	next = today ? next_copy(service, err, errsize) : NULL;
	if (!next) {
		json_decref(today);
		json_decref(names);
		json_decref(level);
		return NULL;
	}

	civil_iso8601(now_ms, offset_min, when, sizeof(when));
	svc = json_pack("{ss}", "status", word);
	notice = json_object_get(service, "notice");
	if (json_is_object(notice) && json_is_string(json_object_get(notice, "ja")) &&
	    json_string_length(json_object_get(notice, "ja")) > 0)
		json_object_set_new(svc, "note", names_copy(notice, "$.service.notice", NULL, 0));
	else
		json_object_set_new(svc, "note", json_null());
	json_object_set_new(svc, "today", today);
	json_object_set_new(svc, "next_opening", next);

	doc = json_pack("{sssssisIs{sOso}soso}", "version", FEEDDOC_VERSION, "last_updated", when,
			"ttl", ttl_s, "seq", (json_int_t)json_integer_value(seq), "office", "id",
			id, "name", names, "service", svc, "level", level);
	if (!doc)
		return NULL;

	arr = json_array();
	json_array_foreach(cats, i, v)
	{
		item = category_copy(v, queues, i, err, errsize);
		if (!item)
			goto err_free_doc;
		json_array_append_new(arr, item);
	}
	json_object_set_new(doc, "categories", arr);
	arr = NULL;

	arr = json_array();
	json_array_foreach(wins, i, v)
	{
		item = window_copy(v, i, err, errsize);
		if (!item)
			goto err_free_doc;
		json_array_append_new(arr, item);
	}
	json_object_set_new(doc, "windows", arr);
	arr = NULL;

	if (json_is_object(occ)) {
		const json_t *count = json_object_get(occ, "count");
		json_t *olevel = level_copy(json_object_get(occ, "level"), "$.occupancy.level", err,
					    errsize);

		if (!json_is_integer(count) || !olevel) {
			if (olevel)
				fail(err, errsize, "$.occupancy.count: expected an integer");
			json_decref(olevel);
			goto err_free_doc;
		}
		json_object_set_new(
			doc, "occupancy",
			json_pack("{sOsososo}", "count", count, "capacity",
				  nullable_int(json_object_get(occ, "capacity")), "percent",
				  nullable_int(json_object_get(occ, "percent")), "level", olevel));
	} else {
		json_object_set_new(doc, "occupancy", json_null());
	}
	return doc;

err_free_doc:
	json_decref(arr);
	json_decref(doc);
	return NULL;
}

json_t *feeddoc_discovery(const char *base, const char *office_id, int64_t now_ms, int offset_min,
			  int ttl_s, int ngsi)
{
	static const char *const files[][2] = {
		{ "status", "status.json" },
		{ "forecast", "forecast.json" },
		{ "history", "history/" },
		{ "ngsi", "ngsi.json" },
	};
	char when[32], url[1024];
	json_t *list = json_array();

	civil_iso8601(now_ms, offset_min, when, sizeof(when));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (strcmp(files[i][0], "ngsi") == 0 && !ngsi)
			continue;
		snprintf(url, sizeof(url), "%s%s", base, files[i][1]);
		json_array_append_new(list, json_pack("{ssss}", "name", files[i][0], "url", url));
	}
	return json_pack("{sssssiss s{so}}", "version", FEEDDOC_VERSION, "last_updated", when,
			 "ttl", ttl_s, "office_id", office_id, "data", "files", list);
}

/* @x to 3 decimals, without libm. */
static double round3(double x)
{
	return x >= 0 ? (double)(long)(x * 1000 + 0.5) / 1000
		      : -(double)(long)(-x * 1000 + 0.5) / 1000;
}

static const char *const forecast_days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* The slots of weekday @d with their waiting counts and waits times @factor,
 * scored against the usual busiest slot (so above 100 when busier). */
static json_t *forecast_slots(const struct forecast *fc, int d, double factor)
{
	json_t *slots = json_array();

	for (int k = 0; slots && k < FORECAST_SLOTS; k++) {
		const struct forecast_slot *s = &fc->slot[d][k];
		double waiting = s->waiting * factor;
		char hhmm[24];

		if (s->score < 0)
			continue;
		snprintf(hhmm, sizeof(hhmm), "%02d:%02d", k * FORECAST_SLOT_MINUTES / 60,
			 k * FORECAST_SLOT_MINUTES % 60);
		json_array_append_new(
			slots,
			json_pack(
				"{sssisfsosi}", "start", hhmm, "score",
				factor == 1.0  ? s->score
				: fc->peak > 0 ? (int)(100.0 * waiting / fc->peak + 0.5)
					       : 0,
				"waiting", (double)(int)(waiting * 10 + 0.5) / 10, "wait_minutes",
				s->wait_minutes >= 0
					? json_integer((json_int_t)(s->wait_minutes * factor + 0.5))
					: json_null(),
				"weeks", s->weeks));
	}
	return slots;
}

/* The coming dates, today first. */
static json_t *forecast_dates(const struct forecast *fc, const struct config *cfg, int32_t date)
{
	json_t *arr = json_array();

	for (int i = 0; arr && i < FEEDDOC_FORECAST_DATES; i++, date = civil_next_day(date)) {
		struct forecast_day d;
		char iso[16];
		json_t *after = json_null();

		forecast_day_get(fc, cfg, date, &d);
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", date / 10000, date / 100 % 100,
			 date % 100);
		if (d.after_closure)
			after = json_pack("{sisisfss}", "closed_days", d.closed_days, "extra_days",
					  d.extra_days, "factor",
					  (double)(int)(d.factor * 100 + 0.5) / 100, "basis",
					  fc->after_days > 0 ? "history" : "default");
		json_array_append_new(
			arr,
			json_pack("{sssssbsoso}", "date", iso, "weekday", forecast_days[d.weekday],
				  "open", d.open, "after_closure", after, "slots",
				  d.open ? forecast_slots(fc, d.weekday, d.factor) : json_array()));
	}
	return arr;
}

json_t *feeddoc_forecast(const struct forecast *fc, const struct config *cfg, const char *office_id,
			 int64_t now_ms, int offset_min, int ttl_s)
{
	char when[32], from[32];
	json_t *week = json_object();
	struct civil today;

	civil_iso8601(now_ms, offset_min, when, sizeof(when));
	civil_iso8601(fc->from_ms, offset_min, from, sizeof(from));
	civil_from_ms(now_ms, offset_min, &today);
	for (int d = 0; week && d < 7; d++)
		json_object_set_new(week, forecast_days[d], forecast_slots(fc, d, 1.0));
	return json_pack("{sssssisssis{sssisis{sisf}}soso}", "version", FEEDDOC_VERSION,
			 "last_updated", when, "ttl", ttl_s, "office_id", office_id, "slot_minutes",
			 FORECAST_SLOT_MINUTES, "basis", "from", from, "weeks", fc->weeks,
			 "samples", fc->n_samples, "after_closure", "days", fc->after_days,
			 "per_day", round3(fc->after_per_day), "days", week, "dates",
			 forecast_dates(fc, cfg, today.yyyymmdd));
}

static json_t *queue_time(const struct office *o, int64_t ms)
{
	char buf[32];

	civil_iso8601(ms, o->cfg->utc_offset_minutes, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *queue_band_item(const struct office_ticket *t, const struct wait_band *w)
{
	if (w->basis == WAIT_BASIS_NONE)
		return json_pack("{sssnsnsn}", "ticket", t->label, "low", "median", "high");
	return json_pack("{sssisisi}", "ticket", t->label, "low", w->low, "median", w->median,
			 "high", w->high);
}

/* The latest first calls of category @c (newest first), at most FEEDDOC_CALLS_MAX. */
static json_t *queue_calls(const struct office *o, int c)
{
	int picked[FEEDDOC_CALLS_MAX];
	int n = 0;
	json_t *arr = json_array();

	/* Insertion by called_at, newest first; tickets are few per category. */
	for (int i = 0; i < o->n_tickets; i++) {
		const struct office_ticket *t = &o->tickets[i];
		int k;

		if (t->category != c || t->called_at == 0 || t->window < 0)
			continue;
		for (k = n; k > 0 && o->tickets[picked[k - 1]].called_at < t->called_at; k--) {
			if (k < FEEDDOC_CALLS_MAX)
				picked[k] = picked[k - 1];
		}
		if (k < FEEDDOC_CALLS_MAX) {
			picked[k] = i;
			if (n < FEEDDOC_CALLS_MAX)
				n++;
		}
	}
	for (int k = 0; arr && k < n; k++) {
		const struct office_ticket *t = &o->tickets[picked[k]];

		json_array_append_new(arr, json_pack("{ssssso}", "ticket", t->label, "window",
						     o->cfg->windows[t->window].id, "at",
						     queue_time(o, t->called_at)));
	}
	return arr;
}

/* Today's no-shows of category @c, newest first, at most FEEDDOC_NO_SHOWS_MAX. */
static json_t *queue_no_shows(const struct office *o, int c)
{
	json_t *arr = json_array();
	int n = 0;

	for (int i = o->n_tickets - 1; arr && i >= 0 && n < FEEDDOC_NO_SHOWS_MAX; i--) {
		const struct office_ticket *t = &o->tickets[i];

		if (t->category != c || t->state != TICKET_NO_SHOW)
			continue;
		json_array_append_new(arr, json_pack("{ssso}", "ticket", t->label, "at",
						     queue_time(o, t->ended_at)));
		n++;
	}
	return arr;
}

/* Booked reservations of category @c not yet checked in whose slot has not
 * ended, counted per slot in slot order: no id, no name. */
static json_t *queue_slots(const struct office *o, int c, int64_t now)
{
	struct {
		int64_t start, end;
		int booked;
	} slot[FEEDDOC_SLOTS_MAX];
	int n = 0;
	json_t *arr;

	for (int i = 0; i < o->n_reservations; i++) {
		const struct office_reservation *r = &o->reservations[i];
		int k;

		if (r->category != c || r->state != RESERVATION_BOOKED || r->slot_end <= now)
			continue;
		for (k = 0; k < n; k++) {
			if (slot[k].start == r->slot_start && slot[k].end == r->slot_end)
				break;
		}
		if (k == n) {
			if (n == FEEDDOC_SLOTS_MAX)
				continue;
			/* keep slot[] sorted by start, then end */
			for (k = n; k > 0 && (slot[k - 1].start > r->slot_start ||
					      (slot[k - 1].start == r->slot_start &&
					       slot[k - 1].end > r->slot_end));
			     k--)
				slot[k] = slot[k - 1];
			slot[k].start = r->slot_start;
			slot[k].end = r->slot_end;
			slot[k].booked = 0;
			n++;
		}
		slot[k].booked++;
	}
	arr = json_array();
	for (int k = 0; arr && k < n; k++)
		json_array_append_new(
			arr, json_pack("{sososi}", "start", queue_time(o, slot[k].start), "end",
				       queue_time(o, slot[k].end), "booked", slot[k].booked));
	return arr;
}

json_t *feeddoc_queues(const struct office *o, const struct ticket_band *tickets, int n,
		       int64_t now)
{
	json_t *out = json_object();

	for (int c = 0; out && c < o->cfg->n_categories; c++) {
		json_t *waiting = json_array();

		for (int k = 0; waiting && k < n; k++) {
			const struct ticket_band *tb = &tickets[k];

			if (tb->category != c || tb->ticket < 0 || tb->ticket >= o->n_tickets ||
			    o->tickets[tb->ticket].state != TICKET_WAITING)
				continue;
			json_array_append_new(waiting,
					      queue_band_item(&o->tickets[tb->ticket], &tb->band));
		}
		if (json_object_set_new(out, o->cfg->categories[c].id,
					json_pack("{sosososo}", "waiting", waiting, "calls",
						  queue_calls(o, c), "no_shows",
						  queue_no_shows(o, c), "reservations",
						  queue_slots(o, c, now))) < 0) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}
