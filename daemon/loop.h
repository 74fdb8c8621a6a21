/* SPDX-License-Identifier: MIT */
/*
 * The daemon's one event loop (epoll): file descriptors with callbacks,
 * monotonic timers, signals through a signalfd, and "prepare" hooks that may
 * shorten the next wait (libmicrohttpd's timeout). Single-threaded; every
 * callback runs on the loop's thread and must not block.
 */
#ifndef MACHIAI_DAEMON_LOOP_H
#define MACHIAI_DAEMON_LOOP_H

#include <stdint.h>

#define LOOP_MAX_FDS 64
#define LOOP_MAX_TIMERS 32
#define LOOP_MAX_HOOKS 8

/* Readiness bits for loop_fd_add(): the epoll ones. */
#define LOOP_IN 0x001u /* EPOLLIN */
#define LOOP_OUT 0x004u /* EPOLLOUT */
#define LOOP_ERR 0x008u /* EPOLLERR, always reported */
#define LOOP_HUP 0x010u /* EPOLLHUP, always reported */

struct loop;
struct loop_timer;

/**
 * loop_new() - a new loop with nothing registered.
 * Return: the loop, to be freed with loop_free(), or NULL with errno set.
 */
struct loop *loop_new(void);

/** loop_free() - free @l and its timers; registered fds are not closed. NULL is fine. */
void loop_free(struct loop *l);

/**
 * loop_fd_add() - call @cb(@arg, @fd, revents) whenever @fd is ready for
 * @events (LOOP_IN, LOOP_OUT). The fd stays owned by the caller.
 * Return: 0, or -1 with errno set (EEXIST, ENOSPC past LOOP_MAX_FDS, ...).
 */
int loop_fd_add(struct loop *l, int fd, uint32_t events,
		void (*cb)(void *arg, int fd, uint32_t revents), void *arg);

/** loop_fd_modify() - change the @events watched on @fd. Return: 0 or -1. */
int loop_fd_modify(struct loop *l, int fd, uint32_t events);

/**
 * loop_fd_remove() - stop watching @fd; safe from inside any callback.
 * Return: 0, or -1 when @fd was not registered.
 */
int loop_fd_remove(struct loop *l, int fd);

/**
 * loop_timer_add() - call @cb(@arg) @delay_ms from now (monotonic), then every
 * @period_ms when @period_ms > 0; a one-shot timer is disarmed after it
 * fires and can be re-armed with loop_timer_arm().
 * Return: the timer, valid until loop_timer_remove() or loop_free(); NULL
 * when LOOP_MAX_TIMERS are in use.
 */
struct loop_timer *loop_timer_add(struct loop *l, int64_t delay_ms, int64_t period_ms,
				  void (*cb)(void *arg), void *arg);

/** loop_timer_arm() - (re)arm @t to fire @delay_ms from now; -1 disarms. */
void loop_timer_arm(struct loop *l, struct loop_timer *t, int64_t delay_ms);

/** loop_timer_remove() - remove @t; safe from inside any callback. NULL is fine. */
void loop_timer_remove(struct loop *l, struct loop_timer *t);

/**
 * loop_hook_add() - call @prepare(@arg) before every wait; it returns the
 * longest the loop may sleep in ms, or -1 for no limit.
 * Return: 0, or -1 when LOOP_MAX_HOOKS are in use.
 */
int loop_hook_add(struct loop *l, int64_t (*prepare)(void *arg), void *arg);

/**
 * loop_signal_add() - block @signo and call @cb(@arg, @signo) from the loop
 * when it arrives (signalfd). Return: 0 or -1 with errno set.
 */
int loop_signal_add(struct loop *l, int signo, void (*cb)(void *arg, int signo), void *arg);

/**
 * loop_run() - dispatch until loop_quit().
 * Return: the status given to loop_quit(), or -1 when epoll fails.
 */
int loop_run(struct loop *l);

/** loop_quit() - make loop_run() return @status after the current dispatch. */
void loop_quit(struct loop *l, int status);

/** loop_monotonic_ms() - CLOCK_MONOTONIC in milliseconds. */
int64_t loop_monotonic_ms(void);

#endif
