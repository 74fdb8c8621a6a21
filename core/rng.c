/* SPDX-License-Identifier: MIT */
#include "core/rng.h"

#include <assert.h>
#include <math.h>

uint64_t rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t st = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix64(&st);
	r->spare = 0.0;
	r->has_spare = 0;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_uniform_open(struct rng *r)
{
	return ((double)(rng_next(r) >> 12) + 0.5) * 0x1.0p-52;
}

uint64_t rng_below(struct rng *r, uint64_t n)
{
	assert(n > 0);
	/* Rejection of the top partial range keeps it unbiased. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t x;

	do
		x = rng_next(r);
	while (x >= limit);
	return x % n;
}

double rng_normal(struct rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u1 = rng_uniform_open(r);
	double u2 = rng_uniform(r);
	double rad = sqrt(-2.0 * log(u1));

	r->spare = rad * sin(2.0 * M_PI * u2);
	r->has_spare = 1;
	return rad * cos(2.0 * M_PI * u2);
}

double rng_exponential(struct rng *r, double mean)
{
	return -mean * log(rng_uniform_open(r));
}

void rng_lognormal_params(double mean, double cv, double *mu, double *sigma)
{
	double s2 = log1p(cv * cv);

	*sigma = sqrt(s2);
	*mu = log(mean) - s2 / 2.0;
}

double rng_lognormal(struct rng *r, double mean, double cv)
{
	double mu, sigma;

	if (cv <= 0.0)
		return mean;
	rng_lognormal_params(mean, cv, &mu, &sigma);
	return exp(mu + sigma * rng_normal(r));
}

/* PTRS: W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12 (1993). */
static int64_t poisson_ptrs(struct rng *r, double lambda)
{
	double slam = sqrt(lambda);
	double loglam = log(lambda);
	double b = 0.931 + 2.53 * slam;
	double a = -0.059 + 0.02483 * b;
	double invalpha = 1.1239 + 1.1328 / (b - 3.4);
	double vr = 0.9277 - 3.6224 / (b - 2.0);

	for (;;) {
		double u = rng_uniform(r) - 0.5;
		double v = rng_uniform_open(r);
		double us = 0.5 - fabs(u);
		double k = floor((2.0 * a / us + b) * u + lambda + 0.43);

		if (us >= 0.07 && v <= vr)
			return (int64_t)k;
		if (k < 0.0 || (us < 0.013 && v > us))
			continue;
		if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
		    -lambda + k * loglam - lgamma(k + 1.0))
			return (int64_t)k;
	}
}

int64_t rng_poisson(struct rng *r, double lambda)
{
	if (lambda <= 0.0)
		return 0;
	if (lambda >= 10.0)
		return poisson_ptrs(r, lambda);

	double limit = exp(-lambda);
	double p = rng_uniform(r);
	int64_t k = 0;

	while (p > limit) {
		p *= rng_uniform(r);
		k++;
	}
	return k;
}
