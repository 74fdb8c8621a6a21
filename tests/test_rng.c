/* SPDX-License-Identifier: MIT */
/* Unit tests of core/rng.c: determinism, reference outputs and the moments of
 * each distribution. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/rng.h"

#define N 200000

static void assert_near(double a, double b, double eps, const char *what)
{
	if (!(fabs(a - b) <= eps))
		fail_msg("%s: %.6g, expected %.6g +- %.3g", what, a, b, eps);
}

/* splitmix64 from state 0 (reference values of Vigna's splitmix64.c). */
static void test_splitmix_reference(void **state)
{
	(void)state;
	uint64_t st = 0;

	assert_true(rng_splitmix64(&st) == 0xe220a8397b1dcdafULL);
	assert_true(rng_splitmix64(&st) == 0x6e789e6aa1b965f4ULL);
	assert_true(rng_splitmix64(&st) == 0x06c45d188009454fULL);
}

/* xoshiro256** from the state {1, 2, 3, 4}: the first outputs of the reference code. */
static void test_xoshiro_reference(void **state)
{
	(void)state;
	struct rng r = { { 1, 2, 3, 4 }, 0.0, 0 };
	const uint64_t expect[] = { 11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL };

	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		uint64_t x = rng_next(&r);

		if (x != expect[i])
			fail_msg("output %zu: %llu, expected %llu", i, (unsigned long long)x,
				 (unsigned long long)expect[i]);
	}
}

static void test_deterministic(void **state)
{
	(void)state;
	struct rng a, b, c;

	rng_seed(&a, 42);
	rng_seed(&b, 42);
	rng_seed(&c, 43);
	int same_c = 0;

	for (int i = 0; i < 1000; i++) {
		uint64_t x = rng_next(&a);

		assert_true(x == rng_next(&b));
		same_c += x == rng_next(&c);
	}
	assert_int_equal(same_c, 0);
	/* seed 0 is fine too */
	rng_seed(&a, 0);
	assert_true(a.s[0] | a.s[1] | a.s[2] | a.s[3]);
}

static void test_uniform(void **state)
{
	(void)state;
	struct rng r;
	double sum = 0.0, sum2 = 0.0;
	int buckets[10] = { 0 };

	rng_seed(&r, 1);
	for (int i = 0; i < N; i++) {
		double u = rng_uniform(&r);
		double v = rng_uniform_open(&r);

		assert_true(u >= 0.0 && u < 1.0);
		assert_true(v > 0.0 && v < 1.0);
		sum += u;
		sum2 += u * u;
		buckets[(int)(u * 10)]++;
	}
	assert_near(sum / N, 0.5, 0.005, "uniform mean");
	assert_near(sum2 / N - 0.25, 1.0 / 12.0, 0.002, "uniform variance");
	for (int i = 0; i < 10; i++)
		assert_near(buckets[i], N / 10.0, N / 10.0 * 0.03, "uniform bucket");

	int counts[7] = { 0 };

	for (int i = 0; i < 70000; i++) {
		uint64_t k = rng_below(&r, 7);

		assert_true(k < 7);
		counts[k]++;
	}
	for (int i = 0; i < 7; i++)
		assert_near(counts[i], 10000, 400, "below bucket");
}

/* Sample mean and CV of @n draws of @draw. */
static void moments(double (*draw)(struct rng *, double, double), double a, double b, double *mean,
		    double *cv)
{
	struct rng r;
	double s = 0.0, s2 = 0.0;

	rng_seed(&r, 7);
	for (int i = 0; i < N; i++) {
		double x = draw(&r, a, b);

		assert_true(x >= 0.0);
		s += x;
		s2 += x * x;
	}
	*mean = s / N;
	*cv = sqrt(s2 / N - *mean * *mean) / *mean;
}

static double draw_exp(struct rng *r, double mean, double unused)
{
	(void)unused;
	return rng_exponential(r, mean);
}

static double draw_poisson(struct rng *r, double lambda, double unused)
{
	(void)unused;
	return (double)rng_poisson(r, lambda);
}

static void test_distributions(void **state)
{
	(void)state;
	const struct {
		const char *name;
		double (*draw)(struct rng *, double, double);
		double a, b;
		double mean, cv, tol;
	} cases[] = {
		{ "exponential 4", draw_exp, 4.0, 0, 4.0, 1.0, 0.02 },
		{ "lognormal 5 cv 0.8", rng_lognormal, 5.0, 0.8, 5.0, 0.8, 0.03 },
		{ "lognormal 30 cv 1", rng_lognormal, 30.0, 1.0, 30.0, 1.0, 0.05 },
		{ "lognormal 4 cv 0.3", rng_lognormal, 4.0, 0.3, 4.0, 0.3, 0.02 },
		{ "poisson 0.5", draw_poisson, 0.5, 0, 0.5, 1.0 / sqrt(0.5), 0.02 },
		{ "poisson 3", draw_poisson, 3.0, 0, 3.0, 1.0 / sqrt(3.0), 0.02 },
		{ "poisson 25 (PTRS)", draw_poisson, 25.0, 0, 25.0, 0.2, 0.02 },
		{ "poisson 400 (PTRS)", draw_poisson, 400.0, 0, 400.0, 0.05, 0.02 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double mean, cv;

		moments(cases[i].draw, cases[i].a, cases[i].b, &mean, &cv);
		if (fabs(mean / cases[i].mean - 1.0) > cases[i].tol ||
		    fabs(cv / cases[i].cv - 1.0) > 2 * cases[i].tol)
			fail_msg("%s: mean %.4g cv %.4g, expected %.4g and %.4g", cases[i].name,
				 mean, cv, cases[i].mean, cases[i].cv);
	}

	struct rng r;
	double mu, sigma;

	rng_seed(&r, 3);
	assert_near(rng_lognormal(&r, 5.0, 0.0), 5.0, 0.0, "lognormal cv 0");
	assert_int_equal(rng_poisson(&r, 0.0), 0);
	rng_lognormal_params(5.0, 0.8, &mu, &sigma);
	assert_near(exp(mu + sigma * sigma / 2), 5.0, 1e-12, "lognormal mean");
	assert_near(sqrt(exp(sigma * sigma) - 1), 0.8, 1e-12, "lognormal cv");
}

/* Poisson probabilities, not only moments: P(0) and P(k = lambda) for PTRS. */
static void test_poisson_pmf(void **state)
{
	(void)state;
	struct rng r;
	const double lambda = 20.0;
	int at_mode = 0, at_zero_small = 0;

	rng_seed(&r, 11);
	for (int i = 0; i < N; i++) {
		at_mode += rng_poisson(&r, lambda) == 20;
		at_zero_small += rng_poisson(&r, 2.0) == 0;
	}
	double p20 = exp(-lambda + 20 * log(lambda) - lgamma(21.0));

	assert_near(at_mode / (double)N, p20, 0.004, "P(20) at lambda 20");
	assert_near(at_zero_small / (double)N, exp(-2.0), 0.004, "P(0) at lambda 2");
}

static void test_normal(void **state)
{
	(void)state;
	struct rng r;
	double s = 0.0, s2 = 0.0;
	int below = 0;

	rng_seed(&r, 5);
	for (int i = 0; i < N; i++) {
		double z = rng_normal(&r);

		s += z;
		s2 += z * z;
		below += z < -1.2815515655446004; /* 10% quantile */
	}
	assert_near(s / N, 0.0, 0.01, "normal mean");
	assert_near(s2 / N, 1.0, 0.01, "normal variance");
	assert_near(below / (double)N, 0.10, 0.003, "normal 10% quantile");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splitmix_reference),
		cmocka_unit_test(test_xoshiro_reference),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_uniform),
		cmocka_unit_test(test_distributions),
		cmocka_unit_test(test_poisson_pmf),
		cmocka_unit_test(test_normal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
