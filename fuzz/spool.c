/* SPDX-License-Identifier: MIT */
/*
 * The feed's history spool (feed/spool.c) reading a day file of any bytes,
 * in a folder of its own under /dev/shm (or TMPDIR): it opens, numbers the
 * next sample after every number in the file, uploads only whole good rows
 * that end with that sample, and loads samples for the forecast.
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/civil.h"
#include "feed/spool.h"
#include "fuzz/fuzz.h"

static char fuzz_spool_dir[256];

static void fuzz_dir_remove(void)
{
	rmdir(fuzz_spool_dir);
}

static const char *fuzz_dir(void)
{
	if (!fuzz_spool_dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");

		snprintf(fuzz_spool_dir, sizeof(fuzz_spool_dir), "%s/machiai-fuzz-spool.XXXXXX",
			 base ? base : "/tmp");
		FUZZ_CHECK(mkdtemp(fuzz_spool_dir));
		atexit(fuzz_dir_remove);
	}
	return fuzz_spool_dir;
}

/* Empties the folder for the next input. */
static void fuzz_clean(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	FUZZ_CHECK(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	struct spool_sample s = { .at = civil_to_ms(20261123, 23 * 60 + 59, 540),
				  .status = "open",
				  .waiting = 3,
				  .wait_minutes = 9,
				  .realised_minutes = -1,
				  .level = 1,
				  .level_code = "moderate",
				  .occupancy = -1 };
	struct forecast_sample *fs;
	struct spool_upload up;
	char path[512], err[256];
	struct spool *sp;
	uint64_t before;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/history-2026-11-23.csv", dir);
	f = fopen(path, "wb");
	FUZZ_CHECK(f);
	FUZZ_CHECK(fwrite(data, 1, size, f) == size);
	fclose(f);
	/*
	 * spool_open() reports each bad row on stderr: too much for a fuzzer's log
	 * (MACHIAI_FUZZ_QUIET, set by fuzz/run.sh). A crash in it still leaves its
	 * input in fuzz/regress/spool/, and the replay shows the report.
	 */
	if (getenv("MACHIAI_FUZZ_QUIET")) {
		int saved = dup(2), null = open("/dev/null", O_WRONLY);

		FUZZ_CHECK(saved >= 0 && null >= 0);
		dup2(null, 2);
		close(null);
		sp = spool_open(dir, "131016-0001", 540, 84, err, sizeof(err));
		dup2(saved, 2);
		close(saved);
	} else {
		sp = spool_open(dir, "131016-0001", 540, 84, err, sizeof(err));
	}
	FUZZ_CHECK(sp);
	before = spool_seq_get(sp);
	FUZZ_CHECK(spool_samples_load(sp, 0, &fs, &n) == 0);
	free(fs);
	FUZZ_CHECK(spool_append(sp, &s) == 0);
	FUZZ_CHECK(spool_seq_get(sp) == before + 1);
	FUZZ_CHECK(spool_pending(sp, &up) == 1);
	FUZZ_CHECK(up.last_seq == before + 1);
	FUZZ_CHECK(strlen(up.csv) == up.len);
	FUZZ_CHECK(up.body_len <= size + 200);
	spool_upload_clear(&up);
	spool_close(sp);
	fuzz_clean(dir);
	return 0;
}
