/* SPDX-License-Identifier: MIT */
/*
 * The sensor path on real GPIO lines (gpio-sim in qemu, tests/gpio/check.sh):
 * the fixture office's lines on chip CHIP, a poll loop like the daemon's,
 * every event applied to an office. Prints machine-readable lines:
 *   GPIOTEST READY                       lines requested (also /tmp/ready)
 *   GPIOTEST EV <type> <detail>          each event as it is applied
 *   GPIOTEST RESULT key=value ...        on SIGUSR1: the tally so far
 *   GPIOTEST EDGES n                     on SIGUSR1 too: level changes read
 *   GPIOTEST ERROR message               start-up failed
 * Usage: gpiotest CHIP            run until SIGTERM
 *        gpiotest CHIP missing    open with beam_inner on line 20: must fail
 *        gpiotest burst PULL N [US]  toggle a gpio-sim pull attribute N
 *                                 times, US microseconds between writes
 *                                 (0: as fast as it can), then print
 *                                 "GPIOTEST BURST edges=2N seconds=S"
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/sensors/fixture.h"

static volatile sig_atomic_t got_usr1, got_term;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_event(const struct event *e)
{
	switch (e->type) {
	case EVENT_PEOPLE:
	case EVENT_OCCUPANCY_RESET:
		printf("GPIOTEST EV %s %+d\n", event_type_name(e->type), e->count);
		break;
	case EVENT_DOOR:
		printf("GPIOTEST EV %s %s\n", event_type_name(e->type),
		       e->open ? "open" : "closed");
		break;
	case EVENT_SENSOR:
		printf("GPIOTEST EV %s %s %s\n", event_type_name(e->type), e->sensor,
		       e->ok ? "ok" : "fault");
		break;
	case EVENT_TICKET_ISSUE:
		printf("GPIOTEST EV %s %s %d\n", event_type_name(e->type), e->category, e->number);
		break;
	default:
		printf("GPIOTEST EV %s %s %s\n", event_type_name(e->type), e->window, e->ticket);
		break;
	}
}

static int burst(const char *path, const char *count, const char *interval)
{
	char *end, *end2;
	long n = strtol(count, &end, 10);
	long us = strtol(interval, &end2, 10);
	if (*end || n < 1 || n > 1000000 || *end2 || us < 0 || us > 1000000) {
		printf("GPIOTEST FAIL burst %s %s\n", count, interval);
		return 1;
	}
	struct timespec pause = { 0, us * 1000 };
	int fd = open(path, O_WRONLY);
	if (fd < 0) {
		printf("GPIOTEST FAIL burst %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < 2 * n; i++) {
		const char *v = i % 2 ? "pull-up" : "pull-down";
		if (pwrite(fd, v, strlen(v), 0) < 0) {
			printf("GPIOTEST FAIL burst write: %s\n", strerror(errno));
			close(fd);
			return 1;
		}
		if (us > 0)
			nanosleep(&pause, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(fd);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("GPIOTEST BURST edges=%ld seconds=%.3f\n", 2 * n, secs);
	return 0;
}

int main(int argc, char **argv)
{
	static struct config cfg;
	static struct event evs[SENSORS_OUT_MAX];
	char err[256];
	if (argc < 2) {
		fprintf(stderr, "usage: gpiotest CHIP [missing]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "burst") == 0 && argc >= 4)
		return burst(argv[2], argv[3], argc > 4 ? argv[4] : "0");
	fixture_config(&cfg, argv[1]);
	cfg.door_grace_s = 1; /* keep the door test short */
	if (argc > 2 && strcmp(argv[2], "missing") == 0) {
		cfg.beam_inner.offset = 20;
		struct sensors *s = sensors_open(&cfg, now_ms(), err, sizeof(err));
		if (s) {
			printf("GPIOTEST MISSING opened\n");
			sensors_close(s);
			return 1;
		}
		printf("GPIOTEST MISSING %s\n", err);
		return 0;
	}
	struct office *o = office_new(&cfg);
	if (!o) {
		printf("GPIOTEST ERROR out of memory\n");
		return 1;
	}
	fixture_day_open(o, now_ms());
	struct sensors *s = sensors_open(&cfg, now_ms(), err, sizeof(err));
	if (!s) {
		printf("GPIOTEST ERROR %s\n", err);
		office_free(o);
		return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	FILE *ready = fopen("/tmp/ready", "w");
	if (ready)
		fclose(ready);
	printf("GPIOTEST READY\n");

	struct fixture_tally t = { 0 };
	while (!got_term) {
		struct pollfd fds[SENSORS_MAX_FDS];
		int n = sensors_fds(s, fds, SENSORS_MAX_FDS);
		int64_t wait = sensors_due(s) - now_ms();
		if (wait > 1000)
			wait = 1000;
		if (wait < 0)
			wait = 0;
		if (poll(fds, (nfds_t)n, (int)wait) < 0 && errno != EINTR) {
			printf("GPIOTEST ERROR poll: %s\n", strerror(errno));
			break;
		}
		int k = sensors_process(s, now_ms(), evs, SENSORS_OUT_MAX);
		for (int i = 0; i < k; i++) {
			struct event one = evs[i];
			struct fixture_tally before = t;
			fixture_apply(o, &one, 1, &t);
			if (before.unresolved == t.unresolved)
				print_event(&one);
		}
		if (got_usr1) {
			got_usr1 = 0;
			struct sensors_stats st;
			sensors_stats_get(s, &st);
			printf("GPIOTEST RESULT in=%d out=%d doors_open=%d doors_closed=%d issued=%d "
			       "called=%d recalled=%d unresolved=%d faults=%d recoveries=%d "
			       "refused=%d occupancy=%d ignored=%d lost=%llu back=%llu fault_now=%d\n",
			       t.in, t.out, t.doors_open, t.doors_closed, t.issued, t.called,
			       t.recalled, t.unresolved, t.faults, t.recoveries, t.refused,
			       o->occupancy, st.today->ignored, (unsigned long long)st.lost,
			       (unsigned long long)st.back, o->sensor_fault ? 1 : 0);
			printf("GPIOTEST EDGES %llu\n", (unsigned long long)st.edges);
		}
	}
	sensors_close(s);
	office_free(o);
	return 0;
}
