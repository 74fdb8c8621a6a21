/* SPDX-License-Identifier: MIT */
#include "display/pngio.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pngio_write(const char *path, int w, int h, const uint8_t *rgba, int pitch)
{
	png_image img;
	int rc;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGBA;
	/* Written as RGB: the sign is opaque. Compose onto a copy without alpha. */
	uint8_t *rgb = malloc((size_t)w * (size_t)h * 3);

	if (!rgb) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	for (int y = 0; y < h; y++) {
		const uint8_t *src = rgba + (size_t)y * (size_t)pitch;
		uint8_t *dst = rgb + (size_t)y * (size_t)w * 3;

		for (int x = 0; x < w; x++) {
			dst[3 * x] = src[4 * x];
			dst[3 * x + 1] = src[4 * x + 1];
			dst[3 * x + 2] = src[4 * x + 2];
		}
	}
	img.format = PNG_FORMAT_RGB;
	rc = png_image_write_to_file(&img, path, 0, rgb, w * 3, NULL);
	free(rgb);
	if (!rc) {
		fprintf(stderr, "%s: %s\n", path, img.message);
		return -1;
	}
	return 0;
}

int pngio_read(const char *path, int *w, int *h, uint8_t **rgba)
{
	png_image img;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path)) {
		fprintf(stderr, "%s: %s\n", path, img.message);
		return -1;
	}
	if (img.width > 8192 || img.height > 8192) {
		fprintf(stderr, "%s: image larger than 8192 x 8192\n", path);
		png_image_free(&img);
		return -1;
	}
	img.format = PNG_FORMAT_RGBA;
	*rgba = malloc(PNG_IMAGE_SIZE(img));
	if (!*rgba) {
		png_image_free(&img);
		return -1;
	}
	if (!png_image_finish_read(&img, NULL, *rgba, 0, NULL)) {
		fprintf(stderr, "%s: %s\n", path, img.message);
		free(*rgba);
		*rgba = NULL;
		return -1;
	}
	*w = (int)img.width;
	*h = (int)img.height;
	return 0;
}
