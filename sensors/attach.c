/* SPDX-License-Identifier: MIT */
#include "sensors/attach.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon/log.h"
#include "sensors/sensors.h"

struct sensors_attach {
	struct loop *loop;
	struct state *st;
	struct sensors *s;
	struct loop_timer *timer;
	int fds[SENSORS_MAX_FDS]; /* registered with the loop */
	int n_fds;
	uint64_t changes; /* lines lost + back when the fds were registered */
	bool day_open; /* the office's, as last seen */
	int cmd_fd, cmd_keep; /* the sim FIFO, read end and a writer kept open */
	struct event evs[SENSORS_OUT_MAX];
};

static void attach_run(struct sensors_attach *a);

static void attach_on_fd(void *arg, int fd, uint32_t revents)
{
	(void)fd;
	(void)revents;
	attach_run(arg);
}

static void attach_on_timer(void *arg)
{
	attach_run(arg);
}

/* After every commit: a day that closed or opened is handled from the loop. */
static void attach_on_commit(void *arg, const struct state *st)
{
	struct sensors_attach *a = arg;
	if (st->office->day_open != a->day_open)
		loop_timer_arm(a->loop, a->timer, 0);
}

static void attach_commit(struct sensors_attach *a, struct event *ev)
{
	struct state_error err;
	if (sensors_event_resolve(a->st->office, ev) < 0) {
		log_info("sensors: %s %s%s: nothing to do", event_type_name(ev->type), ev->category,
			 ev->window);
		return;
	}
	if (state_commit(a->st, ev, 1, &err) < 0)
		log_warn("sensors: %s refused: %s", event_type_name(ev->type), err.message);
}

/* Registers the fds of the lines that are up, again after a loss or return. */
static void attach_fds_sync(struct sensors_attach *a)
{
	struct sensors_stats st;
	sensors_stats_get(a->s, &st);
	if (a->n_fds >= 0 && st.lost + st.back == a->changes)
		return;
	for (int i = 0; i < a->n_fds; i++)
		loop_fd_remove(a->loop, a->fds[i]);
	struct pollfd p[SENSORS_MAX_FDS];
	int n = sensors_fds(a->s, p, SENSORS_MAX_FDS);
	a->n_fds = 0;
	for (int i = 0; i < n; i++) {
		if (loop_fd_add(a->loop, p[i].fd, LOOP_IN, attach_on_fd, a) < 0) {
			log_err("sensors: cannot watch fd %d: %s", p[i].fd, strerror(errno));
			continue;
		}
		a->fds[a->n_fds++] = p[i].fd;
	}
	a->changes = st.lost + st.back;
}

static void attach_run(struct sensors_attach *a)
{
	int64_t now = state_now(a->st);
	bool open = a->st->office->day_open;
	if (open != a->day_open) {
		a->day_open = open;
		if (open) {
			sensors_day_open(a->s);
		} else {
			struct event ev;
			if (sensors_day_close(a->s, now, &ev))
				attach_commit(a, &ev);
		}
	}
	int k = sensors_process(a->s, now, a->evs, SENSORS_OUT_MAX);
	for (int i = 0; i < k; i++)
		attach_commit(a, &a->evs[i]);
	attach_fds_sync(a);
	int64_t due = sensors_due(a->s);
	if (due == SENSORS_NEVER)
		loop_timer_arm(a->loop, a->timer, -1);
	else
		loop_timer_arm(a->loop, a->timer,
			       due <= now ? 0 : clock_real_ms(&a->st->clock, due - now));
}

/* The simulated lines' command FIFO in the state directory. */
static int attach_fifo_open(struct sensors_attach *a, const char *dir, char *err, size_t size)
{
	char path[CONFIG_PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", dir, SENSORS_ATTACH_FIFO);
	if (mkfifo(path, 0600) < 0 && errno != EEXIST) {
		snprintf(err, size, "gpio: sim: %s: %s", path, strerror(errno));
		return -1;
	}
	a->cmd_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	a->cmd_keep = a->cmd_fd < 0 ? -1 : open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (a->cmd_fd < 0 || a->cmd_keep < 0) {
		snprintf(err, size, "gpio: sim: %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

struct sensors_attach *sensors_attach_new(struct loop *l, struct state *st, char *err, size_t size)
{
	const struct config *cfg = st->cfg;
	int64_t now = state_now(st);
	struct sensors_attach *a = calloc(1, sizeof(*a));
	if (!a) {
		snprintf(err, size, "gpio: out of memory");
		return NULL;
	}
	a->loop = l;
	a->st = st;
	a->n_fds = -1;
	a->cmd_fd = a->cmd_keep = -1;
	a->day_open = st->office->day_open;
	if (strcmp(cfg->gpio_chip, SENSORS_ATTACH_SIM_CHIP) == 0) {
		if (attach_fifo_open(a, cfg->state_dir, err, size) < 0)
			goto err_free;
		a->s = sensors_open_sim(cfg, now, a->cmd_fd, err, size);
	} else {
		a->s = sensors_open(cfg, now, err, size);
	}
	if (!a->s)
		goto err_free;
	sensors_restore(a->s, st->office);
	a->timer = loop_timer_add(l, 0, 0, attach_on_timer, a);
	if (!a->timer || state_listener_add(st, attach_on_commit, a) < 0) {
		snprintf(err, size, "gpio: no room for a timer or a state listener");
		goto err_free;
	}
	return a;
err_free:
	sensors_attach_free(a);
	return NULL;
}

void sensors_attach_free(struct sensors_attach *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->n_fds; i++)
		loop_fd_remove(a->loop, a->fds[i]);
	loop_timer_remove(a->loop, a->timer);
	sensors_close(a->s);
	if (a->cmd_fd >= 0)
		close(a->cmd_fd);
	if (a->cmd_keep >= 0)
		close(a->cmd_keep);
	free(a);
}
