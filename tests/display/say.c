/* SPDX-License-Identifier: MIT */
/*
 * display-say: synthesises a text N times with the sign's own synthesis
 * code (display/speech.c) and prints the wall and CPU time per phrase and the
 * synthesisers' peak memory. With --wav OUT.wav it also writes the clip.
 * Usage: display-say LANG TEXT [N] [--wav OUT.wav]   (bench/speech.sh)
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/lang.h"
#include "display/speech.h"

static double now_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double child_cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *wav = NULL;
	int lang, n = 1;
	double wall[100], cpu = 0;
	int16_t *s = NULL;
	size_t ns = 0;
	struct rusage ru;

	if (argc > 4 && strcmp(argv[argc - 2], "--wav") == 0) {
		wav = argv[argc - 1];
		argc -= 2;
	}
	if (argc < 3 || (lang = lang_from_code(argv[1])) < 0) {
		fprintf(stderr, "usage: display-say LANG TEXT [N] [--wav OUT.wav]\n");
		return 2;
	}
	if (argc > 3)
		n = atoi(argv[3]) > 0 && atoi(argv[3]) <= 100 ? atoi(argv[3]) : 1;
	for (int i = 0; i < n; i++) {
		char err[256];
		double t0 = now_ms(CLOCK_MONOTONIC), c0 = child_cpu_ms();

		free(s);
		if (speech_synth((enum lang)lang, argv[2], SPEECH_TIMEOUT_MS, &s, &ns, err,
				 sizeof(err)) < 0) {
			fprintf(stderr, "display-say: %s\n", err);
			return 1;
		}
		wall[i] = now_ms(CLOCK_MONOTONIC) - t0;
		cpu += child_cpu_ms() - c0;
	}
	qsort(wall, (size_t)n, sizeof(wall[0]), cmp_double);
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("phrases %d wall_ms_median %.0f wall_ms_max %.0f cpu_ms_mean %.0f audio_ms %.0f "
	       "synth_max_rss_kb %ld\n",
	       n, wall[n / 2], wall[n - 1], cpu / n, ns * 1000.0 / SPEECH_RATE, ru.ru_maxrss);
	if (wav) {
		SDL_RWops *rw = SDL_RWFromFile(wav, "wb");
		uint32_t bytes = (uint32_t)ns * 2;

		if (!rw)
			return 1;
		SDL_RWwrite(rw, "RIFF", 4, 1);
		SDL_WriteLE32(rw, 36 + bytes);
		SDL_RWwrite(rw, "WAVEfmt ", 8, 1);
		SDL_WriteLE32(rw, 16);
		SDL_WriteLE16(rw, 1);
		SDL_WriteLE16(rw, 1);
		SDL_WriteLE32(rw, SPEECH_RATE);
		SDL_WriteLE32(rw, SPEECH_RATE * 2);
		SDL_WriteLE16(rw, 2);
		SDL_WriteLE16(rw, 16);
		SDL_RWwrite(rw, "data", 4, 1);
		SDL_WriteLE32(rw, bytes);
		SDL_RWwrite(rw, s, 2, ns);
		SDL_RWclose(rw);
	}
	free(s);
	return 0;
}
