/* SPDX-License-Identifier: MIT */
/*
 * display-pngcmp: compares a rendered PNG with a golden one within a
 * tolerance (like SDLTest_CompareSurfaces): a pixel differs when any channel
 * differs by more than --tolerance; the images match when at most
 * --max-fraction of the pixels differ. Exit 0 match, 1 mismatch, 2 error.
 * Usage: display-pngcmp GOT.png WANT.png [--tolerance N] [--max-fraction F]
 *        [--diff OUT.png] [--turn DEG]
 * (--turn: compare with WANT turned clockwise by DEG: 90, 180 or 270)
 *        display-pngcmp --ink IN.png OUT.png DIVISOR
 * The second form prepares a screenshot for OCR: the sign's bright text on
 * its dark ground becomes black on white, shrunk by DIVISOR.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/pngio.h"

/* WANT turned clockwise by @deg: a new buffer, dimensions swapped as needed. */
static uint8_t *turn(const uint8_t *src, int *w, int *h, long deg)
{
	int nw = deg == 180 ? *w : *h, nh = deg == 180 ? *h : *w;
	uint8_t *dst = malloc((size_t)*w * (size_t)*h * 4);

	if (!dst)
		return NULL;
	for (int y = 0; y < *h; y++) {
		for (int x = 0; x < *w; x++) {
			int tx, ty;

			if (deg == 90) {
				tx = *h - 1 - y;
				ty = x;
			} else if (deg == 270) {
				tx = y;
				ty = *w - 1 - x;
			} else {
				tx = *w - 1 - x;
				ty = *h - 1 - y;
			}
			memcpy(dst + 4 * ((size_t)ty * nw + tx), src + 4 * ((size_t)y * *w + x), 4);
		}
	}
	*w = nw;
	*h = nh;
	return dst;
}

static int ink(const char *in, const char *out, const char *divisor)
{
	uint8_t *px, *o;
	int w, h, ow, oh, rc;
	char *end;
	long d;

	errno = 0;
	d = strtol(divisor, &end, 10);
	if (errno || *end || d < 1 || d > 16)
		return 2;
	if (pngio_read(in, &w, &h, &px) < 0)
		return 2;
	ow = w / (int)d;
	oh = h / (int)d;
	o = malloc((size_t)ow * (size_t)oh * 4);
	if (!o) {
		free(px);
		return 2;
	}
	for (int y = 0; y < oh; y++) {
		for (int x = 0; x < ow; x++) {
			long sum = 0;

			for (int dy = 0; dy < d; dy++) {
				for (int dx = 0; dx < d; dx++) {
					uint8_t *p =
						px + 4 * ((size_t)(y * d + dy) * w + x * d + dx);

					sum += (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000;
				}
			}
			uint8_t v = sum / (d * d) > 150 ? 0 : 255;
			uint8_t *q = o + 4 * ((size_t)y * ow + x);

			q[0] = q[1] = q[2] = v;
			q[3] = 255;
		}
	}
	rc = pngio_write(out, ow, oh, o, ow * 4) < 0 ? 2 : 0;
	free(px);
	free(o);
	return rc;
}

int main(int argc, char **argv)
{
	long tolerance = 32;
	double max_fraction = 0.002;
	const char *diff_path = NULL;
	long deg = 0;
	uint8_t *a = NULL, *b = NULL;
	int aw, ah, bw, bh, rc = 2;
	long differ = 0;

	if (argc == 5 && strcmp(argv[1], "--ink") == 0)
		return ink(argv[2], argv[3], argv[4]);
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
		} else if (strcmp(argv[i], "--turn") == 0) {
			deg = strtol(argv[i + 1], &end, 10);
			if (errno || *end || (deg != 90 && deg != 180 && deg != 270))
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
	if (deg) {
		uint8_t *t = turn(b, &bw, &bh, deg);

		if (!t)
			goto out;
		free(b);
		b = t;
	}
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
