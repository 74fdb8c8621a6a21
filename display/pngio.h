/* SPDX-License-Identifier: MIT */
/* PNG files of RGBA pixels (libpng): screenshots and golden images. */
#ifndef MACHIAI_DISPLAY_PNGIO_H
#define MACHIAI_DISPLAY_PNGIO_H

#include <stdint.h>

/**
 * pngio_write() - write @w x @h RGBA pixels (@pitch bytes per row, 4 bytes
 * per pixel in R, G, B, A order) to @path as an 8-bit RGB PNG.
 * Return: 0, or -1 with a message on stderr.
 */
int pngio_write(const char *path, int w, int h, const uint8_t *rgba, int pitch);

/**
 * pngio_read() - read @path into *@rgba (malloc'd, 4 bytes per pixel,
 * freed by the caller with free()), setting *@w and *@h. Images larger than
 * 8192 x 8192 are refused.
 * Return: 0, or -1 with a message on stderr.
 */
int pngio_read(const char *path, int *w, int *h, uint8_t **rgba);

#endif
