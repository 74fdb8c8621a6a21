/* SPDX-License-Identifier: MIT */
#include "sim/live.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/civil.h"
#include "core/office.h"
#include "sim/engine.h"

#define LIVE_BODY_MAX (1024 * 1024) /* replies larger than this are cut off */
#define LIVE_TIMEOUT_S 5L
#define LIVE_RESYNC_MS 30000 /* real ms between readings of the daemon's clock */
#define LIVE_SLEEP_MAX_MS 200 /* sleep in slices so that a signal stops us soon */
#define LIVE_ERRORS_SHOWN 20 /* API errors logged in full; then one in 100 */
#define LIVE_OPEN_WAIT_MS 30000 /* real ms to wait for the daemon to open the day */
#define LIVE_POLL_MS 50
#define LIVE_RETRY (-2) /* request(): the daemon has not opened the day yet */

static volatile sig_atomic_t stop_flag;

struct buffer {
	char *data;
	size_t len;
};

struct live {
	const struct sim_scenario *sc;
	const struct live_options *opt;
	CURL *curl;
	struct curl_slist *headers;
	char tag[16]; /* makes reservation ids unique per run */
	int64_t daemon_at; /* daemon's clock at real_at */
	int64_t real_at; /* CLOCK_MONOTONIC ms */
	int64_t send_from; /* events before this (daemon ms) are not sent */
	int64_t next_status; /* daemon ms of the next progress line */
	int64_t opening_until; /* real ms: until then, "day_closed" means wait and retry */
	FILE *door;
	long requests, errors;
	long issued, calls;
};

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t daemon_now(const struct live *l)
{
	return l->daemon_at + (int64_t)((double)(mono_ms() - l->real_at) * l->opt->speed);
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static size_t on_body(char *ptr, size_t size, size_t n, void *ctx)
{
	struct buffer *b = ctx;
	size_t len = size * n;
	char *p;

	if (b->len + len > LIVE_BODY_MAX)
		return 0;
	p = realloc(b->data, b->len + len + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, ptr, len);
	b->data = p;
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

/*
 * One request; the reply body (NUL-terminated) goes to *@reply if not NULL.
 * Returns the HTTP status, -1 when there was none, or LIVE_RETRY when the
 * daemon refused because its day is not open yet while we wait for it.
 */
static long request(struct live *l, const char *method, const char *path, const char *body,
		    char **reply)
{
	struct buffer b = { 0 };
	char url[1024];
	long status = 0;
	CURLcode rc;

	snprintf(url, sizeof(url), "%s%s", l->opt->url, path);
	curl_easy_setopt(l->curl, CURLOPT_URL, url);
	curl_easy_setopt(l->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(l->curl, CURLOPT_HTTPGET, body ? 0L : 1L);
	if (body) {
		curl_easy_setopt(l->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(l->curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(l->curl, CURLOPT_HTTPHEADER, l->headers);
	curl_easy_setopt(l->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(l->curl, CURLOPT_WRITEDATA, &b);
	l->requests++;
	rc = curl_easy_perform(l->curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(l->curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK && status >= 400 && b.data && strstr(b.data, "\"day_closed\"") &&
	    mono_ms() < l->opening_until) {
		free(b.data);
		return LIVE_RETRY;
	}
	/* A ticket or window action went through: the day is open there. */
	if (status >= 200 && status <= 299 && body && strncmp(path, "/v1/reservations", 16) != 0)
		l->opening_until = 0;
	if (rc != CURLE_OK || status < 200 || status > 299) {
		while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
			b.data[--b.len] = '\0';
		l->errors++;
		if (l->errors <= LIVE_ERRORS_SHOWN || l->errors % 100 == 0)
			fprintf(stderr, "machiai-sim: %s %s: %s%s%.300s (error %ld)\n", method,
				path, rc != CURLE_OK ? curl_easy_strerror(rc) : "",
				rc != CURLE_OK ? "" : "HTTP reply ",
				rc != CURLE_OK ? "" : (b.data ? b.data : ""), l->errors);
		if (rc == CURLE_OK && status == 0)
			status = -1;
	}
	if (reply)
		*reply = b.data;
	else
		free(b.data);
	return rc == CURLE_OK ? status : -1;
}

/* Reads the daemon's clock from its status document. */
static int sync_clock(struct live *l)
{
	char *body = NULL;
	json_t *js = NULL;
	const char *at;
	int64_t real = mono_ms(), ms;
	int rc = -1;

	if (request(l, "GET", "/v1/status", NULL, &body) != 200 || !body)
		goto free_body;
	js = json_loads(body, 0, NULL);
	at = json_string_value(json_object_get(js, "generated_at"));
	if (!at || civil_parse_iso8601(at, &ms) < 0) {
		fprintf(stderr, "machiai-sim: /v1/status has no generated_at time\n");
		goto free_body;
	}
	/* The reading is good to a second; take the middle of the request. */
	l->daemon_at = ms + 500;
	l->real_at = (real + mono_ms()) / 2;
	rc = 0;
free_body:
	json_decref(js);
	free(body);
	return rc;
}

static void post_json(struct live *l, const char *method, const char *path, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;

	while (request(l, method, path, text ? text : "{}", NULL) == LIVE_RETRY && !stop_flag)
		sleep_ms(LIVE_POLL_MS);
	free(text);
	json_decref(body);
}

static void door(struct live *l, const struct event *ev)
{
	char when[40];

	if (!l->door)
		return;
	civil_iso8601(ev->at, l->sc->cfg.utc_offset_minutes, when, sizeof(when));
	if (fprintf(l->door, "%s %s\n", ev->count > 0 ? "in" : "out", when) < 0 ||
	    fflush(l->door)) {
		fprintf(stderr, "machiai-sim: door output: %s; no more door events\n",
			strerror(errno));
		fclose(l->door);
		l->door = NULL;
	}
}

static void progress(struct live *l, const struct office *o, int64_t at)
{
	char when[40];
	int waiting = 0, open = 0;

	if (at < l->next_status)
		return;
	l->next_status = at + 30 * 60000LL;
	for (int c = 0; c < o->cfg->n_categories; c++)
		waiting += office_waiting(o, c);
	for (int w = 0; w < o->cfg->n_windows; w++)
		open += o->windows[w].open;
	civil_iso8601(at, l->sc->cfg.utc_offset_minutes, when, sizeof(when));
	printf("machiai-sim: %.16s  tickets %ld, calls %ld, waiting %d, windows open %d, "
	       "API requests %ld (%ld failed)\n",
	       when, l->issued, l->calls, waiting, open, l->requests, l->errors);
	fflush(stdout);
}

static int live_sink(void *ctx, const struct office *o, const struct event *ev)
{
	struct live *l = ctx;
	char path[96], id[EVENT_RESERVATION_MAX + 16], start[40], end[40];
	static const char *const actions[EVENT_TYPE_COUNT] = {
		[EVENT_TICKET_RECALL] = "recall",
		[EVENT_TICKET_SERVE] = "serve",
		[EVENT_TICKET_DONE] = "done",
		[EVENT_TICKET_NO_SHOW] = "no-show",
	};

	if (ev->at < l->send_from)
		return 0;
	progress(l, o, ev->at);
	switch (ev->type) {
	case EVENT_TICKET_ISSUE:
		l->issued++;
		if (ev->reservation[0]) {
			snprintf(id, sizeof(id), "%s-%s", ev->reservation, l->tag);
			/* A check-in names the reservation only; its category is the booking's. */
			post_json(l, "POST", "/v1/tickets", json_pack("{s:s}", "reservation", id));
		} else {
			post_json(l, "POST", "/v1/tickets",
				  json_pack("{s:s}", "category", ev->category));
		}
		break;
	case EVENT_TICKET_CALL:
		l->calls++;
		snprintf(path, sizeof(path), "/v1/windows/%s/call", ev->window);
		post_json(l, "POST", path, NULL);
		break;
	case EVENT_TICKET_RECALL:
	case EVENT_TICKET_SERVE:
	case EVENT_TICKET_DONE:
	case EVENT_TICKET_NO_SHOW:
		snprintf(path, sizeof(path), "/v1/windows/%s/%s", ev->window, actions[ev->type]);
		post_json(l, "POST", path, NULL);
		break;
	case EVENT_WINDOW_SET:
		snprintf(path, sizeof(path), "/v1/windows/%s", ev->window);
		post_json(l, "PUT", path, json_pack("{s:b}", "open", ev->open));
		break;
	case EVENT_RESERVATION_BOOK:
		snprintf(id, sizeof(id), "%s-%s", ev->reservation, l->tag);
		civil_iso8601(ev->slot_start, l->sc->cfg.utc_offset_minutes, start, sizeof(start));
		civil_iso8601(ev->slot_end, l->sc->cfg.utc_offset_minutes, end, sizeof(end));
		post_json(l, "POST", "/v1/reservations",
			  json_pack("{s:s,s:s,s:s,s:s}", "id", id, "category", ev->category,
				    "slot_start", start, "slot_end", end));
		break;
	case EVENT_PEOPLE:
		door(l, ev);
		break;
	case EVENT_DAY_OPEN:
		/* The daemon opens the day on its own clock, on a tick: hold on till then. */
		l->opening_until = mono_ms() + LIVE_OPEN_WAIT_MS;
		break;
	default:
		/* Day opening and closing and reservation expiry: the daemon's own clock. */
		break;
	}
	return stop_flag ? -1 : 0;
}

/* Waits until the daemon's clock reaches @at; false when stopped first. */
static bool wait_until(struct live *l, int64_t at)
{
	static int64_t last_sync;

	while (!stop_flag) {
		int64_t now = daemon_now(l), real_ms;

		if (mono_ms() - last_sync > LIVE_RESYNC_MS) {
			last_sync = mono_ms();
			if (sync_clock(l) == 0)
				now = daemon_now(l);
		}
		if (now >= at)
			return true;
		real_ms = (int64_t)((double)(at - now) / l->opt->speed) + 1;
		if (real_ms > LIVE_SLEEP_MAX_MS)
			real_ms = LIVE_SLEEP_MAX_MS;
		sleep_ms(real_ms);
	}
	return false;
}

static int run_days(struct live *l, uint64_t seed)
{
	const struct sim_scenario *sc = l->sc;
	struct office *o = office_new(&sc->cfg);
	struct civil now;
	int32_t date;
	char err[256];

	if (!o)
		return 1;
	civil_from_ms(daemon_now(l), sc->cfg.utc_offset_minutes, &now);
	date = sim_scenario_next_date(sc, now.yyyymmdd);
	if (date == now.yyyymmdd && now.minute_of_day >= sc->cfg.hours[now.weekday].spans[0].end)
		date = sim_scenario_next_date(sc, civil_next_day(date));
	l->send_from = daemon_now(l);
	/* Joining a day already open here but maybe not yet there: as at opening. */
	l->opening_until = mono_ms() + LIVE_OPEN_WAIT_MS;
	while (!stop_flag) {
		struct sim_day *d = sim_day_new(sc, o, date, seed, live_sink, l);

		if (!d)
			break;
		printf("machiai-sim: simulating %d (%s) at %gx; events before the daemon's clock "
		       "are skipped\n",
		       (int)date, sc->name, l->opt->speed);
		fflush(stdout);
		while (!stop_flag && sim_day_next_at(d) != INT64_MAX) {
			int64_t at = sim_day_next_at(d);

			if (at >= l->send_from && !wait_until(l, at))
				break;
			if (sim_day_step(d, err, sizeof(err))) {
				if (!stop_flag)
					fprintf(stderr, "machiai-sim: %s\n", err);
				break;
			}
		}
		sim_day_free(d);
		date = sim_scenario_next_date(sc, civil_next_day(date));
	}
	office_free(o);
	return 0;
}

int live_run(const struct sim_scenario *sc, const struct live_options *opt, uint64_t seed)
{
	struct live l = { .sc = sc, .opt = opt };
	struct sigaction sa;
	char auth[CONFIG_SECRET_MAX + 32];
	int rc = 1;

	if (!opt->token) {
		fprintf(stderr, "machiai-sim: --live needs --token\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return 1;
	l.curl = curl_easy_init();
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", opt->token);
	l.headers = curl_slist_append(NULL, auth);
	l.headers = curl_slist_append(l.headers, "Content-Type: application/json");
	if (!l.curl || !l.headers)
		goto cleanup_curl;
	curl_easy_setopt(l.curl, CURLOPT_TIMEOUT, LIVE_TIMEOUT_S);
	curl_easy_setopt(l.curl, CURLOPT_NOSIGNAL, 1L);
	snprintf(l.tag, sizeof(l.tag), "%lx", (unsigned long)(time(NULL) % 0xfffff));
	if (opt->door_fifo) {
		/* A FIFO opens without waiting for its reader; a plain file is appended to. */
		int fd = open(opt->door_fifo, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0644);

		l.door = fd >= 0 ? fdopen(fd, "a") : NULL;
		if (!l.door) {
			fprintf(stderr, "machiai-sim: %s: %s\n", opt->door_fifo, strerror(errno));
			if (fd >= 0)
				close(fd);
			goto cleanup_curl;
		}
	}
	while (!stop_flag && sync_clock(&l)) {
		fprintf(stderr, "machiai-sim: waiting for machiaid at %s\n", opt->url);
		sleep(1);
	}
	rc = stop_flag ? 0 : run_days(&l, seed);
	printf("machiai-sim: stopped; %ld API requests, %ld failed\n", l.requests, l.errors);
	if (l.door)
		fclose(l.door);
cleanup_curl:
	curl_slist_free_all(l.headers);
	curl_easy_cleanup(l.curl);
	curl_global_cleanup();
	return rc;
}
