/* SPDX-License-Identifier: MIT */
/* The call chime: a short WAV played on SDL's default audio device. */
#ifndef MACHIAI_DISPLAY_CHIME_H
#define MACHIAI_DISPLAY_CHIME_H

struct chime;

/**
 * chime_open() - load @wav_path and open the default audio device for it.
 * Return: the chime, to be closed with chime_close(), or NULL (with one
 * line on stderr) when there is no audio device or no file: the sign then
 * stays silent and still flashes.
 */
struct chime *chime_open(const char *wav_path);

/** chime_close() - close @c; NULL is fine. */
void chime_close(struct chime *c);

/** chime_play() - play the chime from its start; NULL plays nothing. */
void chime_play(struct chime *c);

#endif
