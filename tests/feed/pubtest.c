/* SPDX-License-Identifier: MIT */
/*
 * feed-pubtest: runs the feed publisher in its own poll() loop with a status
 * document from a file, for the integration tests and the benchmark.
 *
 *   feed-pubtest --url URL --spool DIR --status FILE [options]
 *     --token T --key K --ca FILE       credentials and CA bundle
 *     --interval S --min-gap S --history S --timeout S --backoff-cap S
 *     --ngsi                            also PUT ngsi.json
 *     --calendar                        the forecast follows the default
 *                                       office calendar (Monday to Friday,
 *                                       holidays and 12/29-1/3 closed)
 *     --ngsi-url URL                    ... or POST them to this broker
 *     --epoll                           drive the publisher as an epoll loop
 *                                       does (watch callback, fd_ready)
 *     --duration S                      run this long (real seconds), then
 *     --drain S                         wait up to S more seconds for idle;
 *                                       exit 1 if not idle by then
 *     --stop FILE                       end the run phase when FILE exists
 *     --seed-weeks N                    first write N weeks of synthetic
 *                                       history (already confirmed) to the
 *                                       spool, for the forecast
 *     --health FILE                     write feed_publisher_health() there
 *                                       every second
 *     --rate R                          the clock runs R times faster,
 *                                       starting at --start ISO8601
 *     --bench N                         change the status N times (seq+1)
 *                                       every --bench-gap ms and print the
 *                                       change-to-2xx latency of each
 *
 * The status file is read again whenever its modification time changes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/civil.h"
#include "core/config.h"
#include "feed/publisher.h"
#include "feed/spool.h"

#define BENCH_MAX 10000

static volatile sig_atomic_t stop_flag;
static int64_t clock_base_real, clock_base_fake;
static double clock_rate = 1;
static int64_t bench_changed[BENCH_MAX];
static int64_t bench_landed[BENCH_MAX];
static uint64_t bench_seq0;

static int epoll_fd = -1;

static void on_watch(void *ctx, int fd, short events)
{
	struct epoll_event ev = { 0 };

	(void)ctx;
	if (!events) {
		epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL);
		return;
	}
	ev.events = (events & POLLIN ? EPOLLIN : 0) | (events & POLLOUT ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(epoll_fd, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT &&
	    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0)
		perror("feed-pubtest: epoll_ctl");
}

static short poll_from_epoll(uint32_t e)
{
	return (short)((e & EPOLLIN ? POLLIN : 0) | (e & EPOLLOUT ? POLLOUT : 0) |
		       (e & EPOLLERR ? POLLERR : 0) | (e & EPOLLHUP ? POLLHUP : 0));
}

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int64_t real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_ms(void)
{
	return clock_base_fake + (int64_t)((double)(real_ms() - clock_base_real) * clock_rate);
}

static void on_log(void *ctx, const char *msg)
{
	char when[32];

	(void)ctx;
	civil_iso8601(now_ms(), 540, when, sizeof(when));
	fprintf(stderr, "%s feed: %s\n", when, msg);
}

static void on_sent(void *ctx, const char *file, uint64_t seq, int64_t at)
{
	(void)ctx;
	(void)at;
	if (strcmp(file, "status") == 0 && seq > bench_seq0 && seq - bench_seq0 < BENCH_MAX &&
	    bench_landed[seq - bench_seq0] == 0)
		bench_landed[seq - bench_seq0] = real_ms();
}

static int arg_int(const char *name, const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > 100000000) {
		fprintf(stderr, "feed-pubtest: %s: bad number '%s'\n", name, v);
		exit(2);
	}
	return (int)n;
}

static json_t *status_load(const char *path, struct timespec *mtime)
{
	struct stat st;
	json_error_t e;
	json_t *doc;

	if (stat(path, &st) != 0)
		return NULL;
	if (st.st_mtim.tv_sec == mtime->tv_sec && st.st_mtim.tv_nsec == mtime->tv_nsec)
		return NULL;
	doc = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (!doc) {
		fprintf(stderr, "feed-pubtest: %s:%d: %s\n", path, e.line, e.text);
		return NULL;
	}
	*mtime = st.st_mtim;
	return doc;
}

static void health_write(struct feed_publisher *p, const char *path)
{
	char tmp[512];
	json_t *h = feed_publisher_health(p, now_ms());

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (json_dump_file(h, tmp, JSON_INDENT(1)) == 0)
		rename(tmp, path);
	json_decref(h);
}

/* A plausible week: busy Monday and Friday mornings, a lunch dip, quiet
 * afternoons; open 08:30-17:15 on weekdays. */
static int seed_waiting(int wd, int minute, int week)
{
	static const int day_factor[7] = { 0, 14, 9, 8, 9, 12, 0 };
	int base;

	if (wd == 0 || wd == 6 || minute < 510 || minute >= 1035)
		return -1;
	if (minute < 720)
		base = 6 + (minute - 510) / 20;
	else if (minute < 780)
		base = 8;
	else
		base = 12 - (minute - 780) / 30;
	return base * day_factor[wd] / 10 + (week * 7 + minute / 5) % 3;
}

static int history_seed(const char *dir, int weeks, int64_t now)
{
	char err[256];
	struct spool *sp = spool_open(dir, "131016-0001", 540, 100, err, sizeof(err));
	struct civil today;
	int64_t step = 15 * 60 * 1000; /* coarser than live sampling: fsyncs take time */

	if (!sp) {
		fprintf(stderr, "feed-pubtest: %s\n", err);
		return -1;
	}
	civil_from_ms(now, 540, &today);
	for (int64_t t = (now - (int64_t)weeks * 7 * 86400000) / step * step; t < now; t += step) {
		struct civil c;
		struct spool_sample s = { .at = t, .realised_minutes = -1, .occupancy = -1 };
		int w;

		civil_from_ms(t, 540, &c);
		if (c.yyyymmdd >= today.yyyymmdd)
			break;
		w = seed_waiting(c.weekday, c.minute_of_day, (int)((now - t) / (7 * 86400000LL)));
		if (w < 0)
			continue; /* closed hours: nothing to learn */
		snprintf(s.status, sizeof(s.status), "%s", w < 0 ? "closed" : "open");
		s.waiting = w < 0 ? 0 : w;
		s.wait_minutes = w < 0 ? -1 : w * 3;
		s.level = w < 8 ? 0 : w < 14 ? 1 : 2;
		snprintf(s.level_code, sizeof(s.level_code), "%s",
			 s.level == 0	? "low"
			 : s.level == 1 ? "moderate"
					: "high");
		if (spool_append(sp, &s) != 0) {
			fprintf(stderr, "feed-pubtest: seed: %s\n", spool_error_get(sp));
			spool_close(sp);
			return -1;
		}
	}
	/* Already published: mark every seeded day confirmed. */
	for (;;) {
		struct spool_upload up;

		if (spool_pending(sp, &up) != 1)
			break;
		spool_ack(sp, up.day, up.body_len);
		spool_upload_clear(&up);
	}
	spool_close(sp);
	return 0;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* A change has landed once a document with its seq or a later one has: a
 * coalesced change lands with the one that superseded it. */
static void bench_report(int n)
{
	int64_t lat[BENCH_MAX], first = 0;
	int m = 0, lost = 0, coalesced = 0;

	for (int i = n; i >= 1; i--) {
		if (bench_landed[i] && (first == 0 || bench_landed[i] < first))
			first = bench_landed[i];
		if (first == 0) {
			lost++;
			continue;
		}
		coalesced += bench_landed[i] == 0;
		lat[m++] = first - bench_changed[i];
	}
	qsort(lat, (size_t)m, sizeof(lat[0]), cmp64);
	if (m == 0) {
		printf("latency: no document landed\n");
		return;
	}
	printf("latency_ms: changes=%d landed=%d (coalesced into a later upload: %d) not_landed=%d "
	       "p50=%lld p90=%lld p99=%lld max=%lld\n",
	       n, m, coalesced, lost, (long long)lat[m / 2], (long long)lat[m * 9 / 10],
	       (long long)lat[(m * 99 + 99) / 100 - 1 < m ? (m * 99 + 99) / 100 - 1 : m - 1],
	       (long long)lat[m - 1]);
}

int main(int argc, char **argv)
{
	struct feed_publisher_config cfg = { 0 };
	const char *status_path = NULL, *stop_path = NULL, *health_path = NULL, *start = NULL;
	int seed_weeks = 0;
	int duration = 10, drain = 0, bench = 0, bench_gap = 1500, bench_done = 0;
	struct timespec mtime = { 0 };
	static struct config calendar;
	struct feed_publisher *p;
	json_t *status = NULL;
	char err[512];
	int64_t t0, last_health = 0, next_bench = 0;
	int rc = 0;

	cfg.offset_min = 540;
	cfg.min_gap_s = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--ngsi") == 0) {
			cfg.ngsi = true;
			continue;
		}
		if (strcmp(a, "--calendar") == 0) {
			config_defaults(&calendar);
			cfg.calendar = &calendar;
			continue;
		}
		if (strcmp(a, "--epoll") == 0) {
			epoll_fd = epoll_create1(EPOLL_CLOEXEC);
			cfg.watch = on_watch;
			continue;
		}
		if (!v) {
			fprintf(stderr, "feed-pubtest: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (strcmp(a, "--url") == 0)
			cfg.url = v;
		else if (strcmp(a, "--spool") == 0)
			cfg.spool_dir = v;
		else if (strcmp(a, "--status") == 0)
			status_path = v;
		else if (strcmp(a, "--token") == 0)
			cfg.token = v;
		else if (strcmp(a, "--key") == 0)
			cfg.hmac_key = v;
		else if (strcmp(a, "--ngsi-url") == 0)
			cfg.ngsi_url = v;
		else if (strcmp(a, "--ca") == 0)
			cfg.ca_file = v;
		else if (strcmp(a, "--interval") == 0)
			cfg.interval_s = arg_int(a, v);
		else if (strcmp(a, "--min-gap") == 0)
			cfg.min_gap_s = arg_int(a, v);
		else if (strcmp(a, "--history") == 0)
			cfg.history_interval_s = arg_int(a, v);
		else if (strcmp(a, "--timeout") == 0)
			cfg.timeout_s = arg_int(a, v);
		else if (strcmp(a, "--backoff-cap") == 0)
			cfg.backoff_cap_s = arg_int(a, v);
		else if (strcmp(a, "--duration") == 0)
			duration = arg_int(a, v);
		else if (strcmp(a, "--drain") == 0)
			drain = arg_int(a, v);
		else if (strcmp(a, "--stop") == 0)
			stop_path = v;
		else if (strcmp(a, "--health") == 0)
			health_path = v;
		else if (strcmp(a, "--rate") == 0)
			clock_rate = arg_int(a, v);
		else if (strcmp(a, "--start") == 0)
			start = v;
		else if (strcmp(a, "--bench") == 0)
			bench = arg_int(a, v);
		else if (strcmp(a, "--seed-weeks") == 0)
			seed_weeks = arg_int(a, v);
		else if (strcmp(a, "--bench-gap") == 0)
			bench_gap = arg_int(a, v);
		else {
			fprintf(stderr, "feed-pubtest: unknown option %s\n", a);
			return 2;
		}
	}
	if (!status_path || !cfg.url || !cfg.spool_dir || bench >= BENCH_MAX) {
		fprintf(stderr,
			"usage: feed-pubtest --url URL --spool DIR --status FILE [options]\n");
		return 2;
	}
	clock_base_real = real_ms();
	clock_base_fake = clock_base_real;
	if (start && civil_parse_iso8601(start, &clock_base_fake) != 0) {
		fprintf(stderr, "feed-pubtest: --start: not ISO 8601: %s\n", start);
		return 2;
	}
	if (clock_rate < 1)
		clock_rate = 1;
	status = status_load(status_path, &mtime);
	if (!status) {
		fprintf(stderr, "feed-pubtest: cannot read %s\n", status_path);
		return 2;
	}
	cfg.office_id = json_string_value(json_object_get(json_object_get(status, "office"), "id"));
	if (seed_weeks > 0 && history_seed(cfg.spool_dir, seed_weeks, now_ms()) != 0) {
		json_decref(status);
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	cfg.log = on_log;
	cfg.sent = on_sent;
	p = feed_publisher_new(&cfg, err, sizeof(err));
	if (!p) {
		fprintf(stderr, "feed-pubtest: %s\n", err);
		json_decref(status);
		curl_global_cleanup();
		return 2;
	}
	if (feed_publisher_status_set(p, status, now_ms()) != 0)
		rc = 1;
	bench_seq0 = (uint64_t)json_integer_value(json_object_get(status, "seq"));

	t0 = real_ms();
	for (;;) {
		struct pollfd fds[16];
		int n, timeout;
		int64_t elapsed = real_ms() - t0;

		if (stop_flag)
			break;
		if (stop_path && access(stop_path, F_OK) == 0 &&
		    elapsed < (int64_t)duration * 1000) {
			/* The stop file ends the run phase: drain from now on. */
			duration = (int)(elapsed / 1000);
		}
		if (bench && bench_done == bench && elapsed > 1000) {
			if (bench_landed[bench] || elapsed > (int64_t)duration * 1000)
				break;
		}
		if (!bench && elapsed >= (int64_t)duration * 1000) {
			if (feed_publisher_idle(p))
				break;
			if (elapsed >= (int64_t)(duration + drain) * 1000) {
				fprintf(stderr, "feed-pubtest: not idle after the drain time: %s\n",
					feed_publisher_error_get(p) ? feed_publisher_error_get(p)
								    : "pending");
				rc = 1;
				break;
			}
		}
		if (bench && bench_done < bench && real_ms() >= next_bench) {
			json_t *next = json_deep_copy(status);

			bench_done++;
			json_object_set_new(next, "seq",
					    json_integer((json_int_t)(bench_seq0 + bench_done)));
			bench_changed[bench_done] = real_ms();
			feed_publisher_status_set(p, next, now_ms());
			json_decref(status);
			status = next;
			next_bench = real_ms() + bench_gap / 2 + rand() % (bench_gap + 1);
		} else if (!bench) {
			json_t *fresh = status_load(status_path, &mtime);

			if (fresh) {
				feed_publisher_status_set(p, fresh, now_ms());
				json_decref(status);
				status = fresh;
			}
		}
		if (health_path && real_ms() - last_health >= 1000) {
			health_write(p, health_path);
			last_health = real_ms();
		}
		n = feed_publisher_fds(p, fds, 16);
		timeout = feed_publisher_timeout(p, now_ms());
		if (clock_rate > 1)
			timeout = (int)((double)timeout / clock_rate);
		if (timeout > 100)
			timeout = 100; /* look at the status file and stop conditions */
		if (epoll_fd >= 0) {
			struct epoll_event evs[16];
			int m = epoll_wait(epoll_fd, evs, 16, timeout);

			for (int k = 0; k < m; k++)
				feed_publisher_fd_ready(p, evs[k].data.fd,
							poll_from_epoll(evs[k].events), now_ms());
			feed_publisher_run(p, NULL, 0, now_ms());
			continue;
		}
		if (poll(fds, (nfds_t)n, timeout) < 0 && errno != EINTR) {
			perror("poll");
			rc = 1;
			break;
		}
		feed_publisher_run(p, fds, n, now_ms());
	}
	if (health_path)
		health_write(p, health_path);
	if (bench)
		bench_report(bench);
	feed_publisher_free(p);
	json_decref(status);
	curl_global_cleanup();
	if (epoll_fd >= 0)
		close(epoll_fd);
	return rc;
}
