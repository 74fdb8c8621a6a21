/* SPDX-License-Identifier: MIT */
/*
 * The city feed publisher (docs/feed.md). It PUTs the feed status document
 * to FEED_URL/offices/OFFICE_ID/status.json on every change (at most one per
 * min_gap seconds) and at least every interval, takes a history sample every
 * history interval into the spool (feed/spool.h) and uploads each day's CSV
 * to FEED_URL/offices/OFFICE_ID/history/YYYY-MM-DD.csv, publishes
 * forecast.json, the discovery file feed.json and, when enabled, the NGSI
 * entities. Failed transfers are logged once per kind of error and retried
 * with exponential back-off; history is backfilled oldest day first.
 *
 * It never blocks: transfers run on libcurl's multi interface driven by
 * curl_multi_socket_action(). Integration with a poll() loop:
 *
 *	for (;;) {
 *		struct pollfd fds[64];
 *		int n = my_fds(fds);                       // the loop's own fds
 *		int m = feed_publisher_fds(pub, fds + n, 64 - n);
 *		int t = feed_publisher_timeout(pub, now_ms());
 *		poll(fds, n + m, min(t, my_timeout));
 *		feed_publisher_run(pub, fds + n, m, now_ms());
 *		...
 *	}
 *
 * feed_publisher_fds() lists the sockets libcurl wants watched right now
 * (the set changes between calls, so take it afresh each iteration; an epoll
 * loop can re-register the set each time or use poll for these few fds).
 * feed_publisher_run() must be called after every poll() return, with the
 * returned events of those entries (or nfds = 0 on a timeout); it also does
 * the timed work. Times are wall-clock ms since the Unix epoch, passed in.
 *
 * An epoll loop with per-fd callbacks sets feed_publisher_config.watch
 * instead: it is told each socket to add, change (POLLIN/POLLOUT) or remove
 * (0) as libcurl opens and closes them, calls feed_publisher_fd_ready() when
 * one is ready, and calls feed_publisher_run(p, NULL, 0, now) when
 * feed_publisher_timeout() has passed (a one-shot timer re-armed before
 * each wait):
 *
 *	watch(ctx, fd, ev):  ev ? loop_fd_add_or_modify(fd, ev) : loop_fd_remove(fd)
 *	fd callback:         feed_publisher_fd_ready(pub, fd, revents, now_ms())
 *	before each wait:    arm timer at feed_publisher_timeout(pub, now_ms())
 *	timer:               feed_publisher_run(pub, NULL, 0, now_ms())
 */
#ifndef MACHIAI_FEED_PUBLISHER_H
#define MACHIAI_FEED_PUBLISHER_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

struct config;

struct feed_publisher_config {
	const char *url; /* FEED_URL, https:// only; the files go under URL/offices/ID/ */
	const char *office_id; /* 公共施設一覧 facility ID; [A-Za-z0-9._-] only */
	const char *token; /* bearer token; NULL or "" = no Authorization header */
	const char *hmac_key; /* signing key; NULL or "" = no signature headers */
	const char *ca_file; /* extra CA bundle (CURLOPT_CAINFO); NULL or "" = system CAs */
	const char *spool_dir; /* history spool directory, created if missing */
	int offset_min; /* office UTC offset, minutes (+09:00 = 540) */
	int interval_s; /* republish at least this often, default 60 */
	int min_gap_s; /* at most one status PUT per this many seconds, default 3 */
	int history_interval_s; /* history sample period, default 300, >= 1 */
	int ttl_s; /* ttl in the documents; 0 = 2 * interval_s */
	int timeout_s; /* per transfer, default 10 */
	int backoff_cap_s; /* longest wait between retries, default 300 */
	int keep_days; /* history kept on disk for the forecast, default 84 */
	int forecast_weeks; /* weeks the forecast looks back, default 10 */
	/* the office calendar for the forecast's dates (core/calendar.h), copied;
	 * NULL = every date open and none after a closure */
	const struct config *calendar;
	bool ngsi; /* also publish NGSI entities */
	const char *
		ngsi_url; /* context broker base (POST /v2/op/update); "" = ngsi.json beside status */
	void (*log)(void *ctx, const char *msg); /* NULL = stderr */
	void *log_ctx;
	/* NULL, or called after each 2xx with the file's name ("status",
	 * "history", ...), the status seq or last history row sent, and the time */
	void (*sent)(void *ctx, const char *file, uint64_t seq, int64_t now_ms);
	/* NULL, or told each socket to watch: @events POLLIN and/or POLLOUT,
	 * 0 = stop watching @fd (see the top of this header) */
	void (*watch)(void *ctx, int fd, short events);
	void *watch_ctx;
};

struct feed_publisher;

/**
 * feed_publisher_config_from() - fill @pc from the [office], [feed] keys of
 * @cfg (core/config.h) with the spool in @spool_dir (e.g. STATE_DIR/feed).
 * The strings point into @cfg and @spool_dir, which must outlive
 * feed_publisher_new(); other fields get their defaults.
 */
void feed_publisher_config_from(struct feed_publisher_config *pc, const struct config *cfg,
				const char *spool_dir);

/**
 * feed_publisher_new() - a publisher for @cfg (copied; the strings need not
 * outlive the call). Opens the spool; curl_global_init() must have been
 * called by the program.
 * Return: the publisher, to be freed with feed_publisher_free(), or NULL
 * with @err set (bad URL, spool directory not usable, ...).
 */
struct feed_publisher *feed_publisher_new(const struct feed_publisher_config *cfg, char *err,
					  size_t errsize);

/** feed_publisher_free() - abort transfers and free @p; NULL is fine. */
void feed_publisher_free(struct feed_publisher *p);

/**
 * feed_publisher_status_set() - the daemon's status document changed
 * (docs/status.md); @status is copied. Publication follows within min_gap.
 * Return: 0, or -1 when @status cannot be turned into a feed document (the
 * reason is logged and shown by feed_publisher_health()).
 */
int feed_publisher_status_set(struct feed_publisher *p, const json_t *status, int64_t now_ms);

/**
 * feed_publisher_called() - a ticket issued at @issued_at was called at
 * @called_at (first calls, not recalls): the next history sample carries
 * the median wait of the tickets called since the previous one
 * (実績待ち時間), which the forecast prefers to the estimate.
 */
void feed_publisher_called(struct feed_publisher *p, int64_t issued_at, int64_t called_at);

/**
 * feed_publisher_fds() - fill @fds (at most @max) with the sockets to watch.
 * Return: the number of entries filled.
 */
int feed_publisher_fds(struct feed_publisher *p, struct pollfd *fds, int max);

/**
 * feed_publisher_timeout() - milliseconds until feed_publisher_run() must
 * be called at the latest, >= 0.
 */
int feed_publisher_timeout(struct feed_publisher *p, int64_t now_ms);

/**
 * feed_publisher_run() - handle the @nfds entries of @fds previously given
 * by feed_publisher_fds() (with revents set by poll), finished transfers,
 * and the work due at @now_ms: status PUT, history sample, uploads, retries.
 */
void feed_publisher_run(struct feed_publisher *p, const struct pollfd *fds, int nfds,
			int64_t now_ms);

/**
 * feed_publisher_fd_ready() - socket @fd (given to the watch callback) is
 * ready with poll-style @revents; does what feed_publisher_run() does for it.
 */
void feed_publisher_fd_ready(struct feed_publisher *p, int fd, short revents, int64_t now_ms);

/**
 * feed_publisher_health() - the publisher's state for /v1/status: "ok",
 * "error" (the spool's or the latest transfer error, or NULL),
 * "spool_error", "held_samples", "pending_rows", "last_seq", and per file
 * "last_ok", "failures", "error".
 * Return: a new reference.
 */
json_t *feed_publisher_health(struct feed_publisher *p, int64_t now_ms);

/**
 * feed_publisher_error_get() - the error to surface now (disk full first,
 * then the latest failing transfer), or NULL when all is well.
 * Valid until the next call into @p.
 */
const char *feed_publisher_error_get(const struct feed_publisher *p);

/**
 * feed_publisher_idle() - true when nothing is in flight and nothing is
 * waiting to be sent (the status is current, the history all confirmed).
 */
bool feed_publisher_idle(const struct feed_publisher *p);

/**
 * feed_publisher_sign() - the signature header value "sha256=HEX" for
 * @body (@len bytes) sent as @method to @path at @timestamp (docs/feed.md).
 * Return: 0, or -1 when @size is too small (at least 72) or HMAC fails.
 */
int feed_publisher_sign(const char *key, const char *timestamp, const char *method,
			const char *path, const char *body, size_t len, char *out, size_t size);

#endif
