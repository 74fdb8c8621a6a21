/* SPDX-License-Identifier: MIT */
#include "display/stream.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "display/sse.h"
#include "display/status.h"

#define STREAM_BACKOFF_MIN_MS 1000
#define STREAM_BACKOFF_MAX_MS 30000
#define STREAM_IDLE_MS 45000 /* no byte at all for this long: reconnect */

struct stream {
	char *url;
	stream_status_fn fn;
	void *ctx;
	CURLM *multi;
	CURL *easy; /* NULL between connections */
	struct curl_slist *headers;
	struct sse_parser *sse;
	int64_t now_ms;
	int64_t next_connect_ms;
	int64_t last_data_ms;
	int64_t conn_data_ms; /* last data on the current connection */
	long backoff_ms;
	bool answered; /* the current connection answered 200 */
	bool logged_down; /* "lost" already logged since the last success */
	bool json; /* the current answer is one JSON document, not a stream */
	bool not_status; /* the current answer is of another type */
	char *body; /* the JSON document being received */
	size_t body_len;
	int64_t conn_start_ms;
	enum stream_problem problem;
	char detail[CURL_ERROR_SIZE + 64];
	char errbuf[CURL_ERROR_SIZE];
};

/* Whether @s begins with @prefix, letter case aside. */
static bool stream_prefix(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static void stream_on_event(void *ctx, const char *event, const char *data, size_t len)
{
	struct stream *s = ctx;

	if (strcmp(event, "status") == 0) {
		s->backoff_ms = STREAM_BACKOFF_MIN_MS;
		s->problem = STREAM_OK;
		s->fn(s->ctx, data, len);
	}
	/* "ping" and other events only count as activity. */
}

static size_t stream_on_data(char *buf, size_t size, size_t n, void *ctx)
{
	struct stream *s = ctx;
	long code = 0;

	curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200)
		return 0; /* abort: not a stream */
	if (!s->answered) {
		const char *type = NULL;

		curl_easy_getinfo(s->easy, CURLINFO_CONTENT_TYPE, &type);
		if (type && stream_prefix(type, "text/event-stream")) {
			s->json = false;
		} else if (type && stream_prefix(type, "application/json")) {
			s->json = true;
			s->body_len = 0;
		} else {
			s->not_status = true;
			snprintf(s->detail, sizeof(s->detail), "HTTP 200, %.100s",
				 type ? type : "no Content-Type");
			return 0;
		}
		s->answered = true;
		if (!s->json) {
			s->problem = STREAM_OK; /* a stream, answered: events follow */
			s->detail[0] = '\0';
		}
		if (s->logged_down)
			fprintf(stderr, "machiai-display: %s: connected\n", s->url);
		s->logged_down = false;
	}
	s->last_data_ms = s->now_ms;
	s->conn_data_ms = s->now_ms;
	if (s->json) {
		if (size * n > STATUS_MAX_SIZE - s->body_len) {
			s->not_status = true;
			snprintf(s->detail, sizeof(s->detail), "larger than %d bytes",
				 STATUS_MAX_SIZE);
			return 0;
		}
		memcpy(s->body + s->body_len, buf, size * n);
		s->body_len += size * n;
		return size * n;
	}
	sse_parser_feed(s->sse, buf, size * n, stream_on_event, s);
	return size * n;
}

struct stream *stream_new(const char *url, stream_status_fn fn, void *ctx)
{
	struct stream *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fn = fn;
	s->ctx = ctx;
	s->backoff_ms = STREAM_BACKOFF_MIN_MS;
	s->problem = STREAM_CONNECTING;
	s->url = strdup(url);
	s->multi = curl_multi_init();
	s->sse = sse_parser_new(STATUS_MAX_SIZE);
	s->body = malloc(STATUS_MAX_SIZE + 1);
	s->headers = curl_slist_append(NULL, "Accept: text/event-stream, application/json");
	if (!s->url || !s->multi || !s->sse || !s->headers || !s->body) {
		stream_free(s);
		return NULL;
	}
	return s;
}

static void stream_disconnect(struct stream *s)
{
	if (!s->easy)
		return;
	curl_multi_remove_handle(s->multi, s->easy);
	curl_easy_cleanup(s->easy);
	s->easy = NULL;
	s->answered = false;
	s->json = false;
	s->not_status = false;
	s->body_len = 0;
}

void stream_free(struct stream *s)
{
	if (!s)
		return;
	stream_disconnect(s);
	if (s->multi)
		curl_multi_cleanup(s->multi);
	curl_slist_free_all(s->headers);
	sse_parser_free(s->sse);
	free(s->body);
	free(s->url);
	free(s);
}

static void stream_connect(struct stream *s)
{
	s->easy = curl_easy_init();
	if (!s->easy)
		return;
	sse_parser_reset(s->sse);
	curl_easy_setopt(s->easy, CURLOPT_URL, s->url);
	curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
	curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, stream_on_data);
	curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(s->easy, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(s->easy, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(s->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(s->easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(s->easy, CURLOPT_ERRORBUFFER, s->errbuf);
	s->errbuf[0] = '\0';
	s->conn_data_ms = s->now_ms;
	s->conn_start_ms = s->now_ms;
	curl_multi_add_handle(s->multi, s->easy);
}

static void stream_lost(struct stream *s, const char *why)
{
	long retry = sse_parser_retry_ms(s->sse);

	if (!s->logged_down)
		fprintf(stderr, "machiai-display: %s: %s; retrying with back-off\n", s->url, why);
	s->logged_down = true;
	stream_disconnect(s);
	s->next_connect_ms = s->now_ms + (retry > s->backoff_ms ? retry : s->backoff_ms);
	s->backoff_ms *= 2;
	if (s->backoff_ms > STREAM_BACKOFF_MAX_MS)
		s->backoff_ms = STREAM_BACKOFF_MAX_MS;
}

/* A plain document was received whole: hand it over and ask again later. */
static void stream_polled(struct stream *s)
{
	s->body[s->body_len] = '\0';
	s->problem = STREAM_OK;
	s->detail[0] = '\0';
	if (s->logged_down)
		fprintf(stderr, "machiai-display: %s: answered\n", s->url);
	s->logged_down = false;
	s->backoff_ms = STREAM_BACKOFF_MIN_MS;
	s->fn(s->ctx, s->body, s->body_len);
	stream_disconnect(s);
	s->next_connect_ms = s->now_ms + STREAM_POLL_MS;
}

/* Why a transfer ended with libcurl's @rc and HTTP @code, into s->problem and s->detail. */
static void stream_classify(struct stream *s, CURLcode rc, long code)
{
	long os_errno = 0;

	if (s->not_status) {
		s->problem = STREAM_NOT_STATUS;
		return; /* the detail is set */
	}
	if (code == 404) {
		s->problem = STREAM_NOT_FOUND;
		snprintf(s->detail, sizeof(s->detail), "HTTP 404");
		return;
	}
	if (code && code != 200) {
		s->problem = STREAM_FAILED;
		snprintf(s->detail, sizeof(s->detail), "HTTP %ld", code);
		return;
	}
	if (rc == CURLE_OK) {
		s->problem = STREAM_FAILED;
		snprintf(s->detail, sizeof(s->detail), "the stream ended (HTTP %ld)", code);
		return;
	}
	curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &os_errno);
	if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED)
		s->problem = STREAM_REFUSED;
	else if (rc == CURLE_COULDNT_RESOLVE_HOST)
		s->problem = STREAM_NO_HOST;
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		s->problem = STREAM_TIMEOUT;
	else
		s->problem = STREAM_FAILED;
	snprintf(s->detail, sizeof(s->detail), "%s",
		 s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
}

int stream_wait(struct stream *s, int timeout_ms)
{
	return curl_multi_poll(s->multi, NULL, 0, timeout_ms, NULL) == CURLM_OK ? 0 : -1;
}

void stream_step(struct stream *s, int64_t now_ms)
{
	int running, left;
	CURLMsg *msg;

	s->now_ms = now_ms;
	if (!s->easy && now_ms >= s->next_connect_ms)
		stream_connect(s);
	if (!s->easy)
		return;
	curl_multi_perform(s->multi, &running);
	while ((msg = curl_multi_info_read(s->multi, &left))) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == s->easy) {
			char why[128];
			long code = 0;

			curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &code);
			if (s->json && s->answered && msg->data.result == CURLE_OK && code == 200) {
				stream_polled(s);
				return;
			}
			stream_classify(s, msg->data.result, code);
			if (msg->data.result == CURLE_OK || (code && code != 200))
				snprintf(why, sizeof(why), "%s (HTTP %ld)",
					 s->problem == STREAM_NOT_STATUS ? "not a status"
									 : "stream ended",
					 code);
			else
				snprintf(why, sizeof(why), "%.120s", s->detail);
			stream_lost(s, why);
			return;
		}
	}
	if (s->easy && !s->answered && now_ms - s->conn_start_ms > STREAM_ANSWER_MS) {
		s->problem = STREAM_TIMEOUT;
		snprintf(s->detail, sizeof(s->detail), "no answer within %d s",
			 STREAM_ANSWER_MS / 1000);
		stream_lost(s, s->detail);
	} else if (s->easy && now_ms - s->conn_data_ms > STREAM_IDLE_MS) {
		stream_lost(s, "no data, not even a heartbeat");
	}
}

int64_t stream_last_data_ms(const struct stream *s)
{
	return s->last_data_ms;
}

bool stream_connected(const struct stream *s)
{
	return s->easy && s->answered;
}

enum stream_problem stream_problem(const struct stream *s)
{
	return s->problem;
}

const char *stream_problem_detail(const struct stream *s)
{
	return s->detail;
}

const char *stream_url(const struct stream *s)
{
	return s->url;
}

/* The length of a host name or address (an IPv6 one in brackets) at @p, 0 when none. */
static size_t stream_host_len(const char *p)
{
	size_t n = 0;

	if (p[0] == '[') {
		const char *end = strchr(p, ']');

		return end ? (size_t)(end - p) + 1 : 0;
	}
	while (isalnum((unsigned char)p[n]) || p[n] == '.' || p[n] == '-')
		n++;
	return n;
}

bool stream_url_like(const char *source)
{
	const char *p = strstr(source, "://");
	size_t n;

	if (p) {
		for (const char *c = source; c < p; c++) {
			if (!isalpha((unsigned char)*c))
				return false;
		}
		return p > source;
	}
	n = stream_host_len(source);
	if (n == 0 || source[n] != ':' || !isdigit((unsigned char)source[n + 1]))
		return false;
	for (p = source + n + 1; isdigit((unsigned char)*p); p++)
		;
	return *p == '\0' || *p == '/';
}

int stream_url_normalize(const char *source, char *out, size_t size)
{
	const char *scheme = strstr(source, "://") ? "" : "http://";
	const char *rest = strstr(source, "://") ? strstr(source, "://") + 3 : source;
	const char *path = strchr(rest, '/');
	const char *tail = "";
	int n;

	if (!*rest)
		return -1;
	if (!path)
		tail = "/v1/stream";
	else if (strcmp(path, "/") == 0)
		tail = "v1/stream";
	n = snprintf(out, size, "%s%s%s", scheme, source, tail);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
