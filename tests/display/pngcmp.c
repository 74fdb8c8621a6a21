/* SPDX-License-Identifier: MIT */
/*
 * display-pngcmp: compares a rendered PNG with a golden one within a
 * tolerance (like SDLTest_CompareSurfaces): a pixel differs when any channel
 * differs by more than --tolerance; the images match when at most
 * --max-fraction of the pixels differ. Exit 0 match, 1 mismatch, 2 error.
 * Usage: display-pngcmp GOT.png WANT.png [--tolerance N] [--max-fraction F]
 *        [--diff OUT.png]
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/pngio.h"

int main(int argc, char **argv)
{
	long tolerance = 32;
	double max_fraction = 0.002;
	const char *diff_path = NULL;
	uint8_t *a = NULL, *b = NULL;
	int aw, ah, bw, bh, rc = 2;
	long differ = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: display-pngcmp GOT.png WANT.png [--tolerance N] "
				"[--max-fraction F] [--diff OUT.png]\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		char *end;

		errno = 0;
		if (strcmp(argv[i], "--tolerance") == 0) {
			tolerance = strtol(argv[i + 1], &end, 10);
			if (errno || *end || tolerance < 0 || tolerance > 255)
				return 2;
		} else if (strcmp(argv[i], "--max-fraction") == 0) {
			max_fraction = strtod(argv[i + 1], &end);
			if (errno || *end || max_fraction < 0 || max_fraction > 1)
				return 2;
		} else if (strcmp(argv[i], "--diff") == 0) {
			diff_path = argv[i + 1];
		} else {
			fprintf(stderr, "display-pngcmp: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (pngio_read(argv[1], &aw, &ah, &a) < 0 || pngio_read(argv[2], &bw, &bh, &b) < 0)
		goto out;
	if (aw != bw || ah != bh) {
		printf("%s: %dx%d, %s: %dx%d: sizes differ\n", argv[1], aw, ah, argv[2], bw, bh);
		rc = 1;
		goto out;
	}
	for (long i = 0; i < (long)aw * ah; i++) {
		uint8_t *pa = a + 4 * i, *pb = b + 4 * i;
		bool off = false;

		for (int c = 0; c < 3; c++)
			off = off || abs((int)pa[c] - (int)pb[c]) > tolerance;
		differ += off;
		/* The diff image: differing pixels red, the rest a faint copy. */
		pa[0] = off ? 255 : pb[0] / 4;
		pa[1] = off ? 0 : pb[1] / 4;
		pa[2] = off ? 0 : pb[2] / 4;
	}
	{
		double frac = (double)differ / ((double)aw * ah);

		rc = frac <= max_fraction ? 0 : 1;
		printf("%s: %ld of %ld pixels differ (%.4f%%, limit %.4f%%): %s\n", argv[1], differ,
		       (long)aw * ah, 100 * frac, 100 * max_fraction, rc ? "MISMATCH" : "match");
	}
	if (rc && diff_path)
		pngio_write(diff_path, aw, ah, a, aw * 4);
out:
	free(a);
	free(b);
	return rc;
}
