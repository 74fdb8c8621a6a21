/* SPDX-License-Identifier: MIT */
#include "display/stream.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
};

static void stream_on_event(void *ctx, const char *event, const char *data, size_t len)
{
	struct stream *s = ctx;

	if (strcmp(event, "status") == 0) {
		s->backoff_ms = STREAM_BACKOFF_MIN_MS;
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
		s->answered = true;
		if (s->logged_down)
			fprintf(stderr, "machiai-display: %s: connected\n", s->url);
		s->logged_down = false;
	}
	s->last_data_ms = s->now_ms;
	s->conn_data_ms = s->now_ms;
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
	s->url = strdup(url);
	s->multi = curl_multi_init();
	s->sse = sse_parser_new(STATUS_MAX_SIZE);
	s->headers = curl_slist_append(NULL, "Accept: text/event-stream");
	if (!s->url || !s->multi || !s->sse || !s->headers) {
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
	curl_easy_setopt(s->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(s->easy, CURLOPT_ACCEPT_ENCODING, "");
	s->conn_data_ms = s->now_ms;
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
			if (msg->data.result == CURLE_OK || (code && code != 200))
				snprintf(why, sizeof(why), "stream ended (HTTP %ld)", code);
			else
				snprintf(why, sizeof(why), "%s",
					 curl_easy_strerror(msg->data.result));
			stream_lost(s, why);
			return;
		}
	}
	if (s->easy && now_ms - s->conn_data_ms > STREAM_IDLE_MS)
		stream_lost(s, "no data, not even a heartbeat");
}

int64_t stream_last_data_ms(const struct stream *s)
{
	return s->last_data_ms;
}

bool stream_connected(const struct stream *s)
{
	return s->easy && s->answered;
}
