/* SPDX-License-Identifier: MIT */
#include "daemon/api.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/civil.h"
#include "core/holiday.h"
#include "daemon/evjson.h"
#include "daemon/log.h"
#include "daemon/version.h"
#include "daemon/webfiles.h"
#include "feed/daemonfeed.h"
#include "daemon/kiosk.h"
#include "daemon/status.h"
#include "daemon/reportfile.h"
#include "daemon/reportjob.h"
#include "daemon/reportjson.h"

#define API_PATH_MAX 512
#define API_REPORTS_MAX 2 /* reports computed at once; more get 503 */

/* One Server-Sent Events client. */
struct api_client {
	struct api_client *next, *prev;
	struct api *api;
	struct MHD_Connection *conn;
	char *buf; /* unsent bytes are buf[off..len) */
	size_t len, off, cap;
	bool suspended;
	bool dropped;
};

enum api_route_kind {
	ROUTE_NONE,
	ROUTE_STATUS,
	ROUTE_STREAM,
	ROUTE_HEALTH,
	ROUTE_TICKETS,
	ROUTE_RESERVATIONS,
	ROUTE_NOTICE,
	ROUTE_SERVICE,
	ROUTE_AUTH,
	ROUTE_WINDOW,
	ROUTE_WINDOW_ACTION,
	ROUTE_ROOT,
	ROUTE_CONSOLE,
	ROUTE_PRINTER,
	ROUTE_PRINTER_JOBS,
	ROUTE_PRINTER_JOB,
	ROUTE_PRINTER_RESULT,
	ROUTE_KIOSK_SETUP,
	ROUTE_KIOSK_HELP,
	ROUTE_KIOSK_FILE,
	ROUTE_CALENDAR,
	ROUTE_REPORT,
};

/* Who a write comes from: the bearer token it carries. */
enum api_scope {
	API_SCOPE_NONE,
	API_SCOPE_KIOSK, /* [kiosk] token: issue tickets, call for staff */
	API_SCOPE_ALL, /* [api] token */
};

struct api_route {
	enum api_route_kind kind;
	const char *allow; /* the methods of the path, for 405 */
	bool write; /* needs the bearer token */
	bool staff; /* a read that needs the [api] token */
	bool kiosk; /* the kiosk's token may write here */
	char window[CONFIG_ID_MAX]; /* ROUTE_WINDOW*, as given */
	char ticket[EVENT_TICKET_MAX]; /* ROUTE_PRINTER_JOB, _RESULT */
	enum event_type action; /* ROUTE_WINDOW_ACTION */
	bool action_call;
	char file[72]; /* ROUTE_CONSOLE, ROUTE_KIOSK_FILE */
};

/* Per request: the route and the body as it arrives. */
struct api_request {
	bool started; /* api_handle() has seen the request */
	bool uri_too_long; /* over API_URI_MAX bytes or API_QUERY_MAX query arguments */
	struct api *api;
	struct MHD_Connection *conn;
	struct reportjob *job; /* ROUTE_REPORT: computing, or done */
	bool report_done;
	struct api_route route;
	enum api_scope scope;
	char *body;
	size_t len;
	bool too_large;
};

/*
 * What a request line may hold. libmicrohttpd keeps each query argument in the
 * connection's memory (API_CONNECTION_MEMORY): a few hundred would exhaust it and
 * the connection would hang until its timeout, so longer ones are refused with 414
 * before it parses them. The API takes a handful at most (statistics, reports).
 */
#define API_URI_MAX 2048
#define API_QUERY_MAX 32
#define API_CONNECTION_MEMORY (64 * 1024)

struct api {
	struct loop *loop;
	struct state *state;
	struct MHD_Daemon *mhd;
	int epfd;
	uint16_t port;
	struct loop_timer *mhd_timer;
	struct loop_timer *heartbeat;
	bool need_run;
	unsigned char token_hash[SHA256_DIGEST_LENGTH];
	bool has_token;
	unsigned char kiosk_hash[SHA256_DIGEST_LENGTH];
	bool has_kiosk_token;
	char console_dir[API_PATH_MAX];
	char kiosk_dir[API_PATH_MAX];
	struct kiosk *kiosk;
	struct daemonfeed *feed;
	struct api_client *clients;
	int n_clients;
	int n_reports; /* report jobs running or waiting to be sent */
	struct api_request *reports[API_REPORTS_MAX]; /* their requests */
	bool stopping;
};

/* What a handler answers. */
struct api_reply {
	unsigned status;
	json_t *body; /* owned */
	const char *allow; /* Allow header for 405 */
	bool auth_challenge; /* WWW-Authenticate for 401 */
};

static void api_reply_error(struct api_reply *rep, unsigned status, const char *code,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The length of the UTF-8 character at @s (@n bytes left), 0 when none begins
 * there; *@cut tells that the text ends inside a character that began well.
 */
static size_t api_utf8_char(const unsigned char *s, size_t n, bool *cut)
{
	size_t len, i;
	uint32_t c;

	*cut = false;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len && i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (i < len) {
		*cut = true;
		return 0;
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

/*
 * Copies @in to @out (@size bytes) as valid UTF-8: a byte that begins no
 * character becomes U+FFFD; a character cut by the end of @in, or that would not
 * fit whole, is left out, so a message is never cut inside a character.
 */
static void api_utf8_clean(const char *in, char *out, size_t size)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), at = 0;

	while (n > 0) {
		bool cut;
		size_t len = api_utf8_char(s, n, &cut);
		const char *from = len ? (const char *)s : replacement;
		size_t put = len ? len : 3;

		if (cut || at + put >= size)
			break;
		memcpy(out + at, from, put);
		at += put;
		s += len ? len : 1;
		n -= len ? len : 1;
	}
	out[at] = '\0';
}

static void api_reply_error(struct api_reply *rep, unsigned status, const char *code,
			    const char *fmt, ...)
{
	char raw[300], msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Messages quote what the client sent: json_pack() takes only valid UTF-8. */
	api_utf8_clean(raw, msg, sizeof(msg));
	json_decref(rep->body);
	rep->status = status;
	rep->body = json_pack("{s:s, s:s}", "error", code, "message", msg);
}

static enum MHD_Result api_send(struct MHD_Connection *conn, struct api_reply *rep)
{
	char *text = NULL;
	size_t len;
	struct MHD_Response *resp;
	enum MHD_Result rc;

	if (rep->body)
		text = json_dumps(rep->body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(rep->body);
	rep->body = NULL;
	if (!text)
		return MHD_NO;
	len = strlen(text);
	text[len++] = '\n'; /* the buffer is sent by length, not as a string */
	resp = MHD_create_response_from_buffer_with_free_callback(len, text, free);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (rep->allow)
		MHD_add_response_header(resp, "Allow", rep->allow);
	if (rep->auth_challenge)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"machiai\"");
	rc = MHD_queue_response(conn, rep->status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* ---- routing ---- */

static void api_route_find(const char *url, struct api_route *r)
{
	static const struct {
		const char *name;
		enum event_type type;
	} actions[] = {
		{ "call", EVENT_TICKET_CALL },	     { "recall", EVENT_TICKET_RECALL },
		{ "serve", EVENT_TICKET_SERVE },     { "done", EVENT_TICKET_DONE },
		{ "no-show", EVENT_TICKET_NO_SHOW },
	};
	const char *p;

	memset(r, 0, sizeof(*r));
	r->kind = ROUTE_NONE;
	if (!strcmp(url, "/v1/status")) {
		r->kind = ROUTE_STATUS;
		r->allow = "GET, HEAD";
	} else if (!strcmp(url, "/v1/stream")) {
		r->kind = ROUTE_STREAM;
		r->allow = "GET";
	} else if (!strcmp(url, "/v1/calendar")) {
		r->kind = ROUTE_CALENDAR;
		r->allow = "GET, HEAD";
	} else if (!strcmp(url, "/healthz")) {
		r->kind = ROUTE_HEALTH;
		r->allow = "GET, HEAD";
	} else if (!strcmp(url, "/v1/tickets")) {
		r->kind = ROUTE_TICKETS;
		r->allow = "POST";
		r->kiosk = true;
	} else if (!strcmp(url, "/v1/reservations")) {
		r->kind = ROUTE_RESERVATIONS;
		r->allow = "POST";
	} else if (!strcmp(url, "/v1/notice")) {
		r->kind = ROUTE_NOTICE;
		r->allow = "PUT";
	} else if (!strcmp(url, "/v1/service")) {
		r->kind = ROUTE_SERVICE;
		r->allow = "PUT";
	} else if (!strcmp(url, "/v1/report")) {
		r->kind = ROUTE_REPORT;
		r->allow = "GET";
		r->staff = true;
	} else if (!strcmp(url, "/v1/auth")) {
		r->kind = ROUTE_AUTH;
		r->allow = "GET";
	} else if (!strncmp(url, "/v1/windows/", 12)) {
		const char *id = url + 12;
		const char *slash = strchr(id, '/');
		size_t n = slash ? (size_t)(slash - id) : strlen(id);

		if (n == 0 || n >= CONFIG_ID_MAX)
			return;
		memcpy(r->window, id, n);
		r->window[n] = '\0';
		if (!slash) {
			r->kind = ROUTE_WINDOW;
			r->allow = "PUT";
		} else {
			for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
				if (!strcmp(slash + 1, actions[i].name)) {
					r->kind = ROUTE_WINDOW_ACTION;
					r->allow = "POST";
					r->action = actions[i].type;
				}
			}
		}
	} else if (!strcmp(url, "/v1/printer")) {
		r->kind = ROUTE_PRINTER;
		r->allow = "PUT";
	} else if (!strcmp(url, "/v1/printer/jobs")) {
		r->kind = ROUTE_PRINTER_JOBS;
		r->allow = "GET, HEAD";
	} else if (!strncmp(url, "/v1/printer/jobs/", 17)) {
		const char *id = url + 17;
		const char *slash = strchr(id, '/');
		size_t n = slash ? (size_t)(slash - id) : strlen(id);

		if (n == 0 || n >= EVENT_TICKET_MAX || (slash && strcmp(slash, "/result") != 0))
			return;
		memcpy(r->ticket, id, n);
		r->ticket[n] = '\0';
		r->kind = slash ? ROUTE_PRINTER_RESULT : ROUTE_PRINTER_JOB;
		r->allow = slash ? "POST" : "GET, HEAD";
	} else if (!strcmp(url, "/v1/kiosk")) {
		r->kind = ROUTE_KIOSK_SETUP;
		r->allow = "GET, HEAD";
	} else if (!strcmp(url, "/v1/kiosk/help")) {
		r->kind = ROUTE_KIOSK_HELP;
		r->allow = "PUT";
		r->kiosk = true;
	} else if (!strcmp(url, "/kiosk")) {
		r->kind = ROUTE_ROOT;
		r->allow = "GET, HEAD";
		snprintf(r->file, sizeof(r->file), "/kiosk/");
	} else if (!strncmp(url, "/kiosk/", 7)) {
		p = url[7] ? url + 7 : "index.html";
		if (strlen(p) >= sizeof(r->file) || !webfiles_name_ok(p))
			return;
		memcpy(r->file, p, strlen(p) + 1);
		r->kind = ROUTE_KIOSK_FILE;
		r->allow = "GET, HEAD";
	} else if (!strcmp(url, "/") || !strcmp(url, "/console")) {
		r->kind = ROUTE_ROOT;
		r->allow = "GET, HEAD";
	} else if (!strncmp(url, "/console/", 9)) {
		p = url + 9;
		if (!*p)
			p = "index.html";
		if (strlen(p) >= sizeof(r->file) || !webfiles_name_ok(p))
			return;
		memcpy(r->file, p, strlen(p) + 1);
		r->kind = ROUTE_CONSOLE;
		r->allow = "GET, HEAD";
	}
	r->write = r->allow &&
		   (!strcmp(r->allow, "POST") || !strcmp(r->allow, "PUT") || r->kind == ROUTE_AUTH);
}

static bool api_method_allowed(const struct api_route *r, const char *method)
{
	if (!strcmp(r->allow, "GET, HEAD"))
		return !strcmp(method, "GET") || !strcmp(method, "HEAD");
	return !strcmp(method, r->allow);
}

static enum api_scope api_authorized(const struct api *a, struct MHD_Connection *conn)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
	unsigned char hash[SHA256_DIGEST_LENGTH];

	if (!h || strncmp(h, "Bearer ", 7) != 0)
		return API_SCOPE_NONE;
	h += 7;
	/* Compare digests in constant time: no early exit, no length leak. */
	SHA256((const unsigned char *)h, strlen(h), hash);
	if (a->has_token && CRYPTO_memcmp(hash, a->token_hash, sizeof(hash)) == 0)
		return API_SCOPE_ALL;
	if (a->has_kiosk_token && CRYPTO_memcmp(hash, a->kiosk_hash, sizeof(hash)) == 0)
		return API_SCOPE_KIOSK;
	return API_SCOPE_NONE;
}

/* ---- JSON input helpers: every error names the JSON path ---- */

static bool api_check_fields(json_t *in, const char *const *allowed, struct api_reply *rep)
{
	const char *key;
	json_t *v;

	json_object_foreach(in, key, v)
	{
		bool ok = false;

		for (int i = 0; allowed[i]; i++)
			ok = ok || !strcmp(key, allowed[i]);
		if (!ok) {
			api_reply_error(rep, 400, "unknown_field", "$.%s: unknown field", key);
			return false;
		}
	}
	return true;
}

/* String member @key into @out (@size): absent is fine when @optional. */
static bool api_get_string(json_t *in, const char *key, char *out, size_t size, bool optional,
			   struct api_reply *rep)
{
	json_t *v = json_object_get(in, key);
	const char *s;

	out[0] = '\0';
	if (!v) {
		if (!optional)
			api_reply_error(rep, 400, "missing_field", "$.%s: missing", key);
		return optional;
	}
	if (!json_is_string(v)) {
		api_reply_error(rep, 400, "wrong_type", "$.%s: expected a string", key);
		return false;
	}
	s = json_string_value(v);
	if (json_string_length(v) != strlen(s) || strlen(s) >= size) {
		api_reply_error(rep, 400, "bad_value", "$.%s: longer than %zu bytes", key,
				size - 1);
		return false;
	}
	if (!s[0]) {
		api_reply_error(rep, 400, "bad_value", "$.%s: empty", key);
		return false;
	}
	memcpy(out, s, strlen(s) + 1);
	return true;
}

/* A time the journal can write at the office's UTC offset @offset_min and read back. */
static bool api_get_time(json_t *in, const char *key, int offset_min, int64_t *ms,
			 struct api_reply *rep)
{
	char buf[48];

	if (!api_get_string(in, key, buf, sizeof(buf), false, rep))
		return false;
	if (civil_parse_iso8601(buf, ms) < 0) {
		api_reply_error(rep, 400, "bad_value",
				"$.%s: expected an ISO 8601 time like 2026-11-23T10:30:00+09:00",
				key);
		return false;
	}
	if (!evjson_time_ok(*ms, offset_min)) {
		api_reply_error(
			rep, 400, "bad_value",
			"$.%s: out of range: times run from 1970-01-01T00:00:00Z to the end "
			"of 9999-12-31 in the office's time",
			key);
		return false;
	}
	return true;
}

/* ---- replies made from the state ---- */

static json_t *api_window_json(const struct office *o, int w)
{
	const struct office_window *ow = &o->windows[w];
	const struct office_ticket *t = ow->ticket >= 0 ? &o->tickets[ow->ticket] : NULL;
	json_t *cats = json_array();

	for (int i = 0; i < ow->n_categories; i++)
		json_array_append_new(cats, json_string(o->cfg->categories[ow->categories[i]].id));
	return json_pack(
		"{s:s, s:b, s:o, s:o, s:o, s:i}", "window", o->cfg->windows[w].id, "open", ow->open,
		"categories", cats, "ticket", t ? json_string(t->label) : json_null(), "state",
		!t ? json_null() : json_string(t->state == TICKET_SERVING ? "serving" : "called"),
		"recalls", t ? t->recalls : 0);
}

/*
 * Ticket @t; its wait is @band, or (NULL) estimated now. A ticket with a
 * print job has the job's figures, the ones on the paper, and the job as
 * "print".
 */
static json_t *api_ticket_json(struct api *a, int t, const struct wait_band *band)
{
	const struct office *o = a->state->office;
	const struct office_ticket *tk = &o->tickets[t];
	const struct kiosk_job *job = a->kiosk ? kiosk_job_find(a->kiosk, tk->label) : NULL;
	struct status_input in;
	json_t *out;
	char at[40];

	state_status(a->state, &in);
	status_format_time(o, tk->issued_at, at, sizeof(at));
	out = json_pack("{s:s, s:s, s:i, s:s, s:o, s:i, s:o}", "ticket", tk->label, "category",
			o->cfg->categories[tk->category].id, "number", tk->number, "issued_at", at,
			"reservation",
			tk->reservation >= 0 ? json_string(o->reservations[tk->reservation].id)
					     : json_null(),
			"waiting_before",
			job ? job->waiting_before : office_waiting(o, tk->category) - 1, "wait",
			job    ? status_band_json(&job->wait)
			: band ? status_band_json(band)
			       : status_ticket_wait(a->state->status, o, t, in.now));
	if (out && job)
		json_object_set_new(out, "print", kiosk_job_json(a->kiosk, job));
	return out;
}

static bool api_commit(struct api *a, const struct event *evs, int n, struct api_reply *rep)
{
	struct state_error err;

	if (state_commit(a->state, evs, n, &err) == 0)
		return true;
	api_reply_error(rep, (unsigned)err.http, err.code, "%s", err.message);
	return false;
}

/* ---- write endpoints ---- */

/* Whether category @c is on the kiosk's buttons. */
static bool api_kiosk_category(const struct config *cfg, int c)
{
	for (int i = 0; i < cfg->n_kiosk_categories; i++) {
		if (cfg->kiosk_categories[i] == c)
			return true;
	}
	return false;
}

static void api_post_ticket(struct api *a, enum api_scope scope, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "category", "reservation", "lang", "print", NULL };
	const struct office *o = a->state->office;
	char cat[CONFIG_ID_MAX], res[EVENT_RESERVATION_MAX], lang[16];
	struct wait_band band;
	json_t *print = json_object_get(in, "print");
	bool fresh, ok;
	struct event ev;
	int c, r = -1, number, l = LANG_JA;

	if (!api_check_fields(in, fields, rep) ||
	    !api_get_string(in, "category", cat, sizeof(cat), true, rep) ||
	    !api_get_string(in, "reservation", res, sizeof(res), true, rep) ||
	    !api_get_string(in, "lang", lang, sizeof(lang), true, rep))
		return;
	if (lang[0]) {
		l = lang_from_code(lang);
		if (l < 0) {
			api_reply_error(
				rep, 400, "bad_value",
				"$.lang: not a language code (ja, en, zh-Hans, ko, vi, ja-easy)");
			return;
		}
	}
	if (print && !json_is_boolean(print)) {
		api_reply_error(rep, 400, "wrong_type", "$.print: expected true or false");
		return;
	}
	if (scope == API_SCOPE_KIOSK && (res[0] || print)) {
		api_reply_error(rep, 403, "forbidden", "$.%s: not for the kiosk's token",
				res[0] ? "reservation" : "print");
		return;
	}
	if (!cat[0] == !res[0]) {
		api_reply_error(
			rep, 400, "bad_request",
			"$: give exactly one of \"category\" (a walk-in) or \"reservation\" (a check-in)");
		return;
	}
	if (res[0]) {
		r = office_reservation_find(o, res);
		if (r < 0) {
			api_reply_error(rep, 422, "unknown_reservation",
					"$.reservation: no reservation \"%s\" today", res);
			return;
		}
		c = o->reservations[r].category;
	} else {
		c = config_category_index(o->cfg, cat);
		if (c < 0) {
			api_reply_error(rep, 422, "unknown_category",
					"$.category: no category \"%s\"", cat);
			return;
		}
		if (scope == API_SCOPE_KIOSK && !api_kiosk_category(o->cfg, c)) {
			api_reply_error(rep, 403, "forbidden",
					"$.category: %s is not on the kiosk ([kiosk] categories)",
					cat);
			return;
		}
	}
	/*
	 * A walk-in's wait is the category's wait for a ticket taken now: reuse
	 * it when it is up to date, rather than run the estimator again.
	 */
	fresh = a->state->status->at && a->state->status->seq == o->seq;
	if (fresh)
		band = a->state->status->waits[c];
	number = office_next_number(o, c);
	if (number < 0) {
		api_reply_error(rep, 409, "numbers_exhausted",
				"category %s has given out every number of its range today",
				o->cfg->categories[c].id);
		return;
	}
	event_init(&ev, EVENT_TICKET_ISSUE, state_now(a->state));
	snprintf(ev.category, sizeof(ev.category), "%s", o->cfg->categories[c].id);
	ev.number = number;
	if (r >= 0)
		snprintf(ev.reservation, sizeof(ev.reservation), "%s", res);
	/*
	 * The journal keeps the wait the sign shows for a walk-in's category as
	 * the ticket is taken (the last one published), so that reports can
	 * tell how honest the sign was.
	 */
	if (r < 0 && a->state->status->at && a->state->status->waits[c].basis != WAIT_BASIS_NONE) {
		const struct wait_band *shown = &a->state->status->waits[c];

		ev.has_wait = true;
		ev.wait_low = shown->low;
		ev.wait_median = shown->median;
		ev.wait_high = shown->high;
		ev.wait_soon = shown->soon;
	}
	/* The print job is made from the ticket event, with the visitor's language. */
	if (a->kiosk)
		kiosk_hint(a->kiosk, (enum lang)l, !print || json_is_true(print));
	ok = api_commit(a, &ev, 1, rep);
	if (a->kiosk)
		kiosk_hint_clear(a->kiosk);
	if (!ok)
		return;
	rep->status = 201;
	rep->body =
		api_ticket_json(a, a->state->office->n_tickets - 1, r < 0 && fresh ? &band : NULL);
}

static void api_post_window_action(struct api *a, const struct api_route *route, int w, json_t *in,
				   struct api_reply *rep)
{
	static const char *const call_fields[] = { "ticket", NULL };
	static const char *const no_fields[] = { NULL };
	const struct office *o = a->state->office;
	struct event ev;
	char ticket[EVENT_TICKET_MAX];

	event_init(&ev, route->action, state_now(a->state));
	snprintf(ev.window, sizeof(ev.window), "%s", o->cfg->windows[w].id);
	if (route->action == EVENT_TICKET_CALL) {
		if (!api_check_fields(in, call_fields, rep) ||
		    !api_get_string(in, "ticket", ticket, sizeof(ticket), true, rep))
			return;
		if (ticket[0]) {
			if (office_ticket_find(o, ticket) < 0) {
				api_reply_error(rep, 422, "unknown_ticket",
						"$.ticket: no ticket \"%s\" today", ticket);
				return;
			}
		} else {
			int t = office_next_ticket(o, w, ev.at);

			if (t < 0) {
				api_reply_error(rep, 409, "nobody_waiting",
						"nobody waits for window %s",
						o->cfg->windows[w].id);
				return;
			}
			snprintf(ticket, sizeof(ticket), "%s", o->tickets[t].label);
		}
		snprintf(ev.ticket, sizeof(ev.ticket), "%s", ticket);
	} else if (!api_check_fields(in, no_fields, rep)) {
		return;
	}
	if (!api_commit(a, &ev, 1, rep))
		return;
	rep->status = 200;
	rep->body = api_window_json(a->state->office, w);
}

static void api_put_window(struct api *a, int w, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "open", "categories", NULL };
	const struct office *o = a->state->office;
	json_t *open = json_object_get(in, "open");
	json_t *cats = json_object_get(in, "categories");
	struct event ev;
	size_t i;
	json_t *v;

	if (!api_check_fields(in, fields, rep))
		return;
	if (!open && !cats) {
		api_reply_error(rep, 400, "missing_field",
				"$: give \"open\", \"categories\" or both");
		return;
	}
	event_init(&ev, EVENT_WINDOW_SET, state_now(a->state));
	snprintf(ev.window, sizeof(ev.window), "%s", o->cfg->windows[w].id);
	if (open) {
		if (!json_is_boolean(open)) {
			api_reply_error(rep, 400, "wrong_type", "$.open: expected true or false");
			return;
		}
		ev.has_open = true;
		ev.open = json_is_true(open);
	}
	if (cats) {
		if (!json_is_array(cats)) {
			api_reply_error(rep, 400, "wrong_type",
					"$.categories: expected an array of category ids");
			return;
		}
		if (json_array_size(cats) > CONFIG_MAX_CATEGORIES) {
			api_reply_error(rep, 400, "bad_value", "$.categories: more than %d entries",
					CONFIG_MAX_CATEGORIES);
			return;
		}
		json_array_foreach(cats, i, v)
		{
			if (!json_is_string(v)) {
				api_reply_error(rep, 400, "wrong_type",
						"$.categories[%zu]: expected a string", i);
				return;
			}
			if (config_category_index(o->cfg, json_string_value(v)) < 0) {
				api_reply_error(rep, 422, "unknown_category",
						"$.categories[%zu]: no category \"%.40s\"", i,
						json_string_value(v));
				return;
			}
			snprintf(ev.categories[i], sizeof(ev.categories[i]), "%s",
				 json_string_value(v));
		}
		ev.has_categories = true;
		ev.n_categories = (int)json_array_size(cats);
	}
	if (!api_commit(a, &ev, 1, rep))
		return;
	rep->status = 200;
	rep->body = api_window_json(a->state->office, w);
}

static void api_post_reservation(struct api *a, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "id", "category", "slot_start", "slot_end", NULL };
	const struct office *o = a->state->office;
	struct event ev;
	char id[EVENT_RESERVATION_MAX], cat[CONFIG_ID_MAX];
	char start[40], end[40];

	event_init(&ev, EVENT_RESERVATION_BOOK, state_now(a->state));
	if (!api_check_fields(in, fields, rep) ||
	    !api_get_string(in, "id", id, sizeof(id), false, rep) ||
	    !api_get_string(in, "category", cat, sizeof(cat), false, rep) ||
	    !api_get_time(in, "slot_start", o->cfg->utc_offset_minutes, &ev.slot_start, rep) ||
	    !api_get_time(in, "slot_end", o->cfg->utc_offset_minutes, &ev.slot_end, rep))
		return;
	if (config_category_index(o->cfg, cat) < 0) {
		api_reply_error(rep, 422, "unknown_category", "$.category: no category \"%s\"",
				cat);
		return;
	}
	if (ev.slot_end <= ev.slot_start) {
		api_reply_error(rep, 422, "bad_value", "$.slot_end: not after $.slot_start");
		return;
	}
	if (office_reservation_find(o, id) >= 0) {
		api_reply_error(rep, 409, "duplicate_reservation",
				"$.id: reservation \"%s\" exists", id);
		return;
	}
	snprintf(ev.reservation, sizeof(ev.reservation), "%s", id);
	snprintf(ev.category, sizeof(ev.category), "%s", cat);
	if (!api_commit(a, &ev, 1, rep))
		return;
	status_format_time(o, ev.slot_start, start, sizeof(start));
	status_format_time(o, ev.slot_end, end, sizeof(end));
	rep->status = 201;
	rep->body = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "category", cat, "slot_start",
			      start, "slot_end", end, "state", "booked");
}

static void api_put_notice(struct api *a, json_t *in, struct api_reply *rep)
{
	struct event ev;
	const char *key;
	json_t *v, *out;

	event_init(&ev, EVENT_NOTICE_SET, state_now(a->state));
	json_object_foreach(in, key, v)
	{
		int l = lang_from_code(key);
		const char *s = json_string_value(v);

		if (l < 0) {
			api_reply_error(
				rep, 400, "unknown_field",
				"$.%s: not a language code (ja, en, zh-Hans, ko, vi, ja-easy)",
				key);
			return;
		}
		if (!s) {
			api_reply_error(rep, 400, "wrong_type", "$.%s: expected a string", key);
			return;
		}
		if (strlen(s) >= CONFIG_TEXT_MAX || json_string_length(v) != strlen(s)) {
			api_reply_error(rep, 400, "bad_value", "$.%s: longer than %d bytes", key,
					CONFIG_TEXT_MAX - 1);
			return;
		}
		snprintf(ev.text[l], sizeof(ev.text[l]), "%s", s);
	}
	if (!api_commit(a, &ev, 1, rep))
		return;
	out = json_object();
	for (int l = 0; l < LANG_COUNT; l++) {
		if (a->state->office->notice[l][0])
			json_object_set_new(out, lang_code(l),
					    json_string(a->state->office->notice[l]));
	}
	rep->status = 200;
	rep->body = json_pack("{s:o}", "notice", out);
}

static void api_put_service(struct api *a, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "status", NULL };
	struct event ev;
	char s[16];

	event_init(&ev, EVENT_SERVICE_SET, state_now(a->state));
	if (!api_check_fields(in, fields, rep) ||
	    !api_get_string(in, "status", s, sizeof(s), false, rep))
		return;
	if (!strcmp(s, "open")) {
		ev.service = EVENT_SERVICE_OPEN;
	} else if (!strcmp(s, "suspended")) {
		ev.service = EVENT_SERVICE_SUSPENDED;
	} else {
		api_reply_error(rep, 400, "bad_value",
				"$.status: expected \"open\" or \"suspended\"");
		return;
	}
	if (!api_commit(a, &ev, 1, rep))
		return;
	rep->status = 200;
	rep->body = json_pack("{s:s}", "status", s);
}

/* The kiosk's endpoints without a kiosk: 404, as if they were not there. */
static bool api_has_kiosk(struct api *a, struct api_reply *rep)
{
	if (a->kiosk)
		return true;
	api_reply_error(rep, 404, "not_found", "no such path");
	return false;
}

/* A "problems" style array of problem codes into a bit mask. */
static bool api_get_problems(json_t *in, const char *key, unsigned *mask, struct api_reply *rep)
{
	json_t *arr = json_object_get(in, key), *v;
	size_t i;

	*mask = 0;
	if (!arr) {
		api_reply_error(rep, 400, "missing_field", "$.%s: missing", key);
		return false;
	}
	if (!json_is_array(arr)) {
		api_reply_error(rep, 400, "wrong_type", "$.%s: expected an array", key);
		return false;
	}
	json_array_foreach(arr, i, v)
	{
		int p = json_is_string(v) ? kiosk_problem_from_code(json_string_value(v)) : -1;

		if (p < 0 || p == KIOSK_NO_REPORT) {
			api_reply_error(
				rep, 400, "bad_value",
				"$.%s[%zu]: expected paper_out, paper_near_end, cover_open, "
				"error, offline or unreachable",
				key, i);
			return false;
		}
		*mask |= 1u << p;
	}
	return true;
}

static void api_put_printer(struct api *a, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "problems", NULL };
	unsigned mask;

	if (!api_has_kiosk(a, rep) || !api_check_fields(in, fields, rep) ||
	    !api_get_problems(in, "problems", &mask, rep))
		return;
	if (!config_printer_set(a->state->cfg)) {
		api_reply_error(rep, 409, "no_printer", "no printer is configured ([printer])");
		return;
	}
	kiosk_printer_report(a->kiosk, mask);
	rep->status = 200;
	rep->body = kiosk_printer_json(a->kiosk);
}

static void api_post_print_result(struct api *a, const struct api_route *route, json_t *in,
				  struct api_reply *rep)
{
	static const char *const fields[] = { "result", "problem", NULL };
	char result[16], problem[24];
	int p = -1;

	if (!api_has_kiosk(a, rep) || !api_check_fields(in, fields, rep) ||
	    !api_get_string(in, "result", result, sizeof(result), false, rep) ||
	    !api_get_string(in, "problem", problem, sizeof(problem), true, rep))
		return;
	if (strcmp(result, "printed") != 0 && strcmp(result, "failed") != 0) {
		api_reply_error(rep, 400, "bad_value",
				"$.result: expected \"printed\" or \"failed\"");
		return;
	}
	if (problem[0]) {
		p = kiosk_problem_from_code(problem);
		if (p < 0 || p == KIOSK_NO_REPORT) {
			api_reply_error(rep, 400, "bad_value", "$.problem: not a printer problem");
			return;
		}
	}
	if (kiosk_job_result(a->kiosk, route->ticket, !strcmp(result, "printed"), p) < 0) {
		api_reply_error(rep, 404, "unknown_job", "no print job for ticket \"%s\"",
				route->ticket);
		return;
	}
	rep->status = 200;
	rep->body = kiosk_job_json(a->kiosk, kiosk_job_find(a->kiosk, route->ticket));
}

static void api_put_help(struct api *a, enum api_scope scope, json_t *in, struct api_reply *rep)
{
	static const char *const fields[] = { "requested", NULL };
	json_t *v = json_object_get(in, "requested");

	if (!api_has_kiosk(a, rep) || !api_check_fields(in, fields, rep))
		return;
	if (!v) {
		api_reply_error(rep, 400, "missing_field", "$.requested: missing");
		return;
	}
	if (!json_is_boolean(v)) {
		api_reply_error(rep, 400, "wrong_type", "$.requested: expected true or false");
		return;
	}
	if (scope == API_SCOPE_KIOSK && !json_is_true(v)) {
		api_reply_error(rep, 403, "forbidden",
				"$.requested: staff answer the call, not the kiosk");
		return;
	}
	kiosk_help_set(a->kiosk, json_is_true(v));
	rep->status = 200;
	rep->body = kiosk_kiosk_json(a->kiosk);
}

static void api_write(struct api *a, struct api_request *req, struct api_reply *rep)
{
	json_t *in;
	json_error_t jerr;
	int w = -1;

	if (req->route.kind == ROUTE_WINDOW || req->route.kind == ROUTE_WINDOW_ACTION) {
		w = config_window_index(a->state->cfg, req->route.window);
		if (w < 0) {
			api_reply_error(rep, 404, "unknown_window", "no window \"%s\"",
					req->route.window);
			return;
		}
	}
	if (req->len == 0 &&
	    (req->route.kind == ROUTE_WINDOW_ACTION || req->route.kind == ROUTE_AUTH)) {
		in = json_object();
	} else {
		in = json_loadb(req->body ? req->body : "", req->len, JSON_REJECT_DUPLICATES,
				&jerr);
		if (!in) {
			api_reply_error(rep, 400, "bad_json", "body %d:%d: %s", jerr.line,
					jerr.column, jerr.text);
			return;
		}
	}
	if (!json_is_object(in)) {
		api_reply_error(rep, 400, "wrong_type", "$: expected a JSON object");
		goto out_decref;
	}
	switch (req->route.kind) {
	case ROUTE_TICKETS:
		api_post_ticket(a, req->scope, in, rep);
		break;
	case ROUTE_PRINTER:
		api_put_printer(a, in, rep);
		break;
	case ROUTE_PRINTER_RESULT:
		api_post_print_result(a, &req->route, in, rep);
		break;
	case ROUTE_KIOSK_HELP:
		api_put_help(a, req->scope, in, rep);
		break;
	case ROUTE_WINDOW_ACTION:
		api_post_window_action(a, &req->route, w, in, rep);
		break;
	case ROUTE_WINDOW:
		api_put_window(a, w, in, rep);
		break;
	case ROUTE_RESERVATIONS:
		api_post_reservation(a, in, rep);
		break;
	case ROUTE_NOTICE:
		api_put_notice(a, in, rep);
		break;
	case ROUTE_SERVICE:
		api_put_service(a, in, rep);
		break;
	case ROUTE_AUTH: {
		/* Only says that the token is right: nothing changes. */
		static const char *const none[] = { NULL };

		if (!api_check_fields(in, none, rep))
			break;
		rep->status = 200;
		rep->body = json_pack("{s:b}", "authorized", 1);
		break;
	}
	default:
		api_reply_error(rep, 404, "not_found", "no such path");
		break;
	}
out_decref:
	json_decref(in);
	if (!rep->body)
		api_reply_error(rep, 500, "internal", "out of memory");
}

/* ---- the event stream ---- */

static void api_client_push(struct api_client *cl, const char *data, size_t n)
{
	if (cl->dropped)
		return;
	if (cl->off > 0 && cl->off == cl->len)
		cl->off = cl->len = 0;
	if (cl->len - cl->off + n > API_STREAM_BUFFER_MAX) {
		/* Too slow: drop it rather than hold the daemon or grow without bound. */
		log_warn("api: stream client dropped: %zu bytes unsent", cl->len - cl->off);
		cl->dropped = true;
		/* It may never read again: close it after a second without progress. */
		MHD_set_connection_option(cl->conn, MHD_CONNECTION_OPTION_TIMEOUT, 1u);
		free(cl->buf);
		cl->buf = NULL;
		cl->len = cl->off = cl->cap = 0;
	} else {
		if (cl->off > 0 && cl->len + n > cl->cap) {
			memmove(cl->buf, cl->buf + cl->off, cl->len - cl->off);
			cl->len -= cl->off;
			cl->off = 0;
		}
		if (cl->len + n > cl->cap) {
			size_t cap = cl->cap ? cl->cap : 16384;
			char *nb;

			while (cap < cl->len + n)
				cap *= 2;
			nb = realloc(cl->buf, cap);
			if (!nb) {
				cl->dropped = true;
			} else {
				cl->buf = nb;
				cl->cap = cap;
			}
		}
		if (!cl->dropped) {
			memcpy(cl->buf + cl->len, data, n);
			cl->len += n;
		}
	}
	if (cl->suspended) {
		cl->suspended = false;
		MHD_resume_connection(cl->conn);
		cl->api->need_run = true;
	}
}

/* "id: SEQ\nevent: status\ndata: DOC\n\n" of the state now, malloc'd. */
static char *api_status_event(struct api *a, size_t *len)
{
	struct status_input in;
	char *doc;
	char *ev;
	size_t n;

	state_status(a->state, &in);
	doc = status_dumps(&in);
	if (!doc)
		return NULL;
	n = strlen(doc) + 64;
	ev = malloc(n);
	if (ev) {
		int w = snprintf(ev, n, "id: %llu\nevent: status\ndata: %s\n\n",
				 (unsigned long long)a->state->office->seq, doc);

		*len = (size_t)w;
	}
	free(doc);
	return ev;
}

static void api_on_change(void *arg, const struct state *s)
{
	struct api *a = arg;
	size_t len;
	char *ev;

	(void)s;
	if (!a->clients)
		return;
	ev = api_status_event(a, &len);
	if (!ev)
		return;
	for (struct api_client *cl = a->clients; cl; cl = cl->next)
		api_client_push(cl, ev, len);
	free(ev);
}

static void api_heartbeat(void *arg)
{
	struct api *a = arg;
	static const char ping[] = ": keep-alive\n\n";

	for (struct api_client *cl = a->clients; cl; cl = cl->next)
		api_client_push(cl, ping, sizeof(ping) - 1);
}

static ssize_t api_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct api_client *cl = cls;
	size_t n;

	(void)pos;
	if (cl->dropped)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (cl->off == cl->len) {
		cl->off = cl->len = 0;
		cl->suspended = true;
		MHD_suspend_connection(cl->conn);
		return 0;
	}
	n = cl->len - cl->off < max ? cl->len - cl->off : max;
	memcpy(buf, cl->buf + cl->off, n);
	cl->off += n;
	return (ssize_t)n;
}

static void api_stream_free(void *cls)
{
	struct api_client *cl = cls;
	struct api *a = cl->api;

	if (cl->prev)
		cl->prev->next = cl->next;
	else
		a->clients = cl->next;
	if (cl->next)
		cl->next->prev = cl->prev;
	a->n_clients--;
	free(cl->buf);
	free(cl);
}

/*
 * Keep the kernel's send buffer of a stream small, so that a client that
 * stops reading fills its bounded buffer soon and is dropped, instead of
 * parking megabytes in the kernel.
 */
static void api_stream_limit_socket(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	int size = API_STREAM_SNDBUF;

	if (ci)
		setsockopt(ci->connect_fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

static enum MHD_Result api_stream_start(struct api *a, struct MHD_Connection *conn)
{
	static const char hello[] = "retry: 3000\n\n";
	struct api_reply rep = { 0 };
	struct api_client *cl;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	char *ev;
	size_t len;

	if (a->n_clients >= API_STREAMS_MAX) {
		api_reply_error(&rep, 503, "too_many_streams", "%d stream clients already",
				API_STREAMS_MAX);
		return api_send(conn, &rep);
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return MHD_NO;
	cl->api = a;
	cl->conn = conn;
	api_stream_limit_socket(conn);
	api_client_push(cl, hello, sizeof(hello) - 1);
	ev = api_status_event(a, &len);
	if (ev)
		api_client_push(cl, ev, len);
	free(ev);
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16384, api_stream_read, cl,
						 api_stream_free);
	if (!resp) {
		free(cl->buf);
		free(cl);
		return MHD_NO;
	}
	cl->next = a->clients;
	if (a->clients)
		a->clients->prev = cl;
	a->clients = cl;
	a->n_clients++;
	MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	rc = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* ---- reads ---- */

static enum MHD_Result api_send_text(struct MHD_Connection *conn, unsigned status, char *text,
				     size_t len, const char *type)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer_with_free_callback(len, text, free);
	enum MHD_Result rc;

	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	rc = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

/*
 * Date argument @name of the URL, "YYYY-MM-DD", into *@out; @dflt when
 * absent. False with @rep set to a 400 when it is not a date of 1980-2099.
 */
static bool api_date_arg(struct MHD_Connection *conn, const char *name, int32_t dflt, int32_t *out,
			 struct api_reply *rep)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
	int64_t ms;
	struct civil c;
	char iso[40];

	*out = dflt;
	if (!v)
		return true;
	/* Through the ISO parser and back: only a real calendar day survives. */
	if (strlen(v) == 10 && snprintf(iso, sizeof(iso), "%sT12:00:00Z", v) > 0 &&
	    civil_parse_iso8601(iso, &ms) == 0) {
		civil_from_ms(ms, 0, &c);
		snprintf(iso, sizeof(iso), "%04d-%02d-%02d", c.year, c.month, c.day);
		if (!strcmp(iso, v) && c.year >= HOLIDAY_FIRST_YEAR &&
		    c.year <= HOLIDAY_LAST_YEAR) {
			*out = c.yyyymmdd;
			return true;
		}
	}
	api_reply_error(rep, 400, "bad_date", "%s: not a date YYYY-MM-DD from %d to %d", name,
			HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR);
	return false;
}

/* GET /v1/calendar?from=&to=: the office's days, 31 from today by default, 366 at most. */
static void api_calendar(struct api *a, struct MHD_Connection *conn, struct api_reply *rep)
{
	const struct config *cfg = a->state->cfg;
	struct civil now;
	int32_t from, to, d;
	int n = 1;

	civil_from_ms(state_now(a->state), cfg->utc_offset_minutes, &now);
	if (!api_date_arg(conn, "from", now.yyyymmdd, &from, rep))
		return;
	d = from;
	for (int i = 0; i < 30; i++)
		d = civil_next_day(d);
	if (d / 10000 > HOLIDAY_LAST_YEAR)
		d = HOLIDAY_LAST_YEAR * 10000 + 1231;
	if (!api_date_arg(conn, "to", d, &to, rep))
		return;
	if (to < from) {
		api_reply_error(rep, 400, "bad_range", "to: before from");
		return;
	}
	for (d = from; d < to && n <= 366; d = civil_next_day(d))
		n++;
	if (n > 366) {
		api_reply_error(rep, 400, "bad_range", "from-to: more than 366 days");
		return;
	}
	rep->status = 200;
	rep->body = status_calendar_json(cfg, from, to);
}

static enum MHD_Result api_read(struct api *a, struct MHD_Connection *conn,
				const struct api_route *route)
{
	struct api_reply rep = { 0 };
	struct status_input in;
	char *data;
	size_t len;
	const char *type;
	char at[40];

	switch (route->kind) {
	case ROUTE_STATUS:
		state_status(a->state, &in);
		data = status_dumps(&in);
		if (!data)
			return MHD_NO;
		len = strlen(data);
		data[len++] = '\n';
		return api_send_text(conn, 200, data, len, "application/json; charset=utf-8");
	case ROUTE_STREAM:
		return api_stream_start(a, conn);
	case ROUTE_CALENDAR:
		api_calendar(a, conn, &rep);
		return api_send(conn, &rep);
	case ROUTE_HEALTH:
		status_format_time(a->state->office, state_now(a->state), at, sizeof(at));
		rep.status = a->state->journal_failing ? 503 : 200;
		rep.body = json_pack("{s:s, s:s, s:I, s:b, s:i, s:s}", "status",
				     a->state->journal_failing ? "journal_failing" : "ok", "time",
				     at, "seq", (json_int_t)a->state->office->seq, "day_open",
				     a->state->office->day_open, "stream_clients", a->n_clients,
				     "version", MACHIAI_VERSION);
		if (rep.body && a->feed)
			json_object_set_new(rep.body, "feed", daemonfeed_health(a->feed));
		return api_send(conn, &rep);
	case ROUTE_ROOT: {
		struct MHD_Response *resp =
			MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		enum MHD_Result rc;

		if (!resp)
			return MHD_NO;
		MHD_add_response_header(resp, "Location",
					route->file[0] ? route->file : "/console/");
		rc = MHD_queue_response(conn, 302, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	case ROUTE_CONSOLE:
	case ROUTE_KIOSK_FILE: {
		const char *dir = route->kind == ROUTE_CONSOLE ? a->console_dir : a->kiosk_dir;

		if (!dir[0] || webfiles_read(dir, route->file, &data, &len, &type) < 0) {
			api_reply_error(&rep, 404, "not_found", "no file \"%s\"", route->file);
			return api_send(conn, &rep);
		}
		return api_send_text(conn, 200, data, len, type);
	}
	case ROUTE_PRINTER_JOBS:
	case ROUTE_PRINTER_JOB:
	case ROUTE_KIOSK_SETUP:
		if (!api_has_kiosk(a, &rep))
			return api_send(conn, &rep);
		rep.status = 200;
		if (route->kind == ROUTE_PRINTER_JOBS) {
			rep.body = kiosk_jobs_json(a->kiosk);
		} else if (route->kind == ROUTE_KIOSK_SETUP) {
			rep.body = kiosk_setup_json(a->kiosk);
		} else {
			const struct kiosk_job *j = kiosk_job_find(a->kiosk, route->ticket);

			if (!j)
				api_reply_error(&rep, 404, "unknown_job",
						"no print job for ticket \"%s\"", route->ticket);
			else
				rep.body = kiosk_job_json(a->kiosk, j);
		}
		return api_send(conn, &rep);
	default:
		api_reply_error(&rep, 404, "not_found", "no such path");
		return api_send(conn, &rep);
	}
}

/* ---- statistics (docs/report.md), computed off the loop ---- */

static void api_report_done(void *arg, struct reportjob *job)
{
	struct api_request *req = arg;

	(void)job;
	req->report_done = true;
	MHD_resume_connection(req->conn);
	req->api->need_run = true;
}

/* A query argument into @out; false (with the reply) when it is too long. */
static bool api_query(struct MHD_Connection *conn, const char *key, char *out, size_t size,
		      struct api_reply *rep)
{
	const char *v = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, key);

	out[0] = '\0';
	if (!v)
		return true;
	if (strlen(v) >= size) {
		api_reply_error(rep, 400, "bad_value", "%s: too long", key);
		return false;
	}
	memcpy(out, v, strlen(v) + 1);
	return true;
}

static enum MHD_Result api_report_send(struct api *a, struct MHD_Connection *conn,
				       struct api_request *req)
{
	const struct reportjob_result *res = reportjob_result(req->job);
	struct api_reply rep = { 0 };
	struct MHD_Response *resp;
	enum MHD_Result rc;
	char *copy, disp[160];

	(void)a;
	if (res->status != 200) {
		api_reply_error(&rep, res->status, res->status == 400 ? "bad_request" : "internal",
				"%s", res->message);
		return api_send(conn, &rep);
	}
	copy = malloc(res->len + 1);
	if (!copy)
		return MHD_NO;
	memcpy(copy, res->body, res->len + 1);
	resp = MHD_create_response_from_buffer_with_free_callback(res->len, copy, free);
	if (!resp) {
		free(copy);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", res->type);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (req->route.file[0]) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", req->route.file);
		MHD_add_response_header(resp, "Content-Disposition", disp);
	}
	rc = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return rc;
}

/* GET /v1/report?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv&table=T] */
static enum MHD_Result api_report(struct api *a, struct MHD_Connection *conn,
				  struct api_request *req)
{
	const struct config *cfg = a->state->cfg;
	struct api_reply rep = { 0 };
	struct reportjob_request rq = { 0 };
	char from[16], to[16], format[8];

	if (req->job)
		return req->report_done ? api_report_send(a, conn, req) : MHD_YES;
	if (a->stopping) {
		api_reply_error(&rep, 503, "stopping", "machiaid is stopping");
		return api_send(conn, &rep);
	}
	if (!api_query(conn, "from", from, sizeof(from), &rep) ||
	    !api_query(conn, "to", to, sizeof(to), &rep) ||
	    !api_query(conn, "format", format, sizeof(format), &rep) ||
	    !api_query(conn, "table", rq.table, sizeof(rq.table), &rep))
		return api_send(conn, &rep);
	if (reportfile_parse_date(from, &rq.from) < 0 || reportfile_parse_date(to, &rq.to) < 0) {
		api_reply_error(&rep, 400, "bad_value", "%s: expected a date YYYY-MM-DD",
				reportfile_parse_date(from, &rq.from) < 0 ? "from" : "to");
		return api_send(conn, &rep);
	}
	if (format[0] && strcmp(format, "json") && strcmp(format, "csv")) {
		api_reply_error(&rep, 400, "bad_value", "format: expected json or csv");
		return api_send(conn, &rep);
	}
	rq.csv = !strcmp(format, "csv");
	if (rq.csv && !reportjson_table_ok(rq.table)) {
		api_reply_error(&rep, 400, "bad_value",
				"table: expected summary, categories, windows, half_hours, days, "
				"week or skipped");
		return api_send(conn, &rep);
	}
	if (rq.csv)
		snprintf(req->route.file, sizeof(req->route.file), "machiai-%s-%s-%s.csv", rq.table,
			 from, to);
	if (a->n_reports >= API_REPORTS_MAX) {
		api_reply_error(&rep, 503, "busy", "%d reports are being computed; try again",
				a->n_reports);
		return api_send(conn, &rep);
	}
	req->job = reportjob_start(a->loop, cfg, cfg->state_dir, &rq, api_report_done, req);
	if (!req->job) {
		api_reply_error(&rep, 500, "internal", "cannot start the report: %s",
				strerror(errno));
		return api_send(conn, &rep);
	}
	for (int i = 0; i < API_REPORTS_MAX; i++) {
		if (!a->reports[i]) {
			a->reports[i] = req;
			break;
		}
	}
	a->n_reports++;
	MHD_suspend_connection(conn);
	return MHD_YES;
}

/* ---- libmicrohttpd glue ---- */

static enum MHD_Result api_handle(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	struct api *a = cls;
	struct api_request *req = *req_cls;
	struct api_reply rep = { 0 };

	(void)version;
	if (!req)
		return MHD_NO; /* api_uri_seen() failed to allocate it */
	if (!req->started) {
		const char *cl;
		char *end;

		req->started = true;
		if (req->uri_too_long) {
			api_reply_error(&rep, 414, "uri_too_long",
					"the URL is over %d bytes or has over %d query arguments",
					API_URI_MAX, API_QUERY_MAX);
			return api_send(conn, &rep);
		}
		api_route_find(url, &req->route);
		if (req->route.kind == ROUTE_NONE) {
			api_reply_error(&rep, 404, "not_found", "no such path: %.200s", url);
			return api_send(conn, &rep);
		}
		if (!api_method_allowed(&req->route, method)) {
			api_reply_error(&rep, 405, "method_not_allowed", "%.200s takes %s", url,
					req->route.allow);
			rep.allow = req->route.allow;
			return api_send(conn, &rep);
		}
		req->api = a;
		req->conn = conn;
		if (!req->route.write && !req->route.staff)
			return api_read(a, conn, &req->route);
		req->scope = api_authorized(a, conn);
		if (req->scope == API_SCOPE_NONE) {
			const char *h =
				MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

			api_reply_error(
				&rep, 401, "unauthorized", "%s",
				!a->has_token ? "writes are off: no api token is configured"
				: !h || strncmp(h, "Bearer ", 7) != 0
					? (req->route.staff
						   ? "the statistics need the header "
						     "Authorization: Bearer TOKEN ([api] token)"
						   : "writes need the header Authorization: Bearer TOKEN")
					: "the token of Authorization: Bearer is not [api] token");
			rep.auth_challenge = true;
			return api_send(conn, &rep);
		}
		if (req->scope == API_SCOPE_KIOSK && !req->route.kiosk) {
			api_reply_error(&rep, 403, "forbidden",
					req->route.staff
						? "the statistics need the staff's token, "
						  "not the kiosk's"
						: "the kiosk's token may only issue tickets");
			return api_send(conn, &rep);
		}
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			long long n;

			errno = 0;
			n = strtoll(cl, &end, 10);
			if (errno == 0 && end != cl && n > API_BODY_MAX) {
				api_reply_error(&rep, 413, "too_large", "body over %d bytes",
						API_BODY_MAX);
				return api_send(conn, &rep);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		if (!req->too_large && req->len + n <= API_BODY_MAX) {
			char *nb = realloc(req->body, req->len + n + 1);

			if (!nb)
				return MHD_NO;
			req->body = nb;
			memcpy(req->body + req->len, upload_data, n);
			req->len += n;
		} else {
			req->too_large = true;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->too_large) {
		api_reply_error(&rep, 413, "too_large", "body over %d bytes", API_BODY_MAX);
		return api_send(conn, &rep);
	}
	if (req->route.kind == ROUTE_REPORT)
		return api_report(a, conn, req);
	api_write(a, req, &rep);
	return api_send(conn, &rep);
}

/*
 * Called by libmicrohttpd with the request line's URI before it parses the query
 * arguments (it does so afterwards, in place, from the same buffer): a URI that is
 * too long or has too many arguments is marked for a 414, and its query is emptied
 * there so that libmicrohttpd does not spend the connection's memory on it.
 * Return: the request's state, for api_handle() (*req_cls).
 */
static void *api_uri_seen(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct api_request *req = calloc(1, sizeof(*req));
	char *query = strchr(uri, '?');
	size_t args = 0;

	(void)cls;
	(void)conn;
	if (!req)
		return NULL;
	for (const char *p = query; p && *p; p++)
		args += *p == '&' || *p == ';';
	if (strlen(uri) > API_URI_MAX || (query && args >= API_QUERY_MAX)) {
		req->uri_too_long = true;
		if (query)
			query[1] = '\0';
	}
	return req;
}

static void api_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			  enum MHD_RequestTerminationCode toe)
{
	struct api_request *req = *req_cls;
	struct api *a = cls;

	(void)conn;
	(void)toe;
	if (!req)
		return;
	if (req->job) {
		reportjob_free(req->job);
		a->n_reports--;
		for (int i = 0; i < API_REPORTS_MAX; i++) {
			if (a->reports[i] == req)
				a->reports[i] = NULL;
		}
	}
	free(req->body);
	free(req);
	*req_cls = NULL;
}

static void api_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[300];

	(void)cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	log_warn("api: %s", buf);
}

static void api_run(struct api *a)
{
	a->need_run = false;
	MHD_run(a->mhd);
}

static void api_on_epoll(void *arg, int fd, uint32_t revents)
{
	(void)fd;
	(void)revents;
	api_run(arg);
}

static void api_on_timer(void *arg)
{
	api_run(arg);
}

static int64_t api_prepare(void *arg)
{
	struct api *a = arg;
	MHD_UNSIGNED_LONG_LONG t;

	if (a->need_run)
		api_run(a);
	if (MHD_get_timeout(a->mhd, &t) == MHD_YES) {
		int64_t ms = t > 60000 ? 60000 : (int64_t)t;

		loop_timer_arm(a->loop, a->mhd_timer, ms);
		return ms;
	}
	loop_timer_arm(a->loop, a->mhd_timer, -1);
	return -1;
}

/* "ADDR:PORT" or "[V6]:PORT" into @ss. */
static int api_parse_listen(const char *listen, struct sockaddr_storage *ss, char *err,
			    size_t errsize)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	const char *h = listen;
	size_t hl;
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	if (!colon)
		goto err_syntax;
	hl = (size_t)(colon - listen);
	if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(host))
		goto err_syntax;
	memcpy(host, h, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
		goto err_syntax;
	if (h == listen) {
		struct sockaddr_in *in4 = (struct sockaddr_in *)ss;

		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &in4->sin_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1)
			return 0;
	}
err_syntax:
	snprintf(err, errsize, "listen address \"%s\": expected ADDR:PORT, e.g. 127.0.0.1:8080",
		 listen);
	return -1;
}

struct api *api_new(struct loop *l, struct state *s, const struct api_options *opt, char *err,
		    size_t errsize)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	struct api *a;
	unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;

	if (api_parse_listen(opt->listen, &ss, err, errsize) < 0)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	a->loop = l;
	a->state = s;
	a->epfd = -1;
	if (opt->token && opt->token[0]) {
		SHA256((const unsigned char *)opt->token, strlen(opt->token), a->token_hash);
		a->has_token = true;
	}
	if (opt->kiosk_token && opt->kiosk_token[0]) {
		SHA256((const unsigned char *)opt->kiosk_token, strlen(opt->kiosk_token),
		       a->kiosk_hash);
		a->has_kiosk_token = true;
	}
	if (opt->console_dir)
		snprintf(a->console_dir, sizeof(a->console_dir), "%s", opt->console_dir);
	if (opt->kiosk_dir)
		snprintf(a->kiosk_dir, sizeof(a->kiosk_dir), "%s", opt->kiosk_dir);
	a->kiosk = opt->kiosk;
	a->feed = opt->feed;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	a->mhd = MHD_start_daemon(
		flags, 0, NULL, NULL, api_handle, a, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_NOTIFY_COMPLETED, api_completed, a, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)(API_STREAMS_MAX + 128), MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)API_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, api_uri_seen, a, MHD_OPTION_EXTERNAL_LOGGER,
		api_mhd_log, a, MHD_OPTION_END);
	if (!a->mhd) {
		snprintf(err, errsize, "cannot listen on %s: %s", opt->listen, strerror(errno));
		goto err_free;
	}
	info = MHD_get_daemon_info(a->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (!info) {
		snprintf(err, errsize, "libmicrohttpd has no epoll support");
		goto err_stop;
	}
	a->epfd = info->epoll_fd;
	info = MHD_get_daemon_info(a->mhd, MHD_DAEMON_INFO_BIND_PORT);
	a->port = info ? info->port : 0;
	a->mhd_timer = loop_timer_add(l, -1, 0, api_on_timer, a);
	a->heartbeat = loop_timer_add(l, API_HEARTBEAT_MS, API_HEARTBEAT_MS, api_heartbeat, a);
	if (!a->mhd_timer || !a->heartbeat ||
	    loop_fd_add(l, a->epfd, LOOP_IN, api_on_epoll, a) < 0 ||
	    loop_hook_add(l, api_prepare, a) < 0 || state_listener_add(s, api_on_change, a) < 0) {
		snprintf(err, errsize, "cannot register with the loop");
		goto err_stop;
	}
	return a;

err_stop:
	loop_timer_remove(l, a->mhd_timer);
	loop_timer_remove(l, a->heartbeat);
	MHD_stop_daemon(a->mhd);
err_free:
	free(a);
	return NULL;
}

void api_free(struct api *a)
{
	if (!a)
		return;
	for (struct api_client *cl = a->clients; cl; cl = cl->next) {
		cl->dropped = true;
		if (cl->suspended) {
			cl->suspended = false;
			MHD_resume_connection(cl->conn);
		}
	}
	/* Reports still computing: wait for them, and say that the daemon stops. */
	a->stopping = true;
	for (int i = 0; i < API_REPORTS_MAX; i++) {
		struct api_request *req = a->reports[i];

		if (!req || req->report_done)
			continue;
		reportjob_free(req->job);
		req->job = NULL;
		a->reports[i] = NULL;
		a->n_reports--;
		MHD_resume_connection(req->conn);
	}
	MHD_run(a->mhd);
	loop_fd_remove(a->loop, a->epfd);
	loop_timer_remove(a->loop, a->mhd_timer);
	loop_timer_remove(a->loop, a->heartbeat);
	MHD_stop_daemon(a->mhd);
	free(a);
}

uint16_t api_port(const struct api *a)
{
	return a->port;
}

int api_stream_clients(const struct api *a)
{
	return a->n_clients;
}
