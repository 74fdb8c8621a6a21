/* SPDX-License-Identifier: MIT */
#include "daemon/loop.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#define LOOP_MAX_SIGNALS 8

struct loop_fd {
	bool used;
	int fd;
	void (*cb)(void *arg, int fd, uint32_t revents);
	void *arg;
};

struct loop_timer {
	bool used;
	int64_t due; /* monotonic ms; -1 = disarmed */
	int64_t period;
	void (*cb)(void *arg);
	void *arg;
};

struct loop_hook {
	int64_t (*prepare)(void *arg);
	void *arg;
};

struct loop_signal {
	int signo;
	void (*cb)(void *arg, int signo);
	void *arg;
};

struct loop {
	int epfd;
	bool quit;
	int status;
	struct loop_fd fds[LOOP_MAX_FDS];
	struct loop_timer timers[LOOP_MAX_TIMERS];
	struct loop_hook hooks[LOOP_MAX_HOOKS];
	int n_hooks;
	struct loop_signal signals[LOOP_MAX_SIGNALS];
	int n_signals;
	int sigfd;
	sigset_t sigmask;
};

int64_t loop_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *loop_new(void)
{
	struct loop *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0) {
		free(l);
		return NULL;
	}
	l->sigfd = -1;
	sigemptyset(&l->sigmask);
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	if (l->sigfd >= 0)
		close(l->sigfd);
	close(l->epfd);
	free(l);
}

static struct loop_fd *loop_fd_find(struct loop *l, int fd)
{
	for (int i = 0; i < LOOP_MAX_FDS; i++) {
		if (l->fds[i].used && l->fds[i].fd == fd)
			return &l->fds[i];
	}
	return NULL;
}

int loop_fd_add(struct loop *l, int fd, uint32_t events,
		void (*cb)(void *arg, int fd, uint32_t revents), void *arg)
{
	struct loop_fd *slot = NULL;
	struct epoll_event ev = { 0 };

	if (loop_fd_find(l, fd)) {
		errno = EEXIST;
		return -1;
	}
	for (int i = 0; i < LOOP_MAX_FDS && !slot; i++) {
		if (!l->fds[i].used)
			slot = &l->fds[i];
	}
	if (!slot) {
		errno = ENOSPC;
		return -1;
	}
	ev.events = events;
	ev.data.ptr = slot;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -1;
	slot->used = true;
	slot->fd = fd;
	slot->cb = cb;
	slot->arg = arg;
	return 0;
}

int loop_fd_modify(struct loop *l, int fd, uint32_t events)
{
	struct loop_fd *slot = loop_fd_find(l, fd);
	struct epoll_event ev = { 0 };

	if (!slot) {
		errno = ENOENT;
		return -1;
	}
	ev.events = events;
	ev.data.ptr = slot;
	return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev);
}

int loop_fd_remove(struct loop *l, int fd)
{
	struct loop_fd *slot = loop_fd_find(l, fd);

	if (!slot) {
		errno = ENOENT;
		return -1;
	}
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	slot->used = false;
	slot->fd = -1;
	return 0;
}

struct loop_timer *loop_timer_add(struct loop *l, int64_t delay_ms, int64_t period_ms,
				  void (*cb)(void *arg), void *arg)
{
	for (int i = 0; i < LOOP_MAX_TIMERS; i++) {
		struct loop_timer *t = &l->timers[i];

		if (t->used)
			continue;
		t->used = true;
		t->cb = cb;
		t->arg = arg;
		t->period = period_ms > 0 ? period_ms : 0;
		t->due = delay_ms < 0 ? -1 : loop_monotonic_ms() + delay_ms;
		return t;
	}
	return NULL;
}

void loop_timer_arm(struct loop *l, struct loop_timer *t, int64_t delay_ms)
{
	(void)l;
	t->due = delay_ms < 0 ? -1 : loop_monotonic_ms() + delay_ms;
}

void loop_timer_remove(struct loop *l, struct loop_timer *t)
{
	(void)l;
	if (!t)
		return;
	t->used = false;
	t->due = -1;
}

int loop_hook_add(struct loop *l, int64_t (*prepare)(void *arg), void *arg)
{
	if (l->n_hooks == LOOP_MAX_HOOKS) {
		errno = ENOSPC;
		return -1;
	}
	l->hooks[l->n_hooks].prepare = prepare;
	l->hooks[l->n_hooks].arg = arg;
	l->n_hooks++;
	return 0;
}

static void loop_signal_read(void *arg, int fd, uint32_t revents)
{
	struct loop *l = arg;
	struct signalfd_siginfo si;

	(void)revents;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		for (int i = 0; i < l->n_signals; i++) {
			if (l->signals[i].signo == (int)si.ssi_signo)
				l->signals[i].cb(l->signals[i].arg, (int)si.ssi_signo);
		}
	}
}

int loop_signal_add(struct loop *l, int signo, void (*cb)(void *arg, int signo), void *arg)
{
	int fd;

	if (l->n_signals == LOOP_MAX_SIGNALS) {
		errno = ENOSPC;
		return -1;
	}
	sigaddset(&l->sigmask, signo);
	if (sigprocmask(SIG_BLOCK, &l->sigmask, NULL) < 0)
		return -1;
	fd = signalfd(l->sigfd, &l->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (l->sigfd < 0) {
		l->sigfd = fd;
		if (loop_fd_add(l, fd, LOOP_IN, loop_signal_read, l) < 0)
			return -1;
	}
	l->signals[l->n_signals].signo = signo;
	l->signals[l->n_signals].cb = cb;
	l->signals[l->n_signals].arg = arg;
	l->n_signals++;
	return 0;
}

/* Fire the timers that are due; return the wait until the next one, or -1. */
static int64_t loop_timers_run(struct loop *l)
{
	int64_t now = loop_monotonic_ms();
	int64_t wait = -1;

	for (int i = 0; i < LOOP_MAX_TIMERS; i++) {
		struct loop_timer *t = &l->timers[i];

		if (!t->used || t->due < 0 || t->due > now)
			continue;
		if (t->period > 0) {
			t->due += t->period;
			if (t->due <= now)
				t->due = now + t->period;
		} else {
			t->due = -1;
		}
		t->cb(t->arg);
	}
	now = loop_monotonic_ms();
	for (int i = 0; i < LOOP_MAX_TIMERS; i++) {
		struct loop_timer *t = &l->timers[i];
		int64_t left;

		if (!t->used || t->due < 0)
			continue;
		left = t->due > now ? t->due - now : 0;
		if (wait < 0 || left < wait)
			wait = left;
	}
	return wait;
}

int loop_run(struct loop *l)
{
	struct epoll_event evs[LOOP_MAX_FDS];

	l->quit = false;
	while (!l->quit) {
		int64_t wait = loop_timers_run(l);
		int n;

		for (int i = 0; i < l->n_hooks; i++) {
			int64_t w = l->hooks[i].prepare(l->hooks[i].arg);

			if (w >= 0 && (wait < 0 || w < wait))
				wait = w;
		}
		if (l->quit)
			break;
		if (wait > 60000)
			wait = 60000;
		n = epoll_wait(l->epfd, evs, LOOP_MAX_FDS, (int)wait);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < n && !l->quit; i++) {
			struct loop_fd *slot = evs[i].data.ptr;

			if (slot->used)
				slot->cb(slot->arg, slot->fd, evs[i].events);
		}
	}
	return l->status;
}

void loop_quit(struct loop *l, int status)
{
	l->quit = true;
	l->status = status;
}
