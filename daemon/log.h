/* SPDX-License-Identifier: MIT */
/*
 * Logging to stderr, one line per message with an sd-daemon level prefix
 * ("<6>ticket.issue A-012"), which the systemd journal turns into priorities.
 */
#ifndef MACHIAI_DAEMON_LOG_H
#define MACHIAI_DAEMON_LOG_H

#define LOG_LEVEL_ERR 3
#define LOG_LEVEL_WARNING 4
#define LOG_LEVEL_NOTICE 5
#define LOG_LEVEL_INFO 6
#define LOG_LEVEL_DEBUG 7

/** log_msg() - write "<@level>" and the formatted message as one line to stderr. */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)

#endif
