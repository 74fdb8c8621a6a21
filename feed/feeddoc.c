/* SPDX-License-Identifier: MIT */
#include "feed/feeddoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/civil.h"

static void fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || errsize == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

/* Text per language: ja (required) and en (when present). */
static json_t *names_copy(const json_t *names, const char *path, char *err, size_t errsize)
{
	const json_t *ja = json_object_get(names, "ja");
	const json_t *en = json_object_get(names, "en");
	json_t *out;

	if (!json_is_object(names) || !json_is_string(ja)) {
		fail(err, errsize, "%s.ja: expected a string", path);
		return NULL;
	}
	out = json_object();
	json_object_set(out, "ja", (json_t *)ja);
	if (json_is_string(en))
		json_object_set(out, "en", (json_t *)en);
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

static json_t *category_copy(const json_t *c, size_t i, char *err, size_t errsize)
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
		item = category_copy(v, i, err, errsize);
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

json_t *feeddoc_forecast(const struct forecast *fc, const char *office_id, int64_t now_ms,
			 int offset_min, int ttl_s)
{
	static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	char when[32], from[32];
	json_t *week = json_object();

	civil_iso8601(now_ms, offset_min, when, sizeof(when));
	civil_iso8601(fc->from_ms, offset_min, from, sizeof(from));
	for (int d = 0; d < 7; d++) {
		json_t *slots = json_array();

		for (int k = 0; k < FORECAST_SLOTS; k++) {
			const struct forecast_slot *s = &fc->slot[d][k];
			char hhmm[24];

			if (s->score < 0)
				continue;
			snprintf(hhmm, sizeof(hhmm), "%02d:%02d", k * FORECAST_SLOT_MINUTES / 60,
				 k * FORECAST_SLOT_MINUTES % 60);
			json_array_append_new(
				slots,
				json_pack(
					"{sssisfsosi}", "start", hhmm, "score", s->score, "waiting",
					(double)(int)(s->waiting * 10 + 0.5) / 10, "wait_minutes",
					s->wait_minutes >= 0
						? json_integer((json_int_t)(s->wait_minutes + 0.5))
						: json_null(),
					"weeks", s->weeks));
		}
		json_object_set_new(week, days[d], slots);
	}
	return json_pack("{sssssisssis{sssisi}so}", "version", FEEDDOC_VERSION, "last_updated",
			 when, "ttl", ttl_s, "office_id", office_id, "slot_minutes",
			 FORECAST_SLOT_MINUTES, "basis", "from", from, "weeks", fc->weeks,
			 "samples", fc->n_samples, "days", week);
}
