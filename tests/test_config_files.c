/* SPDX-License-Identifier: MIT */
/*
 * Data-driven machiai.conf suite (docs/config.md "Tests"):
 *   tests/config/valid/CASE/machiai.conf      must load, with no output
 *   tests/config/invalid/CASE/machiai.conf    must fail (exit 2), and
 *   tests/config/invalid/CASE/expected        must be exactly what
 *                                             `machiaid --check-config
 *                                             machiai.conf --lang en,ja` prints
 *   tests/config/warnings/CASE/machiai.conf   must load (exit 0), with
 *   tests/config/warnings/CASE/expected       exactly these warnings
 * Each case runs inside its own folder with the path "machiai.conf", so the
 * expected output reads "machiai.conf:LINE: message", each line followed by
 * its Japanese ("\tja: ..."). A case without a machiai.conf tests a missing
 * file. The example config at the top of the tree is a valid case too.
 * Usage: test_config_files [TESTS_DIR [EXAMPLE]]
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/confload.h"

#define MAX_CASES 128
/* The machine's time the checker is given, 2027-01-01 09:00 +09:00: [calendar] dates before it are errors. */
#define CHECK_TODAY 1798761600000LL
#define MIN_INVALID 12
#define MIN_VALID 4
#define MIN_WARNINGS 1
#define EXPECTED_MAX (64 * 1024)

struct file_case {
	char name[96]; /* "invalid/bad-hours" */
	char dir[512];
	bool valid; /* exit 0 expected */
	bool expected; /* compared with CASE/expected (else: no output) */
};

static struct file_case cases[MAX_CASES];
static int n_cases, n_valid, n_invalid, n_warnings;

/* Run confload_check("machiai.conf") inside @dir; its output into @out. */
static int check_in(const char *dir, const char *file, char **out, size_t *len)
{
	static const enum confload_lang langs[] = { CONFLOAD_EN, CONFLOAD_JA };
	int here = open(".", O_RDONLY | O_DIRECTORY);
	FILE *f = open_memstream(out, len);
	int rc;

	assert_true(here >= 0);
	assert_non_null(f);
	assert_int_equal(chdir(dir), 0);
	rc = confload_check_lang(file, f, langs, 2, CHECK_TODAY);
	assert_int_equal(fchdir(here), 0);
	close(here);
	assert_int_equal(fclose(f), 0);
	return rc;
}

static char *file_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, EXPECTED_MAX + 1);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, EXPECTED_MAX, f);
	assert_true(n < EXPECTED_MAX);
	fclose(f);
	return buf;
}

static void test_case(void **state)
{
	const struct file_case *c = *state;
	char path[600];
	char *out = NULL, *want;
	size_t len = 0;
	int rc = check_in(c->dir, "machiai.conf", &out, &len);

	if (!c->expected) {
		if (rc != 0 || len != 0)
			print_error("%s should be valid, got:\n%s", c->name, out);
		assert_int_equal(rc, 0);
		assert_int_equal(len, 0);
	} else {
		snprintf(path, sizeof(path), "%s/expected", c->dir);
		want = file_slurp(path);
		if (strcmp(out, want) != 0)
			print_error("%s\nexpected:\n%sgot:\n%s", c->name, want, out);
		assert_int_equal(rc, c->valid ? 0 : 2);
		assert_string_equal(out, want);
		free(want);
	}
	free(out);
}

/* The example config that the demo and the SD image use loads cleanly. */
static void test_example(void **state)
{
	const char *example = *state;
	char *out = NULL;
	size_t len = 0;
	struct config *cfg = malloc(sizeof(*cfg));
	FILE *null = fopen("/dev/null", "w");

	assert_non_null(cfg);
	assert_int_equal(check_in(".", example, &out, &len), 0);
	if (len)
		print_error("%s", out);
	assert_int_equal(len, 0);
	free(out);

	/* and is the realistic lobby it promises */
	assert_int_equal(confload_file(example, cfg, null), 0);
	assert_int_equal(cfg->n_categories, 4);
	assert_int_equal(cfg->n_windows, 6);
	assert_int_equal(cfg->n_languages, LANG_COUNT);
	for (int i = 0; i < cfg->n_categories; i++) {
		for (int l = 0; l < LANG_COUNT; l++)
			assert_true(cfg->categories[i].name[l][0] != '\0');
	}
	for (int l = 0; l < LANG_COUNT; l++)
		assert_true(cfg->office_name[l][0] != '\0');
	assert_string_equal(cfg->listen, "127.0.0.1:8080");
	assert_string_equal(cfg->feed_url, "");
	fclose(null);
	free(cfg);
}

/* Whole-file errors that cannot live in the tree: a file over the size cap. */
static void test_too_big(void **state)
{
	char dir[] = "/tmp/machiai-conf-XXXXXX";
	char path[64];
	char *out = NULL, want[256];
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/machiai.conf", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (int i = 0; i <= CONFIG_MAX_SIZE; i++)
		fputc(i % 64 == 63 ? '\n' : '#', f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(check_in(dir, "machiai.conf", &out, &len), 2);
	snprintf(want, sizeof(want),
		 "machiai.conf: file is too big (more than %d bytes)\n"
		 "\tja: ファイルが大きすぎます（%d バイトを超えています）\n",
		 CONFIG_MAX_SIZE, CONFIG_MAX_SIZE);
	assert_string_equal(out, want);
	free(out);

	/* exactly at the cap it is read (and is only comments: the sections are missing) */
	assert_int_equal(truncate(path, CONFIG_MAX_SIZE), 0);
	out = NULL;
	assert_int_equal(check_in(dir, "machiai.conf", &out, &len), 2);
	assert_string_equal(out, "machiai.conf: missing section [office]\n"
				 "\tja: セクション [office] がありません\n"
				 "machiai.conf: missing section [category ...]: at least one is "
				 "needed\n"
				 "\tja: セクション [category …] がありません。1 つ以上必要です\n"
				 "machiai.conf: missing section [window ...]: at least one is "
				 "needed\n"
				 "\tja: セクション [window …] がありません。1 つ以上必要です\n");
	free(out);
	unlink(path);
	rmdir(dir);
}

static int case_cmp(const void *a, const void *b)
{
	return strcmp(((const struct file_case *)a)->name, ((const struct file_case *)b)->name);
}

static void cases_find(const char *root, const char *kind, bool valid, bool expected)
{
	char dir[300];
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%.250s/%.20s", root, kind);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "test_config_files: cannot open %s: %s\n", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL && n_cases < MAX_CASES) {
		struct file_case *c = &cases[n_cases];

		if (e->d_name[0] == '.')
			continue;
		snprintf(c->name, sizeof(c->name), "%s/%.80s", kind, e->d_name);
		snprintf(c->dir, sizeof(c->dir), "%.280s/%.200s", dir, e->d_name);
		c->valid = valid;
		c->expected = expected;
		n_cases++;
		if (!expected)
			n_valid++;
		else if (valid)
			n_warnings++;
		else
			n_invalid++;
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	static struct CMUnitTest tests[MAX_CASES + 2];
	const char *root = argc > 1 ? argv[1] : "tests/config";
	const char *example = argc > 2 ? argv[2] : "machiai.conf.example";
	size_t n = 0;

	cases_find(root, "valid", true, false);
	cases_find(root, "invalid", false, true);
	cases_find(root, "warnings", true, true);
	qsort(cases, (size_t)n_cases, sizeof(cases[0]), case_cmp);
	/* a suite that finds no cases must fail, not pass */
	if (n_valid < MIN_VALID || n_invalid < MIN_INVALID || n_warnings < MIN_WARNINGS) {
		fprintf(stderr,
			"test_config_files: found %d valid, %d invalid and %d warning cases under "
			"%s, expected at least %d, %d and %d\n",
			n_valid, n_invalid, n_warnings, root, MIN_VALID, MIN_INVALID, MIN_WARNINGS);
		return 1;
	}
	for (int i = 0; i < n_cases; i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(test_case, &cases[i]);

		t.name = cases[i].name;
		tests[n++] = t;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test_prestate(test_example, (void *)example);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_too_big);
	return _cmocka_run_group_tests("config_files", tests, n, NULL, NULL);
}
