/* SPDX-License-Identifier: MIT */
/*
 * Replays inputs through a harness without libFuzzer: make check runs
 * build/test_fuzz_NAME from the top of the tree, which feeds every file of
 * fuzz/corpus/NAME/ and fuzz/regress/NAME/ to LLVMFuzzerTestOneInput().
 * With arguments, it feeds those files (or the files in those folders).
 */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/fuzz.h"

#define REPLAY_MAX_SIZE (1024 * 1024) /* libFuzzer's default -max_len is far below */

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(REPLAY_MAX_SIZE);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX_SIZE, f);
	fclose(f);
	/* A copy of exactly n bytes, as libFuzzer gives, so ASan sees any overread. */
	{
		uint8_t *exact = malloc(n ? n : 1);

		if (!exact) {
			free(buf);
			return -1;
		}
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}

/* Replays @path, a file or a folder of files; adds to *@count. Return: 0 or -1. */
static int replay_path(const char *path, bool must_exist, int *count)
{
	struct dirent **names;
	struct stat st;
	int n, rc = 0;

	if (stat(path, &st) != 0) {
		if (!must_exist && errno == ENOENT)
			return 0;
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char file[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(file, sizeof(file), "%s/%s", path, names[i]->d_name);
			if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
				(*count)++;
				if (replay_file(file) != 0)
					rc = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	char self[256], corpus[320], regress[320];
	const char *name;
	int count = 0, seeds;

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			if (replay_path(argv[i], true, &count) != 0)
				return 1;
		}
		printf("%d inputs replayed\n", count);
		return 0;
	}
	snprintf(self, sizeof(self), "%s", argv[0]);
	name = basename(self);
	if (strncmp(name, "test_fuzz_", 10) != 0) {
		fprintf(stderr, "usage: test_fuzz_NAME [FILE|DIR]...\n");
		return 2;
	}
	name += 10;
	snprintf(corpus, sizeof(corpus), "fuzz/corpus/%s", name);
	snprintf(regress, sizeof(regress), "fuzz/regress/%s", name);
	if (replay_path(corpus, true, &count) != 0)
		return 1;
	seeds = count;
	if (seeds == 0) {
		fprintf(stderr, "%s: no inputs: a harness needs a seed corpus\n", corpus);
		return 1;
	}
	if (replay_path(regress, false, &count) != 0)
		return 1;
	printf("fuzz %s: %d corpus and %d regression inputs replayed\n", name, seeds,
	       count - seeds);
	return 0;
}
