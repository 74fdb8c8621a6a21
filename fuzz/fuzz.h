/* SPDX-License-Identifier: MIT */
/*
 * The libFuzzer entry point every harness in fuzz/ defines. A harness feeds one
 * input to one parser of the project and checks what the parser promises
 * (abort() on a broken promise, so that a fuzzer and the replay both stop).
 * make fuzz links it with libFuzzer (clang); make check links it with
 * fuzz/replay.c, which feeds it the corpus and the regression inputs.
 */
#ifndef MACHIAI_FUZZ_FUZZ_H
#define MACHIAI_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/** LLVMFuzzerTestOneInput() - run one input of @size bytes. Return: 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run when @cond is false: a parser broke its promise. */
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

#endif
