/* SPDX-License-Identifier: MIT */
/*
 * Is the system clock set? On a Raspberry Pi without a real-time clock the
 * time after a boot without network is only a guess (the last shutdown, or
 * the date the image was made), and the sign must say so rather than show a
 * wrong date (machiaid --clock-check, docs/status.md "clock_set").
 *
 * The clock counts as set when any of these holds:
 * - systemd-timesyncd has synchronised it once since boot: its flag file
 *   /run/systemd/timesync/synchronized exists;
 * - the kernel's NTP state says synchronised (adjtimex without STA_UNSYNC),
 *   as chrony or ntpd leave it;
 * - a real-time clock set the system time at boot (/sys/class/rtc/rtcN/hctosys
 *   is 1).
 */
#ifndef MACHIAI_DAEMON_TIMESYNC_H
#define MACHIAI_DAEMON_TIMESYNC_H

#include <stdbool.h>

#define TIMESYNC_FLAG_FILE "/run/systemd/timesync/synchronized"
#define TIMESYNC_SYSFS_RTC "/sys/class/rtc"

struct timesync {
	const char *flag_file; /* NULL: not looked at */
	const char *rtc_dir; /* NULL: not looked at */
	bool kernel; /* ask adjtimex */
};

/**
 * timesync_init() - the default sources, with the paths taken from the
 * environment when set (MACHIAI_TIMESYNC_FILE, MACHIAI_SYSFS_RTC; an empty
 * value turns that source off) and the kernel's state asked unless
 * MACHIAI_CLOCK_KERNEL=0.
 */
void timesync_init(struct timesync *t);

/**
 * timesync_clock_set() - whether any source of @t says the clock is set.
 * @why: set to a short name of the source that says so ("timesyncd",
 * "kernel", "rtc"), or "none".
 */
bool timesync_clock_set(const struct timesync *t, const char **why);

#endif
