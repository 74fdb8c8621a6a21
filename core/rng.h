/* SPDX-License-Identifier: MIT */
/*
 * A small seeded pseudo-random generator: xoshiro256** (Blackman and Vigna)
 * seeded through splitmix64, with the few distributions the estimator and
 * the simulator need. The same seed gives the same sequence on every run and
 * every machine (IEEE doubles; only libm's log, exp, sqrt, cos, erfc, lgamma).
 * Not for secrets.
 */
#ifndef MACHIAI_CORE_RNG_H
#define MACHIAI_CORE_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
	double spare; /* the second normal of the last Box-Muller pair */
	int has_spare;
};

/** rng_splitmix64() - advance *@state and return the next splitmix64 output. */
uint64_t rng_splitmix64(uint64_t *state);

/** rng_seed() - seed @r from @seed (any value, 0 included). */
void rng_seed(struct rng *r, uint64_t seed);

/** rng_next() - the next 64 random bits. */
uint64_t rng_next(struct rng *r);

/** rng_uniform() - a double uniform in [0, 1), 53 bits. */
double rng_uniform(struct rng *r);

/** rng_uniform_open() - a double uniform in (0, 1): never 0, safe for log(). */
double rng_uniform_open(struct rng *r);

/** rng_below() - an integer uniform in [0, @n); @n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/** rng_normal() - a standard normal variate (Box-Muller; the pair's second value is kept for the next call). */
double rng_normal(struct rng *r);

/** rng_exponential() - an exponential variate with mean @mean (> 0). */
double rng_exponential(struct rng *r, double mean);

/**
 * rng_lognormal() - a lognormal variate with mean @mean (> 0) and coefficient
 * of variation @cv (>= 0; 0 returns @mean).
 */
double rng_lognormal(struct rng *r, double mean, double cv);

/**
 * rng_lognormal_params() - the log-scale parameters of the lognormal with
 * mean @mean and coefficient of variation @cv: *@mu and *@sigma.
 */
void rng_lognormal_params(double mean, double cv, double *mu, double *sigma);

/**
 * rng_poisson() - a Poisson variate with mean @lambda (>= 0): multiplication
 * for small means, Hörmann's PTRS rejection above 10. Cost O(1) on average.
 */
int64_t rng_poisson(struct rng *r, double lambda);

#endif
