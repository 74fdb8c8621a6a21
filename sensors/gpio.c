/* SPDX-License-Identifier: MIT */
#include "sensors/gpio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gpiod.h>

#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS 60000
#define READ_BATCH 16

struct gpio_line {
	char chip[64];
	struct config_line cfg;
	bool active_low;
	int bias;
	char what[24];

	struct gpiod_chip *h; /* NULL while lost */
	struct gpiod_line *line;
	int fd;
	bool value;
	int64_t retry_at;
	int retry_ms;
};

struct gpio_set {
	struct gpio_line lines[GPIO_MAX_LINES];
	int n;
};

static int request_flags(const struct gpio_line *l)
{
	int flags = l->active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
	switch (l->bias) {
	case 1:
		flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
		break;
	case 2:
		flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
		break;
	case 3:
		flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
		break;
	default:
		break;
	}
	return flags;
}

static void line_describe(const struct gpio_line *l, char *buf, size_t size)
{
	if (l->cfg.offset >= 0)
		snprintf(buf, size, "line %d", l->cfg.offset);
	else
		snprintf(buf, size, "line '%s'", l->cfg.name);
}

/* Open the chip and request the line; on failure say why in @err. */
static int line_request(struct gpio_line *l, char *err, size_t size)
{
	char desc[64];
	line_describe(l, desc, sizeof(desc));
	l->h = gpiod_chip_open_lookup(l->chip);
	if (!l->h) {
		snprintf(err, size, "%s: %s on chip %s: cannot open the chip: %s", l->what, desc,
			 l->chip, strerror(errno ? errno : ENOENT));
		return -1;
	}
	if (l->cfg.offset >= 0) {
		unsigned int lines = gpiod_chip_num_lines(l->h);
		if ((unsigned int)l->cfg.offset >= lines) {
			snprintf(err, size, "%s: %s on chip %s: no such line (chip has %u)",
				 l->what, desc, l->chip, lines);
			goto err_close_chip;
		}
		l->line = gpiod_chip_get_line(l->h, (unsigned int)l->cfg.offset);
	} else {
		l->line = gpiod_chip_find_line(l->h, l->cfg.name);
	}
	if (!l->line) {
		snprintf(err, size, "%s: %s on chip %s: no such line", l->what, desc, l->chip);
		goto err_close_chip;
	}
	if (gpiod_line_request_both_edges_events_flags(l->line, GPIO_CONSUMER, request_flags(l)) <
	    0) {
		snprintf(err, size, "%s: %s on chip %s: cannot request it: %s", l->what, desc,
			 l->chip, strerror(errno));
		goto err_close_chip;
	}
	l->fd = gpiod_line_event_get_fd(l->line);
	int v = gpiod_line_get_value(l->line);
	if (l->fd < 0 || v < 0) {
		snprintf(err, size, "%s: %s on chip %s: cannot read it: %s", l->what, desc, l->chip,
			 strerror(errno));
		goto err_close_chip;
	}
	l->value = v == 1;
	return 0;
err_close_chip:
	gpiod_chip_close(l->h);
	l->h = NULL;
	l->line = NULL;
	l->fd = -1;
	return -1;
}

static void line_release(struct gpio_line *l)
{
	if (l->h)
		gpiod_chip_close(l->h); /* releases the line too */
	l->h = NULL;
	l->line = NULL;
	l->fd = -1;
}

struct gpio_set *gpio_set_open(const struct gpio_line_spec *specs, int n, char *err, size_t size)
{
	if (n < 0 || n > GPIO_MAX_LINES) {
		snprintf(err, size, "gpio: %d lines, at most %d", n, GPIO_MAX_LINES);
		return NULL;
	}
	struct gpio_set *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, size, "gpio: out of memory");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		struct gpio_line *l = &s->lines[i];
		snprintf(l->chip, sizeof(l->chip), "%s", specs[i].chip);
		l->cfg = *specs[i].line;
		l->active_low = specs[i].active_low;
		l->bias = specs[i].bias;
		snprintf(l->what, sizeof(l->what), "%s", specs[i].what);
		l->fd = -1;
		s->n = i + 1;
		if (line_request(l, err, size) < 0)
			goto err_close_set;
	}
	return s;
err_close_set:
	gpio_set_close(s);
	return NULL;
}

void gpio_set_close(struct gpio_set *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		line_release(&s->lines[i]);
	free(s);
}

bool gpio_set_value(const struct gpio_set *s, int i)
{
	return s->lines[i].value;
}

int gpio_set_fds(const struct gpio_set *s, struct pollfd *fds, int max)
{
	int k = 0;
	for (int i = 0; i < s->n && k < max; i++) {
		if (s->lines[i].fd < 0)
			continue;
		fds[k].fd = s->lines[i].fd;
		fds[k].events = POLLIN;
		fds[k].revents = 0;
		k++;
	}
	return k;
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * The kernel stamps v1 line events with CLOCK_MONOTONIC (Linux 5.7 and
 * later; CLOCK_REALTIME before): turn either into ms since the epoch.
 */
static int64_t event_ms(const struct timespec *ts, int64_t real_ns, int64_t mono_ns)
{
	int64_t t = (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec;
	int64_t day = 86400LL * 1000000000LL;
	if (t > real_ns - day && t < real_ns + day)
		return t / 1000000;
	return (real_ns - (mono_ns - t)) / 1000000;
}

static void line_lost(struct gpio_line *l, int64_t now)
{
	line_release(l);
	l->retry_ms = RETRY_FIRST_MS;
	l->retry_at = now + l->retry_ms;
}

/* Stable sort by time: one line's edges keep their order within a ms. */
static void edges_sort(struct gpio_edge *e, int n)
{
	for (int i = 1; i < n; i++) {
		struct gpio_edge x = e[i];
		int j = i - 1;
		while (j >= 0 && e[j].at > x.at) {
			e[j + 1] = e[j];
			j--;
		}
		e[j + 1] = x;
	}
}

int gpio_set_read(struct gpio_set *s, int64_t now, struct gpio_edge *out, int max)
{
	int n = 0;
	int64_t real_ns = clock_ns(CLOCK_REALTIME);
	int64_t mono_ns = clock_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < s->n && n < max; i++) {
		struct gpio_line *l = &s->lines[i];
		if (!l->h) {
			if (now < l->retry_at)
				continue;
			char err[256];
			if (line_request(l, err, sizeof(err)) < 0) {
				l->retry_ms = l->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS
									     : l->retry_ms * 2;
				l->retry_at = now + l->retry_ms;
				continue;
			}
			out[n++] = (struct gpio_edge){ GPIO_EDGE_BACK, i, l->value, now };
			continue;
		}
		struct pollfd p = { .fd = l->fd, .events = POLLIN };
		if (poll(&p, 1, 0) <= 0)
			continue;
		if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
			line_lost(l, now);
			out[n++] = (struct gpio_edge){ GPIO_EDGE_LOST, i, false, now };
			continue;
		}
		struct gpiod_line_event ev[READ_BATCH];
		int want = max - n < READ_BATCH ? max - n : READ_BATCH;
		int got = gpiod_line_event_read_multiple(l->line, ev, (unsigned int)want);
		if (got < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			line_lost(l, now);
			out[n++] = (struct gpio_edge){ GPIO_EDGE_LOST, i, false, now };
			continue;
		}
		for (int k = 0; k < got; k++) {
			bool active = ev[k].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
			l->value = active;
			out[n++] = (struct gpio_edge){ GPIO_EDGE_LEVEL, i, active,
						       event_ms(&ev[k].ts, real_ns, mono_ns) };
		}
	}
	edges_sort(out, n);
	return n;
}

int64_t gpio_set_due(const struct gpio_set *s)
{
	int64_t due = INT64_MAX;
	for (int i = 0; i < s->n; i++) {
		if (!s->lines[i].h && s->lines[i].retry_at < due)
			due = s->lines[i].retry_at;
	}
	return due;
}
