/* SPDX-License-Identifier: MIT */
#include "daemon/evjson.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

#define EVJSON_MS_MAX INT64_C(253402300799999) /* 9999-12-31T23:59:59.999Z */

/* Fields a type carries. OPT_ fields may be absent. */
enum {
	F_DAY = 1 << 0,
	F_WINDOW = 1 << 1,
	F_CATEGORY = 1 << 2,
	F_NUMBER = 1 << 3,
	F_TICKET = 1 << 4,
	F_RESERVATION = 1 << 5,
	F_OPT_RESERVATION = 1 << 6,
	F_SLOTS = 1 << 7,
	F_OPEN = 1 << 8,
	F_OPT_OPEN = 1 << 9,
	F_OPT_CATEGORIES = 1 << 10,
	F_TEXT = 1 << 11,
	F_SERVICE = 1 << 12,
	F_COUNT = 1 << 13,
	F_SENSOR = 1 << 14,
	F_OPT_WAIT = 1 << 15,
};

static const unsigned evjson_fields[EVENT_TYPE_COUNT] = {
	[EVENT_DAY_OPEN] = F_DAY,
	[EVENT_DAY_CLOSE] = F_DAY,
	[EVENT_TICKET_ISSUE] = F_CATEGORY | F_NUMBER | F_OPT_RESERVATION | F_OPT_WAIT,
	[EVENT_TICKET_CALL] = F_WINDOW | F_TICKET,
	[EVENT_TICKET_RECALL] = F_WINDOW,
	[EVENT_TICKET_SERVE] = F_WINDOW,
	[EVENT_TICKET_DONE] = F_WINDOW,
	[EVENT_TICKET_NO_SHOW] = F_WINDOW,
	[EVENT_TICKET_CANCEL] = F_TICKET,
	[EVENT_RESERVATION_BOOK] = F_RESERVATION | F_CATEGORY | F_SLOTS,
	[EVENT_RESERVATION_CANCEL] = F_RESERVATION,
	[EVENT_RESERVATION_EXPIRE] = F_RESERVATION,
	[EVENT_WINDOW_SET] = F_WINDOW | F_OPT_OPEN | F_OPT_CATEGORIES,
	[EVENT_NOTICE_SET] = F_TEXT,
	[EVENT_SERVICE_SET] = F_SERVICE,
	[EVENT_DOOR] = F_OPEN,
	[EVENT_PEOPLE] = F_COUNT,
	[EVENT_OCCUPANCY_RESET] = F_COUNT,
	[EVENT_SENSOR] = F_SENSOR,
};

bool evjson_time_ok(int64_t ms, int offset_min)
{
	struct civil c;

	if (ms < 0 || ms > EVJSON_MS_MAX)
		return false;
	civil_from_ms(ms, offset_min, &c);
	return c.year <= 9999;
}

bool evjson_event_times_ok(const struct event *ev, int offset_min)
{
	if (!evjson_time_ok(ev->at, offset_min))
		return false;
	if ((unsigned)ev->type < EVENT_TYPE_COUNT && (evjson_fields[ev->type] & F_SLOTS))
		return evjson_time_ok(ev->slot_start, offset_min) &&
		       evjson_time_ok(ev->slot_end, offset_min);
	return true;
}

void evjson_format_time(int64_t ms, int offset_min, char *buf, size_t size)
{
	struct civil c;
	int off = offset_min < 0 ? -offset_min : offset_min;

	civil_from_ms(ms, offset_min, &c);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", c.year, c.month, c.day,
		 c.hour, c.minute, c.second, c.ms, offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

static void evjson_format_day(int32_t day, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d", (int)(day / 10000), (int)(day / 100 % 100),
		 (int)(day % 100));
}

/* json_object_set_new() that tracks failure in *@ok. */
static void evjson_set(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (!value || json_object_set_new(obj, key, value) < 0)
		*ok = false;
}

json_t *evjson_to_json(const struct event *ev, int offset_min)
{
	unsigned f;
	char buf[40];
	bool ok = true;
	json_t *obj;

	if ((unsigned)ev->type >= EVENT_TYPE_COUNT)
		return NULL;
	f = evjson_fields[ev->type];
	obj = json_object();
	if (!obj)
		return NULL;
	evjson_set(obj, "type", json_string(event_type_name(ev->type)), &ok);
	evjson_set(obj, "at", json_integer(ev->at), &ok);
	evjson_format_time(ev->at, offset_min, buf, sizeof(buf));
	evjson_set(obj, "time", json_string(buf), &ok);
	if (f & F_DAY) {
		evjson_format_day(ev->day, buf, sizeof(buf));
		evjson_set(obj, "day", json_string(buf), &ok);
	}
	if (f & F_WINDOW)
		evjson_set(obj, "window", json_string(ev->window), &ok);
	if (f & F_CATEGORY)
		evjson_set(obj, "category", json_string(ev->category), &ok);
	if (f & F_NUMBER)
		evjson_set(obj, "number", json_integer(ev->number), &ok);
	if (f & F_TICKET)
		evjson_set(obj, "ticket", json_string(ev->ticket), &ok);
	if ((f & F_RESERVATION) || ((f & F_OPT_RESERVATION) && ev->reservation[0]))
		evjson_set(obj, "reservation", json_string(ev->reservation), &ok);
	if ((f & F_OPT_WAIT) && ev->has_wait)
		evjson_set(obj, "wait",
			   json_pack("{s:i, s:i, s:i, s:b}", "low", ev->wait_low, "median",
				     ev->wait_median, "high", ev->wait_high, "soon", ev->wait_soon),
			   &ok);
	if (f & F_SLOTS) {
		evjson_set(obj, "slot_start", json_integer(ev->slot_start), &ok);
		evjson_set(obj, "slot_end", json_integer(ev->slot_end), &ok);
	}
	if ((f & F_OPEN) || ((f & F_OPT_OPEN) && ev->has_open))
		evjson_set(obj, "open", json_boolean(ev->open), &ok);
	if ((f & F_OPT_CATEGORIES) && ev->has_categories) {
		json_t *arr = json_array();

		for (int i = 0; arr && i < ev->n_categories; i++) {
			if (json_array_append_new(arr, json_string(ev->categories[i])) < 0)
				ok = false;
		}
		evjson_set(obj, "categories", arr, &ok);
	}
	if (f & F_TEXT) {
		json_t *text = json_object();

		for (int l = 0; text && l < LANG_COUNT; l++) {
			if (ev->text[l][0])
				evjson_set(text, lang_code(l), json_string(ev->text[l]), &ok);
		}
		evjson_set(obj, "text", text, &ok);
	}
	if (f & F_SERVICE)
		evjson_set(
			obj, "service",
			json_string(ev->service == EVENT_SERVICE_SUSPENDED ? "suspended" : "open"),
			&ok);
	if (f & F_COUNT)
		evjson_set(obj, "count", json_integer(ev->count), &ok);
	if (f & F_SENSOR) {
		evjson_set(obj, "sensor", json_string(ev->sensor), &ok);
		evjson_set(obj, "ok", json_boolean(ev->ok), &ok);
	}
	if (!ok) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

char *evjson_encode(const struct event *ev, int offset_min)
{
	json_t *obj = evjson_to_json(ev, offset_min);
	char *s;

	if (!obj)
		return NULL;
	s = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(obj);
	return s;
}

static int evjson_fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int evjson_fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* A required (or, with @optional, possibly absent) string member into @out. */
static int evjson_get_string(const json_t *obj, const char *key, char *out, size_t size,
			     bool optional, char *err, size_t errsize)
{
	json_t *v = json_object_get(obj, key);
	const char *s;

	if (!v) {
		if (optional)
			return 0;
		return evjson_fail(err, errsize, "$.%s: missing", key);
	}
	if (!json_is_string(v))
		return evjson_fail(err, errsize, "$.%s: expected a string", key);
	s = json_string_value(v);
	if (json_string_length(v) != strlen(s))
		return evjson_fail(err, errsize, "$.%s: contains a NUL character", key);
	if (strlen(s) >= size)
		return evjson_fail(err, errsize, "$.%s: longer than %zu bytes", key, size - 1);
	if (!optional && !s[0])
		return evjson_fail(err, errsize, "$.%s: empty", key);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

static int evjson_get_int(const json_t *obj, const char *key, int64_t min, int64_t max,
			  int64_t *out, char *err, size_t errsize)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return evjson_fail(err, errsize, "$.%s: missing", key);
	if (!json_is_integer(v))
		return evjson_fail(err, errsize, "$.%s: expected an integer", key);
	*out = json_integer_value(v);
	if (*out < min || *out > max)
		return evjson_fail(err, errsize, "$.%s: %" PRId64 " is out of range", key, *out);
	return 0;
}

static int evjson_get_bool(const json_t *obj, const char *key, bool *out, char *err, size_t errsize)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return evjson_fail(err, errsize, "$.%s: missing", key);
	if (!json_is_boolean(v))
		return evjson_fail(err, errsize, "$.%s: expected true or false", key);
	*out = json_is_true(v);
	return 0;
}

/* "YYYY-MM-DD" of a real date into YYYYMMDD. */
static int evjson_parse_day(const char *s, int32_t *day)
{
	int y, m, d;
	char tail;
	struct civil c;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > 31 || y < 1970)
		return -1;
	*day = y * 10000 + m * 100 + d;
	civil_from_ms(civil_to_ms(*day, 0, 0), 0, &c);
	return c.yyyymmdd == *day ? 0 : -1;
}

static const char *const evjson_known[] = {
	"type",	   "at",	  "time",	"day",	    "window", "category",   "number",
	"ticket",  "reservation", "slot_start", "slot_end", "open",   "categories", "text",
	"service", "count",	  "sensor",	"ok",	    "wait",
};

/* Whether @key belongs to an event with fields @f. */
static bool evjson_key_allowed(const char *key, unsigned f)
{
	static const struct {
		const char *key;
		unsigned mask;
	} map[] = {
		{ "day", F_DAY },
		{ "window", F_WINDOW },
		{ "category", F_CATEGORY },
		{ "number", F_NUMBER },
		{ "ticket", F_TICKET },
		{ "reservation", F_RESERVATION | F_OPT_RESERVATION },
		{ "slot_start", F_SLOTS },
		{ "slot_end", F_SLOTS },
		{ "open", F_OPEN | F_OPT_OPEN },
		{ "categories", F_OPT_CATEGORIES },
		{ "text", F_TEXT },
		{ "service", F_SERVICE },
		{ "count", F_COUNT },
		{ "sensor", F_SENSOR },
		{ "ok", F_SENSOR },
		{ "wait", F_OPT_WAIT },
	};

	if (!strcmp(key, "type") || !strcmp(key, "at") || !strcmp(key, "time"))
		return true;
	/* The first letter first: every line is checked, key by key. */
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (key[0] == map[i].key[0] && !strcmp(key, map[i].key))
			return (f & map[i].mask) != 0;
	}
	return false;
}

static int evjson_get_categories(const json_t *obj, struct event *ev, char *err, size_t errsize)
{
	json_t *arr = json_object_get(obj, "categories");
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return evjson_fail(err, errsize, "$.categories: expected an array");
	if (json_array_size(arr) > CONFIG_MAX_CATEGORIES)
		return evjson_fail(err, errsize, "$.categories: more than %d entries",
				   CONFIG_MAX_CATEGORIES);
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);

		if (!s)
			return evjson_fail(err, errsize, "$.categories[%zu]: expected a string", i);
		if (!s[0] || strlen(s) >= CONFIG_ID_MAX || json_string_length(v) != strlen(s))
			return evjson_fail(err, errsize, "$.categories[%zu]: not a category id", i);
		memcpy(ev->categories[i], s, strlen(s) + 1);
	}
	ev->has_categories = true;
	ev->n_categories = (int)json_array_size(arr);
	return 0;
}

/* "wait": {"low": L, "median": M, "high": H, "soon": S}, 0 <= L <= M <= H. */
static int evjson_get_wait(const json_t *obj, struct event *ev, char *err, size_t errsize)
{
	static const char *const keys[] = { "low", "median", "high", "soon" };
	json_t *w = json_object_get(obj, "wait");
	int64_t v[3];
	const char *key;
	json_t *m;

	if (!json_is_object(w))
		return evjson_fail(err, errsize, "$.wait: expected an object");
	json_object_foreach(w, key, m)
	{
		bool known = false;

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			known = known || !strcmp(key, keys[i]);
		if (!known)
			return evjson_fail(err, errsize, "$.wait.%s: unknown field", key);
	}
	for (int i = 0; i < 3; i++) {
		json_t *x = json_object_get(w, keys[i]);

		if (!json_is_integer(x))
			return evjson_fail(err, errsize, "$.wait.%s: expected an integer", keys[i]);
		v[i] = json_integer_value(x);
		if (v[i] < 0 || v[i] > 100000)
			return evjson_fail(err, errsize, "$.wait.%s: %" PRId64 " is out of range",
					   keys[i], v[i]);
	}
	if (v[0] > v[1] || v[1] > v[2])
		return evjson_fail(err, errsize, "$.wait: expected low <= median <= high");
	m = json_object_get(w, "soon");
	if (!json_is_boolean(m))
		return evjson_fail(err, errsize, "$.wait.soon: expected true or false");
	ev->has_wait = true;
	ev->wait_low = (int)v[0];
	ev->wait_median = (int)v[1];
	ev->wait_high = (int)v[2];
	ev->wait_soon = json_is_true(m);
	return 0;
}

static int evjson_get_text(const json_t *obj, struct event *ev, char *err, size_t errsize)
{
	json_t *text = json_object_get(obj, "text");
	const char *key;
	json_t *v;

	if (!text)
		return evjson_fail(err, errsize, "$.text: missing");
	if (!json_is_object(text))
		return evjson_fail(err, errsize, "$.text: expected an object");
	json_object_foreach(text, key, v)
	{
		int l = lang_from_code(key);
		const char *s = json_string_value(v);

		if (l < 0)
			return evjson_fail(err, errsize, "$.text.%s: unknown language", key);
		if (!s)
			return evjson_fail(err, errsize, "$.text.%s: expected a string", key);
		if (strlen(s) >= CONFIG_TEXT_MAX || json_string_length(v) != strlen(s))
			return evjson_fail(err, errsize, "$.text.%s: longer than %d bytes", key,
					   CONFIG_TEXT_MAX - 1);
		memcpy(ev->text[l], s, strlen(s) + 1);
	}
	return 0;
}

int evjson_from_json(const json_t *obj, struct event *ev, char *err, size_t errsize)
{
	const char *key;
	json_t *v;
	char type[40];
	int t;
	unsigned f;
	int64_t n;

	if (!json_is_object(obj))
		return evjson_fail(err, errsize, "$: expected an object");
	if (evjson_get_string(obj, "type", type, sizeof(type), false, err, errsize) < 0)
		return -1;
	t = event_type_from_name(type);
	if (t < 0)
		return evjson_fail(err, errsize, "$.type: unknown event type \"%s\"", type);
	f = evjson_fields[t];
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!evjson_key_allowed(key, f)) {
			bool known = false;

			for (size_t i = 0; i < sizeof(evjson_known) / sizeof(evjson_known[0]); i++)
				known = known || !strcmp(key, evjson_known[i]);
			return evjson_fail(err, errsize, "$.%s: %s", key,
					   known ? "not a field of this event type"
						 : "unknown field");
		}
	}
	if (evjson_get_int(obj, "at", 0, EVJSON_MS_MAX, &n, err, errsize) < 0)
		return -1;
	event_init(ev, (enum event_type)t, n);
	v = json_object_get(obj, "time");
	if (v) {
		int64_t ms;

		if (!json_is_string(v) || civil_parse_iso8601(json_string_value(v), &ms) < 0)
			return evjson_fail(err, errsize, "$.time: expected an ISO 8601 time");
		if (ms != ev->at)
			return evjson_fail(err, errsize, "$.time: does not match $.at");
	}
	if (f & F_DAY) {
		char day[16];

		if (evjson_get_string(obj, "day", day, sizeof(day), false, err, errsize) < 0)
			return -1;
		if (evjson_parse_day(day, &ev->day) < 0)
			return evjson_fail(err, errsize, "$.day: expected a date YYYY-MM-DD");
	}
	if ((f & F_WINDOW) && evjson_get_string(obj, "window", ev->window, sizeof(ev->window),
						false, err, errsize) < 0)
		return -1;
	if ((f & F_CATEGORY) && evjson_get_string(obj, "category", ev->category,
						  sizeof(ev->category), false, err, errsize) < 0)
		return -1;
	if (f & F_NUMBER) {
		if (evjson_get_int(obj, "number", 0, 999999, &n, err, errsize) < 0)
			return -1;
		ev->number = (int)n;
	}
	if ((f & F_TICKET) && evjson_get_string(obj, "ticket", ev->ticket, sizeof(ev->ticket),
						false, err, errsize) < 0)
		return -1;
	if ((f & (F_RESERVATION | F_OPT_RESERVATION)) &&
	    evjson_get_string(obj, "reservation", ev->reservation, sizeof(ev->reservation),
			      !(f & F_RESERVATION), err, errsize) < 0)
		return -1;
	if (f & F_SLOTS) {
		if (evjson_get_int(obj, "slot_start", 0, EVJSON_MS_MAX, &ev->slot_start, err,
				   errsize) < 0 ||
		    evjson_get_int(obj, "slot_end", 0, EVJSON_MS_MAX, &ev->slot_end, err, errsize) <
			    0)
			return -1;
	}
	if (f & (F_OPEN | F_OPT_OPEN)) {
		if ((f & F_OPEN) || json_object_get(obj, "open")) {
			if (evjson_get_bool(obj, "open", &ev->open, err, errsize) < 0)
				return -1;
			ev->has_open = (f & F_OPT_OPEN) != 0;
		}
	}
	if ((f & F_OPT_WAIT) && json_object_get(obj, "wait") &&
	    evjson_get_wait(obj, ev, err, errsize) < 0)
		return -1;
	if ((f & F_OPT_CATEGORIES) && json_object_get(obj, "categories") &&
	    evjson_get_categories(obj, ev, err, errsize) < 0)
		return -1;
	if ((f & F_TEXT) && evjson_get_text(obj, ev, err, errsize) < 0)
		return -1;
	if (f & F_SERVICE) {
		char s[16];

		if (evjson_get_string(obj, "service", s, sizeof(s), false, err, errsize) < 0)
			return -1;
		if (!strcmp(s, "open"))
			ev->service = EVENT_SERVICE_OPEN;
		else if (!strcmp(s, "suspended"))
			ev->service = EVENT_SERVICE_SUSPENDED;
		else
			return evjson_fail(err, errsize,
					   "$.service: expected \"open\" or \"suspended\"");
	}
	if (f & F_COUNT) {
		if (evjson_get_int(obj, "count", -1000000, 1000000, &n, err, errsize) < 0)
			return -1;
		ev->count = (int)n;
	}
	if (f & F_SENSOR) {
		if (evjson_get_string(obj, "sensor", ev->sensor, sizeof(ev->sensor), false, err,
				      errsize) < 0 ||
		    evjson_get_bool(obj, "ok", &ev->ok, err, errsize) < 0)
			return -1;
	}
	return 0;
}

/*
 * The fast path for lines as evjson_encode() writes them: one compact object
 * of plain ASCII strings without escapes, whole numbers, booleans and the
 * "wait" object. It fills @ev only when the line is valid and would give the
 * same event through Jansson; anything else (another shape, or an error) goes
 * the Jansson way, which gives the errors. A report reads a year of lines.
 */
enum flat_kind {
	FLAT_STR,
	FLAT_INT,
	FLAT_BOOL,
	FLAT_WAIT
};

struct flat_member {
	const char *key;
	size_t klen;
	enum flat_kind kind;
	const char *s; /* FLAT_STR: the bytes between the quotes */
	size_t slen;
	int64_t i;
	bool b;
	int64_t w[3]; /* FLAT_WAIT: low, median, high */
	bool wsoon;
};

#define FLAT_MAX 16

/* A string without escapes, control or non-ASCII bytes at *@p; advances *@p. */
static bool flat_string(const char **p, const char *end, const char **s, size_t *n)
{
	const char *q = *p;

	if (q >= end || *q != '"')
		return false;
	*s = ++q;
	while (q < end && *q != '"') {
		unsigned char c = (unsigned char)*q;

		if (c == '\\' || c < 0x20 || c >= 0x80)
			return false;
		q++;
	}
	if (q >= end)
		return false;
	*n = (size_t)(q - *s);
	*p = q + 1;
	return true;
}

/* A JSON integer (no fraction, no exponent, no leading zero), at most 17 digits. */
static bool flat_int(const char **p, const char *end, int64_t *out)
{
	const char *q = *p;
	bool neg = false;
	int64_t v = 0;
	int digits = 0;

	if (q < end && *q == '-') {
		neg = true;
		q++;
	}
	if (q >= end || *q < '0' || *q > '9' ||
	    (*q == '0' && q + 1 < end && q[1] >= '0' && q[1] <= '9'))
		return false;
	while (q < end && *q >= '0' && *q <= '9') {
		if (++digits > 17)
			return false;
		v = v * 10 + (*q - '0');
		q++;
	}
	if (q < end && (*q == '.' || *q == 'e' || *q == 'E'))
		return false;
	*out = neg ? -v : v;
	*p = q;
	return true;
}

static bool flat_bool(const char **p, const char *end, bool *out)
{
	if (end - *p >= 4 && !memcmp(*p, "true", 4)) {
		*out = true;
		*p += 4;
		return true;
	}
	if (end - *p >= 5 && !memcmp(*p, "false", 5)) {
		*out = false;
		*p += 5;
		return true;
	}
	return false;
}

static bool flat_key_is(const struct flat_member *m, const char *key)
{
	return m->klen == strlen(key) && !memcmp(m->key, key, m->klen);
}

/* "wait": {"low":L,"median":M,"high":H,"soon":S}, each once, in any order. */
static bool flat_wait(const char **p, const char *end, struct flat_member *m)
{
	static const char *const keys[] = { "low", "median", "high", "soon" };
	const char *q = *p;
	unsigned seen = 0;

	if (q >= end || *q++ != '{')
		return false;
	while (seen != 0xf) {
		const char *k;
		size_t kn;
		int which = -1;

		if (seen && (q >= end || *q++ != ','))
			return false;
		if (!flat_string(&q, end, &k, &kn) || q >= end || *q++ != ':')
			return false;
		for (int i = 0; i < 4; i++) {
			if (kn == strlen(keys[i]) && !memcmp(k, keys[i], kn))
				which = i;
		}
		if (which < 0 || (seen & (1u << which)))
			return false;
		seen |= 1u << which;
		if (which == 3 ? !flat_bool(&q, end, &m->wsoon) : !flat_int(&q, end, &m->w[which]))
			return false;
	}
	if (q >= end || *q++ != '}')
		return false;
	*p = q;
	return true;
}

/* The members of the line into @m; false when the line is not of the simple shape. */
static int flat_members(const char *buf, size_t len, struct flat_member *m)
{
	const char *p = buf, *end = buf + len;
	int n = 0;

	if (p >= end || *p++ != '{')
		return -1;
	while (p < end && *p != '}') {
		struct flat_member *x;

		if (n == FLAT_MAX || (n > 0 && *p++ != ','))
			return -1;
		x = &m[n++];
		if (!flat_string(&p, end, &x->key, &x->klen) || p >= end || *p++ != ':' || p >= end)
			return -1;
		for (int i = 0; i < n - 1; i++) {
			if (m[i].klen == x->klen && !memcmp(m[i].key, x->key, x->klen))
				return -1;
		}
		if (*p == '"') {
			x->kind = FLAT_STR;
			if (!flat_string(&p, end, &x->s, &x->slen))
				return -1;
		} else if (*p == 't' || *p == 'f') {
			x->kind = FLAT_BOOL;
			if (!flat_bool(&p, end, &x->b))
				return -1;
		} else if (*p == '{') {
			x->kind = FLAT_WAIT;
			if (!flat_key_is(x, "wait") || !flat_wait(&p, end, x))
				return -1;
		} else {
			x->kind = FLAT_INT;
			if (!flat_int(&p, end, &x->i))
				return -1;
		}
	}
	if (p >= end || p + 1 != end)
		return -1;
	return n;
}

static const struct flat_member *flat_get(const struct flat_member *m, int n, const char *key,
					  enum flat_kind kind, bool *bad)
{
	for (int i = 0; i < n; i++) {
		if (flat_key_is(&m[i], key)) {
			if (m[i].kind != kind)
				*bad = true;
			return &m[i];
		}
	}
	return NULL;
}

/* A string member into @out (@size bytes): required (non-empty) or optional. */
static bool flat_copy(const struct flat_member *m, int n, const char *key, char *out, size_t size,
		      bool optional)
{
	bool bad = false;
	const struct flat_member *x = flat_get(m, n, key, FLAT_STR, &bad);

	if (bad || (!x && !optional) || (x && (x->slen >= size || (!optional && !x->slen))))
		return false;
	if (x) {
		memcpy(out, x->s, x->slen);
		out[x->slen] = '\0';
	}
	return true;
}

static bool flat_int_in(const struct flat_member *m, int n, const char *key, int64_t min,
			int64_t max, int64_t *out)
{
	bool bad = false;
	const struct flat_member *x = flat_get(m, n, key, FLAT_INT, &bad);

	if (bad || !x || x->i < min || x->i > max)
		return false;
	*out = x->i;
	return true;
}

static bool evjson_decode_flat(const char *buf, size_t len, struct event *ev)
{
	struct flat_member m[FLAT_MAX];
	const struct flat_member *x;
	char type[40], tmp[48];
	int n = flat_members(buf, len, m), t;
	bool bad = false;
	unsigned f;
	int64_t v;

	if (n < 0 || !flat_copy(m, n, "type", type, sizeof(type), false))
		return false;
	t = event_type_from_name(type);
	if (t < 0)
		return false;
	f = evjson_fields[t];
	if (f & (F_TEXT | F_OPT_CATEGORIES))
		return false;
	for (int i = 0; i < n; i++) {
		if (m[i].klen >= sizeof(tmp))
			return false;
		memcpy(tmp, m[i].key, m[i].klen);
		tmp[m[i].klen] = '\0';
		if (!evjson_key_allowed(tmp, f))
			return false;
	}
	if (!flat_int_in(m, n, "at", 0, INT64_C(253402300799999), &v))
		return false;
	event_init(ev, (enum event_type)t, v);
	x = flat_get(m, n, "time", FLAT_STR, &bad);
	if (bad)
		return false;
	if (x) {
		int64_t ms;

		if (x->slen >= sizeof(tmp))
			return false;
		memcpy(tmp, x->s, x->slen);
		tmp[x->slen] = '\0';
		if (civil_parse_iso8601(tmp, &ms) < 0 || ms != ev->at)
			return false;
	}
	if ((f & F_DAY) &&
	    (!flat_copy(m, n, "day", tmp, 16, false) || evjson_parse_day(tmp, &ev->day) < 0))
		return false;
	if ((f & F_WINDOW) && !flat_copy(m, n, "window", ev->window, sizeof(ev->window), false))
		return false;
	if ((f & F_CATEGORY) &&
	    !flat_copy(m, n, "category", ev->category, sizeof(ev->category), false))
		return false;
	if (f & F_NUMBER) {
		if (!flat_int_in(m, n, "number", 0, 999999, &v))
			return false;
		ev->number = (int)v;
	}
	if ((f & F_TICKET) && !flat_copy(m, n, "ticket", ev->ticket, sizeof(ev->ticket), false))
		return false;
	if ((f & (F_RESERVATION | F_OPT_RESERVATION)) &&
	    !flat_copy(m, n, "reservation", ev->reservation, sizeof(ev->reservation),
		       !(f & F_RESERVATION)))
		return false;
	if ((f & F_SLOTS) &&
	    (!flat_int_in(m, n, "slot_start", 0, INT64_C(253402300799999), &ev->slot_start) ||
	     !flat_int_in(m, n, "slot_end", 0, INT64_C(253402300799999), &ev->slot_end)))
		return false;
	if (f & (F_OPEN | F_OPT_OPEN)) {
		x = flat_get(m, n, "open", FLAT_BOOL, &bad);
		if (bad || (!x && (f & F_OPEN)))
			return false;
		if (x) {
			ev->open = x->b;
			ev->has_open = (f & F_OPT_OPEN) != 0;
		}
	}
	if (f & F_SERVICE) {
		if (!flat_copy(m, n, "service", tmp, 16, false))
			return false;
		if (!strcmp(tmp, "open"))
			ev->service = EVENT_SERVICE_OPEN;
		else if (!strcmp(tmp, "suspended"))
			ev->service = EVENT_SERVICE_SUSPENDED;
		else
			return false;
	}
	if (f & F_COUNT) {
		if (!flat_int_in(m, n, "count", -1000000, 1000000, &v))
			return false;
		ev->count = (int)v;
	}
	if (f & F_SENSOR) {
		if (!flat_copy(m, n, "sensor", ev->sensor, sizeof(ev->sensor), false))
			return false;
		x = flat_get(m, n, "ok", FLAT_BOOL, &bad);
		if (bad || !x)
			return false;
		ev->ok = x->b;
	}
	if (f & F_OPT_WAIT) {
		x = flat_get(m, n, "wait", FLAT_WAIT, &bad);
		if (bad)
			return false;
		if (x) {
			for (int i = 0; i < 3; i++) {
				if (x->w[i] < 0 || x->w[i] > 100000)
					return false;
			}
			if (x->w[0] > x->w[1] || x->w[1] > x->w[2])
				return false;
			ev->has_wait = true;
			ev->wait_low = (int)x->w[0];
			ev->wait_median = (int)x->w[1];
			ev->wait_high = (int)x->w[2];
			ev->wait_soon = x->wsoon;
		}
	}
	return true;
}

int evjson_decode(const char *buf, size_t len, struct event *ev, char *err, size_t errsize)
{
	json_error_t jerr;
	json_t *obj;
	int rc;

	if (len > EVJSON_LINE_MAX)
		return evjson_fail(err, errsize, "line longer than %d bytes", EVJSON_LINE_MAX);
	if (memchr(buf, '\0', len))
		return evjson_fail(err, errsize, "NUL byte in line");
	if (evjson_decode_flat(buf, len, ev))
		return 0;
	obj = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj)
		return evjson_fail(err, errsize, "%d:%d: %s", jerr.line, jerr.column, jerr.text);
	rc = evjson_from_json(obj, ev, err, errsize);
	json_decref(obj);
	return rc;
}
