/* SPDX-License-Identifier: MIT */
/* printer/escpos.c: the bytes of a ticket and the printer's status answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "printer/escpos.h"

static void test_ticket_bytes(void **state)
{
	uint8_t bits[2 * 70];
	struct escpos_buf b = { 0 };
	size_t at;

	(void)state;
	for (size_t i = 0; i < sizeof(bits); i++)
		bits[i] = (uint8_t)i;
	assert_int_equal(escpos_ticket(&b, bits, 16, 70, CONFIG_CUT_PARTIAL, false), 0);
	/* ESC @, band of 64 rows, band of 6 rows, GS V 66 n */
	assert_int_equal(b.len, 2 + 8 + 2 * 64 + 8 + 2 * 6 + 4);
	assert_memory_equal(b.data, "\x1b@", 2);
	assert_memory_equal(b.data + 2, "\x1dv0\x00\x02\x00\x40\x00", 8);
	assert_memory_equal(b.data + 10, bits, 2 * 64);
	at = 10 + 2 * 64;
	assert_memory_equal(b.data + at, "\x1dv0\x00\x02\x00\x06\x00", 8);
	assert_memory_equal(b.data + at + 8, bits + 2 * 64, 2 * 6);
	assert_memory_equal(b.data + b.len - 4, "\x1dV\x42\x03", 4);
	escpos_buf_free(&b);

	/* resync: one band of NULs first; full cut; no cutter */
	assert_int_equal(escpos_ticket(&b, bits, 16, 1, CONFIG_CUT_FULL, true), 0);
	assert_int_equal(b.len, 2 * ESCPOS_BAND_ROWS + 2 + 8 + 2 + 4);
	for (int i = 0; i < 2 * ESCPOS_BAND_ROWS; i++)
		assert_int_equal(b.data[i], 0);
	assert_memory_equal(b.data + b.len - 4, "\x1dV\x41\x03", 4);
	escpos_buf_free(&b);
	assert_int_equal(escpos_ticket(&b, bits, 16, 1, CONFIG_CUT_NONE, false), 0);
	assert_memory_equal(b.data + b.len - 3,
			    "\x1b"
			    "d\x06",
			    3);
	escpos_buf_free(&b);

	/* a width that is not whole bytes is refused */
	assert_int_equal(escpos_ticket(&b, bits, 12, 1, CONFIG_CUT_NONE, false), -1);
	escpos_buf_free(&b);
}

static void test_ticket_too_big(void **state)
{
	static uint8_t bits[72 * 8];
	struct escpos_buf b = { 0 };

	(void)state;
	b.len = ESCPOS_MAX_BYTES - 100; /* as if almost full: no room for a band */
	b.full = false;
	assert_int_equal(escpos_ticket(&b, bits, 576, 8, CONFIG_CUT_NONE, false), -1);
	assert_true(b.full);
	escpos_buf_free(&b);
}

static unsigned status(uint8_t a, uint8_t b, uint8_t c)
{
	const uint8_t r[3] = { a, b, c };
	unsigned p = 0xffff;

	assert_int_equal(escpos_status_parse(r, &p), 0);
	return p;
}

static void test_status(void **state)
{
	const uint8_t bad[3] = { 0x12, 0x00, 0x12 };
	unsigned p;

	(void)state;
	assert_memory_equal(escpos_status_query(), "\x10\x04\x01\x10\x04\x02\x10\x04\x04", 9);
	assert_int_equal(status(0x12, 0x12, 0x12), 0);
	/* paper end: the sensor, or stopped at paper end; off line as a result */
	assert_int_equal(status(0x1a, 0x32, 0x72), 1u << ESCPOS_PAPER_OUT);
	assert_int_equal(status(0x1a, 0x12, 0x72), 1u << ESCPOS_PAPER_OUT);
	assert_int_equal(status(0x12, 0x12, 0x1e), 1u << ESCPOS_PAPER_NEAR_END);
	assert_int_equal(status(0x1a, 0x16, 0x12), 1u << ESCPOS_COVER_OPEN);
	assert_int_equal(status(0x1a, 0x52, 0x12), 1u << ESCPOS_ERROR);
	assert_int_equal(status(0x1a, 0x12, 0x12), 1u << ESCPOS_OFFLINE);
	assert_int_equal(status(0x1a, 0x16, 0x1e),
			 (1u << ESCPOS_COVER_OPEN) | (1u << ESCPOS_PAPER_NEAR_END));
	p = 7;
	assert_int_equal(escpos_status_parse(bad, &p), -1);
	assert_int_equal(p, 7);
	assert_string_equal(escpos_problem_code(ESCPOS_PAPER_OUT), "paper_out");
	assert_string_equal(escpos_problem_code(ESCPOS_PAPER_NEAR_END), "paper_near_end");
	assert_null(escpos_problem_code(ESCPOS_PROBLEM_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticket_bytes),
		cmocka_unit_test(test_ticket_too_big),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
