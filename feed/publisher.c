/* SPDX-License-Identifier: MIT */
#include "feed/publisher.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/civil.h"
#include "core/config.h"
#include "core/forecast.h"
#include "feed/feeddoc.h"
#include "feed/ngsi.h"
#include "feed/spool.h"

#define PUB_MAX_SOCKETS 16
#define PUB_BODY_MAX (8 * 1024 * 1024)
#define PUB_CALLS_MAX 1024 /* calls remembered per history interval */

enum channel_id {
	CH_STATUS,
	CH_HISTORY,
	CH_FORECAST,
	CH_DISCOVERY,
	CH_NGSI,
	CH_COUNT,
};

static const char *const channel_name[CH_COUNT] = { "status", "history", "forecast", "discovery",
						    "ngsi" };

struct channel {
	CURL *easy; /* non-NULL while a transfer is in flight */
	struct curl_slist *headers;
	char *body;
	size_t len;
	char errbuf[CURL_ERROR_SIZE];
	bool due; /* something new to send */
	int failures; /* consecutive */
	int64_t retry_at; /* no new attempt before, ms */
	int64_t started_at; /* last attempt, ms */
	int64_t last_ok; /* last 2xx, ms; 0 = never */
	uint64_t sent_ok, sent_failed;
	char error[256]; /* the current error; "" when the last attempt succeeded */
	long logged; /* kind of the error last logged: curl code, or 1000 + HTTP status; 0 none */
	uint64_t seq; /* status: seq of the document in flight; history: its last row */
	/* history: what the transfer in flight carries */
	int32_t day;
	size_t body_len;
};

struct pub_socket {
	curl_socket_t fd;
	int what; /* CURL_POLL_IN, _OUT, _INOUT; 0 = free slot */
};

struct feed_publisher {
	char base[1024]; /* FEED_URL/offices/ID/ */
	char base_path[1024]; /* the path part of base, for the signature */
	char office_id[64];
	char token[160];
	char hmac_key[160];
	char ca_file[256];
	char ngsi_url[512];
	bool ngsi;
	int offset_min, interval_s, min_gap_s, history_interval_s, ttl_s, timeout_s, backoff_cap_s;
	int forecast_weeks;
	struct config *calendar; /* a copy, or NULL */
	void (*log)(void *ctx, const char *msg);
	void *log_ctx;
	void (*sent)(void *ctx, const char *file, uint64_t seq, int64_t now_ms);
	void (*watch)(void *ctx, int fd, short events);
	void *watch_ctx;

	CURLM *multi;
	struct pub_socket sockets[PUB_MAX_SOCKETS];
	int64_t curl_deadline; /* monotonic ms; -1 = none */
	bool curl_kick; /* curl asked for an immediate timeout */

	struct spool *spool;
	struct channel ch[CH_COUNT];
	json_t *status; /* the daemon's latest status document */
	char status_error[256];
	int64_t next_sample; /* ms */
	bool sample_late; /* next_sample was missed while the publisher was stopped */
	int call_waits
		[PUB_CALLS_MAX]; /* minutes waited by the tickets called since the last sample */
	int n_call_waits;
	int32_t forecast_day; /* day the forecast was last made for */
	char error[320]; /* returned by feed_publisher_error_get() */
	char spool_logged[320];
};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pub_log(struct feed_publisher *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->log)
		p->log(p->log_ctx, msg);
	else
		fprintf(stderr, "feed: %s\n", msg);
}

static short poll_events(int what)
{
	short ev = 0;

	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= POLLIN;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= POLLOUT;
	return ev;
}

static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct feed_publisher *p = userp;
	int free_slot = -1;

	(void)easy;
	(void)socketp;
	if (p->watch)
		p->watch(p->watch_ctx, fd, what == CURL_POLL_REMOVE ? 0 : poll_events(what));
	for (int i = 0; i < PUB_MAX_SOCKETS; i++) {
		if (p->sockets[i].what && p->sockets[i].fd == fd) {
			p->sockets[i].what = what == CURL_POLL_REMOVE ? 0 : what;
			return 0;
		}
		if (!p->sockets[i].what && free_slot < 0)
			free_slot = i;
	}
	if (what == CURL_POLL_REMOVE)
		return 0;
	if (free_slot < 0)
		return -1;
	p->sockets[free_slot].fd = fd;
	p->sockets[free_slot].what = what;
	return 0;
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct feed_publisher *p = userp;

	(void)multi;
	if (timeout_ms < 0) {
		p->curl_deadline = -1;
	} else {
		p->curl_deadline = mono_ms() + timeout_ms;
		if (timeout_ms == 0)
			p->curl_kick = true;
	}
	return 0;
}

static bool id_ok(const char *s)
{
	if (!*s || strlen(s) >= 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static void copy_opt(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

struct feed_publisher *feed_publisher_new(const struct feed_publisher_config *cfg, char *err,
					  size_t errsize)
{
	struct feed_publisher *p;
	const char *url = cfg->url ? cfg->url : "";
	size_t ulen = strlen(url);
	const char *path;

	if (strncmp(url, "https://", 8) != 0 || ulen > 900) {
		snprintf(err, errsize,
			 "feed url '%s': must start with https:// (at most 900 bytes)", url);
		return NULL;
	}
	if (!cfg->office_id || !id_ok(cfg->office_id)) {
		snprintf(err, errsize, "office id '%s': must be letters, digits, '.', '_' or '-'",
			 cfg->office_id ? cfg->office_id : "");
		return NULL;
	}
	if (cfg->ngsi && cfg->ngsi_url && cfg->ngsi_url[0] &&
	    strncmp(cfg->ngsi_url, "https://", 8) != 0) {
		snprintf(err, errsize, "ngsi url '%s': must start with https://", cfg->ngsi_url);
		return NULL;
	}
	if ((cfg->token && strlen(cfg->token) >= 160) ||
	    (cfg->hmac_key && strlen(cfg->hmac_key) >= 160) ||
	    (cfg->ca_file && strlen(cfg->ca_file) >= 256) ||
	    (cfg->ngsi_url && strlen(cfg->ngsi_url) >= 512)) {
		snprintf(err, errsize, "feed: token, key, CA file or NGSI url too long");
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errsize, "feed: out of memory");
		return NULL;
	}
	snprintf(p->base, sizeof(p->base), "%s%soffices/%s/", url, url[ulen - 1] == '/' ? "" : "/",
		 cfg->office_id);
	path = strchr(p->base + 8, '/');
	copy_opt(p->base_path, sizeof(p->base_path), path);
	copy_opt(p->office_id, sizeof(p->office_id), cfg->office_id);
	copy_opt(p->token, sizeof(p->token), cfg->token);
	copy_opt(p->hmac_key, sizeof(p->hmac_key), cfg->hmac_key);
	copy_opt(p->ca_file, sizeof(p->ca_file), cfg->ca_file);
	copy_opt(p->ngsi_url, sizeof(p->ngsi_url), cfg->ngsi_url);
	p->ngsi = cfg->ngsi;
	p->offset_min = cfg->offset_min;
	p->interval_s = cfg->interval_s > 0 ? cfg->interval_s : 60;
	p->min_gap_s = cfg->min_gap_s >= 0 ? cfg->min_gap_s : 3;
	p->history_interval_s = cfg->history_interval_s > 0 ? cfg->history_interval_s : 300;
	p->ttl_s = cfg->ttl_s > 0 ? cfg->ttl_s : 2 * p->interval_s;
	p->timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : 10;
	p->backoff_cap_s = cfg->backoff_cap_s > 0 ? cfg->backoff_cap_s : 300;
	p->forecast_weeks = cfg->forecast_weeks > 0 ? cfg->forecast_weeks : 10;
	if (cfg->calendar) {
		p->calendar = malloc(sizeof(*p->calendar));
		if (!p->calendar) {
			snprintf(err, errsize, "feed: out of memory");
			goto err_free_pub;
		}
		*p->calendar = *cfg->calendar;
	}
	p->log = cfg->log;
	p->log_ctx = cfg->log_ctx;
	p->sent = cfg->sent;
	p->watch = cfg->watch;
	p->watch_ctx = cfg->watch_ctx;
	p->curl_deadline = -1;

	p->spool = spool_open(cfg->spool_dir ? cfg->spool_dir : "", p->office_id, p->offset_min,
			      cfg->keep_days > 0 ? cfg->keep_days : 84, err, errsize);
	if (!p->spool)
		goto err_free_pub;
	p->multi = curl_multi_init();
	if (!p->multi) {
		snprintf(err, errsize, "feed: curl_multi_init failed");
		goto err_close_spool;
	}
	curl_multi_setopt(p->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(p->multi, CURLMOPT_SOCKETDATA, p);
	curl_multi_setopt(p->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(p->multi, CURLMOPT_TIMERDATA, p);
	p->ch[CH_HISTORY].due = true;
	p->ch[CH_DISCOVERY].due = true;
	p->ch[CH_FORECAST].due = true;
	return p;

err_close_spool:
	spool_close(p->spool);
err_free_pub:
	free(p->calendar);
	free(p);
	return NULL;
}

void feed_publisher_config_from(struct feed_publisher_config *pc, const struct config *cfg,
				const char *spool_dir)
{
	memset(pc, 0, sizeof(*pc));
	pc->url = cfg->feed_url;
	pc->office_id = cfg->office_id;
	pc->token = cfg->feed_token;
	pc->hmac_key = cfg->feed_hmac_key;
	pc->ca_file = cfg->feed_ca_file;
	pc->spool_dir = spool_dir;
	pc->offset_min = cfg->utc_offset_minutes;
	pc->interval_s = cfg->feed_interval_s;
	pc->min_gap_s = cfg->feed_min_gap_s;
	pc->history_interval_s = cfg->history_interval_s;
	pc->ngsi = cfg->feed_ngsi;
	pc->ngsi_url = cfg->ngsi_url;
	pc->calendar = cfg;
}

static void channel_end(struct feed_publisher *p, struct channel *c)
{
	if (c->easy) {
		curl_multi_remove_handle(p->multi, c->easy);
		curl_easy_cleanup(c->easy);
		c->easy = NULL;
	}
	curl_slist_free_all(c->headers);
	c->headers = NULL;
	free(c->body);
	c->body = NULL;
	c->len = 0;
}

void feed_publisher_free(struct feed_publisher *p)
{
	if (!p)
		return;
	for (int i = 0; i < CH_COUNT; i++)
		channel_end(p, &p->ch[i]);
	curl_multi_cleanup(p->multi);
	spool_close(p->spool);
	json_decref(p->status);
	free(p->calendar);
	free(p);
}

int feed_publisher_sign(const char *key, const char *timestamp, const char *method,
			const char *path, const char *body, size_t len, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	size_t hlen = strlen(timestamp) + strlen(method) + strlen(path) + 3;
	char *msg;

	if (size < 72 || len > PUB_BODY_MAX)
		return -1;
	msg = malloc(hlen + len + 1);
	if (!msg)
		return -1;
	snprintf(msg, hlen + 1, "%s\n%s %s\n", timestamp, method, path);
	memcpy(msg + hlen, body, len);
	if (!HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, hlen + len, mac,
		  &maclen)) {
		free(msg);
		return -1;
	}
	free(msg);
	memcpy(out, "sha256=", 7);
	for (unsigned int i = 0; i < maclen; i++) {
		out[7 + 2 * i] = hex[mac[i] >> 4];
		out[8 + 2 * i] = hex[mac[i] & 15];
	}
	out[7 + 2 * maclen] = '\0';
	return 0;
}

static size_t discard_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	(void)ptr;
	(void)userdata;
	return size * nmemb;
}

/* Start sending @body (taken over, malloc'ed) with @method to @url. */
static int channel_start(struct feed_publisher *p, enum channel_id id, const char *method,
			 const char *url, const char *content_type, char *body, size_t len,
			 int64_t now_ms)
{
	struct channel *c = &p->ch[id];
	char hdr[512], ts[24], sig[80];
	const char *path = strchr(url + 8, '/');
	struct curl_slist *h = NULL;
	CURL *e;

	c->started_at = now_ms;
	e = curl_easy_init();
	if (!e) {
		free(body);
		return -1;
	}
	snprintf(hdr, sizeof(hdr), "Content-Type: %s", content_type);
	h = curl_slist_append(h, hdr);
	h = curl_slist_append(h, "Expect:");
	if (p->token[0]) {
		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", p->token);
		h = curl_slist_append(h, hdr);
	}
	if (p->hmac_key[0]) {
		snprintf(ts, sizeof(ts), "%lld", (long long)(now_ms / 1000));
		if (feed_publisher_sign(p->hmac_key, ts, method, path ? path : "/", body, len, sig,
					sizeof(sig)) == 0) {
			snprintf(hdr, sizeof(hdr), "X-Machiai-Timestamp: %s", ts);
			h = curl_slist_append(h, hdr);
			snprintf(hdr, sizeof(hdr), "X-Machiai-Signature: %s", sig);
			h = curl_slist_append(h, hdr);
		}
	}
	c->easy = e;
	c->headers = h;
	c->body = body;
	c->len = len;
	c->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_file[0])
		curl_easy_setopt(e, CURLOPT_CAINFO, p->ca_file);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)p->timeout_s * 1000);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 (long)(p->timeout_s < 5 ? p->timeout_s : 5) * 1000);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "machiai-feed/1");
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)channel_name[id]);
	if (curl_multi_add_handle(p->multi, e) != CURLM_OK) {
		channel_end(p, c);
		return -1;
	}
	return 0;
}

static char *json_body(json_t *doc, size_t *len)
{
	char *s = json_dumps(doc, JSON_COMPACT);

	json_decref(doc);
	*len = s ? strlen(s) : 0;
	return s;
}

static int64_t backoff_ms(const struct feed_publisher *p, int failures)
{
	int64_t d = 1000;

	for (int i = 1; i < failures && d < (int64_t)p->backoff_cap_s * 1000; i++)
		d *= 2;
	if (d > (int64_t)p->backoff_cap_s * 1000)
		d = (int64_t)p->backoff_cap_s * 1000;
	return d;
}

static void transfer_done(struct feed_publisher *p, enum channel_id id, CURLcode rc, int64_t now_ms)
{
	struct channel *c = &p->ch[id];
	long code = 0;

	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK && code >= 200 && code < 300) {
		if (c->failures > 0)
			pub_log(p, "%s: delivered again after %d failed attempts", channel_name[id],
				c->failures);
		c->failures = 0;
		c->error[0] = '\0';
		c->logged = 0;
		c->last_ok = now_ms;
		c->sent_ok++;
		if (p->sent)
			p->sent(p->log_ctx, channel_name[id], c->seq, now_ms);
		if (id == CH_HISTORY) {
			c->due = true; /* another day may be pending */
			if (spool_ack(p->spool, c->day, c->body_len) != 0) {
				/* The server has the rows; sending the day again is harmless,
				 * but not in a tight loop. */
				c->failures = 1;
				c->retry_at = now_ms + backoff_ms(p, p->backoff_cap_s);
				snprintf(c->error, sizeof(c->error),
					 "day %d delivered but its mark cannot be written: %s",
					 c->day, strerror(errno));
				if (c->logged != 2000) {
					pub_log(p, "history: %s; it will be sent again", c->error);
					c->logged = 2000;
				}
			}
		}
	} else {
		c->failures++;
		c->sent_failed++;
		if (rc != CURLE_OK)
			snprintf(c->error, sizeof(c->error), "%s: %s", curl_easy_strerror(rc),
				 c->errbuf[0] ? c->errbuf : "no detail");
		else if (code == 401 || code == 403)
			snprintf(c->error, sizeof(c->error),
				 "HTTP %ld: the server refuses the token", code);
		else
			snprintf(c->error, sizeof(c->error), "HTTP %ld", code);
		c->retry_at = now_ms + backoff_ms(p, c->failures);
		c->due = true;
		if ((rc != CURLE_OK ? (long)rc : 1000 + code) != c->logged) {
			pub_log(p, "%s: %s (retrying with back-off)", channel_name[id], c->error);
			c->logged = rc != CURLE_OK ? (long)rc : 1000 + code;
		}
	}
	channel_end(p, c);
}

static void transfers_collect(struct feed_publisher *p, int64_t now_ms)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(p->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		for (int i = 0; i < CH_COUNT; i++)
			if (p->ch[i].easy == m->easy_handle) {
				transfer_done(p, (enum channel_id)i, m->data.result, now_ms);
				break;
			}
	}
}

static bool channel_ready(const struct channel *c, int64_t now_ms)
{
	return !c->easy && now_ms >= c->retry_at;
}

static void url_make(const struct feed_publisher *p, const char *file, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", p->base, file);
}

static void status_start(struct feed_publisher *p, int64_t now_ms)
{
	struct channel *c = &p->ch[CH_STATUS];
	char err[256], url[1100];
	json_t *doc;
	size_t len;
	char *body;

	if (!p->status || !channel_ready(c, now_ms))
		return;
	if (!c->due && now_ms - c->started_at < (int64_t)p->interval_s * 1000)
		return;
	if (now_ms - c->started_at < (int64_t)p->min_gap_s * 1000 && c->started_at > 0)
		return;
	doc = feeddoc_status(p->status, now_ms, p->offset_min, p->ttl_s, err, sizeof(err));
	if (!doc)
		return; /* feed_publisher_status_set() reported it */
	body = json_body(doc, &len);
	if (!body)
		return;
	url_make(p, "status.json", url, sizeof(url));
	c->due = false;
	c->seq = (uint64_t)json_integer_value(json_object_get(p->status, "seq"));
	channel_start(p, CH_STATUS, "PUT", url, "application/json; charset=utf-8", body, len,
		      now_ms);

	if (p->ngsi)
		p->ch[CH_NGSI].due = true;
}

static void ngsi_start(struct feed_publisher *p, int64_t now_ms)
{
	struct channel *c = &p->ch[CH_NGSI];
	char err[256], url[1100];
	json_t *ents;
	size_t len;
	char *body;

	if (!p->ngsi || !p->status || !c->due || !channel_ready(c, now_ms))
		return;
	ents = ngsi_entities(p->status, now_ms, p->offset_min, err, sizeof(err));
	if (!ents) {
		c->due = false;
		return;
	}
	c->due = false;
	if (p->ngsi_url[0]) {
		body = json_body(ngsi_batch(ents), &len);
		snprintf(url, sizeof(url), "%s/v2/op/update?options=keyValues", p->ngsi_url);
		if (body)
			channel_start(p, CH_NGSI, "POST", url, "application/json", body, len,
				      now_ms);
	} else {
		body = json_body(ents, &len);
		url_make(p, "ngsi.json", url, sizeof(url));
		if (body)
			channel_start(p, CH_NGSI, "PUT", url, "application/json; charset=utf-8",
				      body, len, now_ms);
	}
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

void feed_publisher_called(struct feed_publisher *p, int64_t issued_at, int64_t called_at)
{
	if (called_at < issued_at || p->n_call_waits == PUB_CALLS_MAX)
		return;
	p->call_waits[p->n_call_waits++] = (int)((called_at - issued_at + 30000) / 60000);
}

/* The median wait of the tickets called since the last sample, -1 when none; resets. */
static int realised_take(struct feed_publisher *p)
{
	int n = p->n_call_waits, m;

	if (n == 0)
		return -1;
	qsort(p->call_waits, (size_t)n, sizeof(int), int_cmp);
	m = n % 2 ? p->call_waits[n / 2]
		  : (p->call_waits[n / 2 - 1] + p->call_waits[n / 2] + 1) / 2;
	p->n_call_waits = 0;
	return m;
}

static void history_sample(struct feed_publisher *p, int64_t now_ms)
{
	int64_t period = (int64_t)p->history_interval_s * 1000;
	struct spool_sample s;
	const json_t *cats, *c, *lv, *occ, *st;
	size_t i;

	if (p->next_sample == 0) {
		int64_t last = spool_last_at_get(p->spool), due = now_ms / period * period;

		/*
		 * A restart that spanned a sample time: that sample is taken now, marked
		 * late (with the time it was taken). Only the last one: earlier ones of a
		 * longer stop would all show the office as it is now.
		 */
		p->next_sample = last > 0 && last < due ? due : due + period;
		p->sample_late = p->next_sample == due;
	}
	if (now_ms < p->next_sample)
		return;
	/* A late sample waits for the first status, within its period. */
	if (!p->status && p->sample_late && now_ms < p->next_sample + period)
		return;
	s.at = now_ms / period * period;
	s.taken_at = p->sample_late && s.at == p->next_sample ? now_ms : 0;
	p->sample_late = false;
	p->next_sample = s.at + period;
	if (!p->status)
		return;

	memset(&s.status, 0, sizeof(s.status));
	st = json_object_get(json_object_get(p->status, "service"), "status");
	snprintf(s.status, sizeof(s.status), "%s",
		 json_is_string(st) ? json_string_value(st) : "closed");
	s.waiting = 0;
	s.wait_minutes = -1;
	s.realised_minutes = realised_take(p);
	cats = json_object_get(p->status, "categories");
	json_array_foreach(cats, i, c)
	{
		const json_t *med = json_object_get(json_object_get(c, "wait"), "median");

		s.waiting += (int)json_integer_value(json_object_get(c, "waiting"));
		if (json_is_integer(med) && json_integer_value(med) > s.wait_minutes)
			s.wait_minutes = (int)json_integer_value(med);
	}
	lv = json_object_get(p->status, "level");
	s.level = json_is_integer(json_object_get(lv, "value"))
			  ? (int)json_integer_value(json_object_get(lv, "value"))
			  : -1;
	snprintf(s.level_code, sizeof(s.level_code), "%s",
		 json_is_string(json_object_get(lv, "code"))
			 ? json_string_value(json_object_get(lv, "code"))
			 : "low");
	occ = json_object_get(p->status, "occupancy");
	s.occupancy = json_is_integer(json_object_get(occ, "count"))
			      ? (int)json_integer_value(json_object_get(occ, "count"))
			      : -1;
	spool_append(p->spool, &s);
	p->ch[CH_HISTORY].due = true;
}

static void history_start(struct feed_publisher *p, int64_t now_ms)
{
	struct channel *c = &p->ch[CH_HISTORY];
	struct spool_upload up;
	char url[1100], file[40];
	int rc;

	if (!c->due || !channel_ready(c, now_ms))
		return;
	rc = spool_pending(p->spool, &up);
	if (rc < 0) {
		c->retry_at = now_ms + backoff_ms(p, p->backoff_cap_s);
		snprintf(c->error, sizeof(c->error), "cannot read the spool: %s", strerror(errno));
		return;
	}
	if (rc == 0) {
		c->due = false;
		return;
	}
	snprintf(file, sizeof(file), "history/%04d-%02d-%02d.csv", up.day / 10000,
		 up.day / 100 % 100, up.day % 100);
	url_make(p, file, url, sizeof(url));
	c->day = up.day;
	c->body_len = up.body_len;
	c->seq = up.last_seq;
	channel_start(p, CH_HISTORY, "PUT", url, "text/csv; charset=utf-8", up.csv, up.len, now_ms);
	up.csv = NULL;
}

static void forecast_start(struct feed_publisher *p, int64_t now_ms)
{
	struct channel *c = &p->ch[CH_FORECAST];
	struct forecast_sample *samples;
	struct forecast *fc;
	struct civil today;
	char url[1100];
	size_t n, len;
	char *body;

	civil_from_ms(now_ms, p->offset_min, &today);
	if (today.yyyymmdd != p->forecast_day) {
		c->due = true;
		if (p->forecast_day) {
			p->ch[CH_DISCOVERY].due = true; /* its ttl is a day */
			spool_prune(p->spool);
		}
	}
	if (!c->due || !channel_ready(c, now_ms))
		return;
	c->retry_at = now_ms + 60000; /* if anything below fails: out of memory */
	if (spool_samples_load(p->spool, now_ms - (int64_t)p->forecast_weeks * 7 * 86400000,
			       &samples, &n) != 0)
		return;
	/* Whole days only: today's first samples (a late one at start) would stand for the day. */
	while (n > 0 && samples[n - 1].at >= civil_to_ms(today.yyyymmdd, 0, p->offset_min))
		n--;
	fc = malloc(sizeof(*fc));
	if (!fc || forecast_build(samples, n, now_ms, p->offset_min, p->forecast_weeks, p->calendar,
				  fc) != 0) {
		free(fc);
		free(samples);
		return;
	}
	free(samples);
	body = json_body(feeddoc_forecast(fc, p->calendar, p->office_id, now_ms, p->offset_min,
					  86400 + 3600),
			 &len);
	free(fc);
	if (!body)
		return;
	p->forecast_day = today.yyyymmdd;
	c->due = false;
	url_make(p, "forecast.json", url, sizeof(url));
	channel_start(p, CH_FORECAST, "PUT", url, "application/json; charset=utf-8", body, len,
		      now_ms);
}

static void discovery_start(struct feed_publisher *p, int64_t now_ms)
{
	struct channel *c = &p->ch[CH_DISCOVERY];
	char url[1100];
	size_t len;
	char *body;

	if (!c->due || !channel_ready(c, now_ms))
		return;
	body = json_body(feeddoc_discovery(p->base, p->office_id, now_ms, p->offset_min, 86400,
					   p->ngsi && !p->ngsi_url[0]),
			 &len);
	if (!body)
		return;
	c->due = false;
	url_make(p, "feed.json", url, sizeof(url));
	channel_start(p, CH_DISCOVERY, "PUT", url, "application/json; charset=utf-8", body, len,
		      now_ms);
}

static void spool_watch(struct feed_publisher *p)
{
	const char *e;

	if (spool_held_get(p->spool) > 0)
		spool_flush(p->spool);
	e = spool_error_get(p->spool);
	if (e && strcmp(e, p->spool_logged) != 0) {
		pub_log(p, "history: %s; %zu samples held in memory, the sign keeps running", e,
			spool_held_get(p->spool));
		snprintf(p->spool_logged, sizeof(p->spool_logged), "%s", e);
	} else if (!e && p->spool_logged[0]) {
		pub_log(p, "history: spool writable again, held samples written");
		p->spool_logged[0] = '\0';
		p->ch[CH_HISTORY].due = true;
	}
}

int feed_publisher_status_set(struct feed_publisher *p, const json_t *status, int64_t now_ms)
{
	char err[256];
	json_t *doc = feeddoc_status(status, now_ms, p->offset_min, p->ttl_s, err, sizeof(err));

	if (!doc) {
		if (strcmp(err, p->status_error) != 0)
			pub_log(p, "status document refused: %s", err);
		snprintf(p->status_error, sizeof(p->status_error), "%s", err);
		return -1;
	}
	json_decref(doc);
	p->status_error[0] = '\0';
	json_decref(p->status);
	p->status = json_deep_copy(status);
	p->ch[CH_STATUS].due = true;
	return p->status ? 0 : -1;
}

int feed_publisher_fds(struct feed_publisher *p, struct pollfd *fds, int max)
{
	int n = 0;

	for (int i = 0; i < PUB_MAX_SOCKETS && n < max; i++) {
		if (!p->sockets[i].what)
			continue;
		fds[n].fd = p->sockets[i].fd;
		fds[n].events = poll_events(p->sockets[i].what);
		fds[n].revents = 0;
		n++;
	}
	return n;
}

static int64_t min_due(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int feed_publisher_timeout(struct feed_publisher *p, int64_t now_ms)
{
	int64_t t = (int64_t)p->interval_s * 1000;

	if (p->curl_kick)
		return 0;
	if (p->curl_deadline >= 0) {
		int64_t d = p->curl_deadline - mono_ms();

		t = min_due(t, d < 0 ? 0 : d);
	}
	if (p->next_sample && !(p->sample_late && !p->status))
		t = min_due(t, p->next_sample - now_ms);
	else
		t = 0;
	for (int i = 0; i < CH_COUNT; i++) {
		const struct channel *c = &p->ch[i];
		int64_t next;

		if (c->easy)
			continue;
		if (i == CH_STATUS) {
			if (!p->status)
				continue;
			/* coalescing: not before min_gap after the last start */
			next = c->started_at +
			       (int64_t)(c->due ? p->min_gap_s : p->interval_s) * 1000;
			if (c->retry_at > next)
				next = c->retry_at;
		} else if (c->due) {
			next = c->retry_at;
		} else {
			continue;
		}
		t = min_due(t, next - now_ms);
	}

	if (spool_held_get(p->spool) > 0)
		t = min_due(t, 1000);
	return t < 0 ? 0 : (int)(t > 60000 ? 60000 : t);
}

static void socket_ready(struct feed_publisher *p, int fd, short revents)
{
	int ev = 0, running;

	if (revents & (POLLIN | POLLHUP))
		ev |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		ev |= CURL_CSELECT_OUT;
	if (revents & (POLLERR | POLLNVAL))
		ev |= CURL_CSELECT_ERR;
	curl_multi_socket_action(p->multi, fd, ev, &running);
}

void feed_publisher_fd_ready(struct feed_publisher *p, int fd, short revents, int64_t now_ms)
{
	socket_ready(p, fd, revents);
	feed_publisher_run(p, NULL, 0, now_ms);
}

void feed_publisher_run(struct feed_publisher *p, const struct pollfd *fds, int nfds,
			int64_t now_ms)
{
	int running;

	for (int i = 0; i < nfds; i++)
		if (fds[i].revents)
			socket_ready(p, fds[i].fd, fds[i].revents);
	if (p->curl_kick || (p->curl_deadline >= 0 && mono_ms() >= p->curl_deadline)) {
		p->curl_kick = false;
		p->curl_deadline = -1;
		curl_multi_socket_action(p->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
	transfers_collect(p, now_ms);

	history_sample(p, now_ms);
	spool_watch(p);
	status_start(p, now_ms);
	ngsi_start(p, now_ms);
	history_start(p, now_ms);
	discovery_start(p, now_ms);
	forecast_start(p, now_ms);
}

const char *feed_publisher_error_get(const struct feed_publisher *p)
{
	struct feed_publisher *w = (struct feed_publisher *)p;
	const char *e = spool_error_get(p->spool);

	if (e) {
		snprintf(w->error, sizeof(w->error),
			 "history spool: %s (%zu samples held in memory)", e,
			 spool_held_get(p->spool));
		return w->error;
	}
	for (int i = 0; i < CH_COUNT; i++)
		if (p->ch[i].error[0]) {
			snprintf(w->error, sizeof(w->error), "%s: %s", channel_name[i],
				 p->ch[i].error);
			return w->error;
		}
	if (p->status_error[0]) {
		snprintf(w->error, sizeof(w->error), "status document: %s", p->status_error);
		return w->error;
	}
	return NULL;
}

bool feed_publisher_idle(const struct feed_publisher *p)
{
	for (int i = 0; i < CH_COUNT; i++) {
		if (p->ch[i].easy)
			return false;
		if (p->ch[i].due && (i != CH_NGSI || p->ngsi) && (i != CH_STATUS || p->status))
			return false;
	}
	return spool_held_get(p->spool) == 0;
}

json_t *feed_publisher_health(struct feed_publisher *p, int64_t now_ms)
{
	const char *e = feed_publisher_error_get(p);
	const char *se = spool_error_get(p->spool);
	json_t *files = json_object();
	json_t *h;

	for (int i = 0; i < CH_COUNT; i++) {
		const struct channel *c = &p->ch[i];
		char when[32];

		if (i == CH_NGSI && !p->ngsi)
			continue;
		if (c->last_ok)
			civil_iso8601(c->last_ok, p->offset_min, when, sizeof(when));
		json_object_set_new(files, channel_name[i],
				    json_pack("{sosisIsIso}", "last_ok",
					      c->last_ok ? json_string(when) : json_null(),
					      "failures", c->failures, "sent",
					      (json_int_t)c->sent_ok, "failed",
					      (json_int_t)c->sent_failed, "error",
					      c->error[0] ? json_string(c->error) : json_null()));
	}
	h = json_pack("{sbsososIsIsIsIso}", "ok", e == NULL, "error",
		      e ? json_string(e) : json_null(), "spool_error",
		      se ? json_string(se) : json_null(), "held_samples",
		      (json_int_t)spool_held_get(p->spool), "dropped_samples",
		      (json_int_t)spool_dropped_get(p->spool), "pending_rows",
		      (json_int_t)spool_pending_rows(p->spool), "last_seq",
		      (json_int_t)spool_seq_get(p->spool), "files", files);
	(void)now_ms;
	return h;
}
