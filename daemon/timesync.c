/* SPDX-License-Identifier: MIT */
#include "daemon/timesync.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <unistd.h>

static const char *timesync_env(const char *name, const char *def)
{
	const char *v = getenv(name);

	if (!v)
		return def;
	return v[0] ? v : NULL;
}

void timesync_init(struct timesync *t)
{
	const char *k = getenv("MACHIAI_CLOCK_KERNEL");

	t->flag_file = timesync_env("MACHIAI_TIMESYNC_FILE", TIMESYNC_FLAG_FILE);
	t->rtc_dir = timesync_env("MACHIAI_SYSFS_RTC", TIMESYNC_SYSFS_RTC);
	t->kernel = !(k && !strcmp(k, "0"));
}

/* Whether some @dir/rtcN/hctosys reads 1. */
static bool timesync_rtc(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool set = false;

	if (!d)
		return false;
	while (!set && (e = readdir(d))) {
		char path[512], c = '0';
		FILE *fp;

		if (strncmp(e->d_name, "rtc", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/hctosys", dir, e->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		set = fread(&c, 1, 1, fp) == 1 && c == '1';
		fclose(fp);
	}
	closedir(d);
	return set;
}

static bool timesync_kernel(void)
{
	struct timex tx = { 0 };
	int rc = adjtimex(&tx);

	return rc >= 0 && rc != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

bool timesync_clock_set(const struct timesync *t, const char **why)
{
	const char *src = "none";

	if (t->flag_file && access(t->flag_file, F_OK) == 0)
		src = "timesyncd";
	else if (t->kernel && timesync_kernel())
		src = "kernel";
	else if (t->rtc_dir && timesync_rtc(t->rtc_dir))
		src = "rtc";
	if (why)
		*why = src;
	return strcmp(src, "none") != 0;
}
