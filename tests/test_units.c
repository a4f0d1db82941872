/* SPDX-License-Identifier: MIT */
/*
 * test_units.c - units_parse(), units_format(), units_kind_name().
 *
 * Expected base values are worked out by hand from the unit definitions in
 * units.h (time in ps, rate in millipackets/s, bandwidth in bit/s, size in
 * bytes; KB = 1000, KiB = 1024); they are written as products where that
 * makes the arithmetic checkable by eye.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/engine.h"
#include "rxsim/rng.h"
#include "rxsim/units.h"

struct ok_case {
	const char *s;
	enum unit_kind kind;
	int64_t plain_scale;
	int64_t want;
};

#define K	INT64_C(1000)
#define M	INT64_C(1000000)
#define G	INT64_C(1000000000)
#define T	INT64_C(1000000000000)

static const struct ok_case valid[] = {
	/* time -> ps */
	{ "0s", UNIT_TIME, 0, 0 },
	{ "0ps", UNIT_TIME, 0, 0 },
	{ "0.0ns", UNIT_TIME, 0, 0 },
	{ "1ps", UNIT_TIME, 0, 1 },
	{ "800ps", UNIT_TIME, 0, 800 },
	{ "1ns", UNIT_TIME, 0, 1000 },
	{ "67.2ns", UNIT_TIME, 0, 67200 },
	{ "6.72ns", UNIT_TIME, 0, 6720 },
	{ "0.001ns", UNIT_TIME, 0, 1 },
	{ "2.5us", UNIT_TIME, 0, 2500 * K },
	{ "2.5\xc2\xb5s", UNIT_TIME, 0, 2500 * K },	/* U+00B5 micro sign */
	{ "2.5\xce\xbcs", UNIT_TIME, 0, 2500 * K },	/* U+03BC greek mu */
	{ "007us", UNIT_TIME, 0, 7 * M },
	{ "100ms", UNIT_TIME, 0, 100 * G },
	{ "1s", UNIT_TIME, 0, T },
	{ "0.000000000001s", UNIT_TIME, 0, 1 },
	{ "1.000000000000000000000000000s", UNIT_TIME, 0, T },
	{ "9223372036854775807ps", UNIT_TIME, 0, INT64_MAX },
	{ "9223372.036854775807s", UNIT_TIME, 0, INT64_MAX },
	{ "9223372036854775.807ns", UNIT_TIME, 0, INT64_MAX },
	/* plain numbers: value * plain_scale */
	{ "1.5", UNIT_TIME, SIM_US, 1500 * K },
	{ "250", UNIT_TIME, SIM_US, 250 * M },
	{ "0.5", UNIT_TIME, SIM_NS, 500 },
	{ "0.000001", UNIT_TIME, SIM_US, 1 },
	{ "12", UNIT_TIME, 1, 12 },
	{ "3us", UNIT_TIME, SIM_MS, 3 * M },	/* a suffix wins over the scale */
	/* rate -> millipackets/s */
	{ "1pps", UNIT_RATE, 0, 1000 },
	{ "0.5pps", UNIT_RATE, 0, 500 },
	{ "0.001pps", UNIT_RATE, 0, 1 },
	{ "100pps", UNIT_RATE, 0, 100 * K },
	{ "500kpps", UNIT_RATE, 0, 500 * M },
	{ "1.2Mpps", UNIT_RATE, 0, 1200 * M },
	{ "14.88Mpps", UNIT_RATE, 0, 14880 * M },
	{ "148.809523Mpps", UNIT_RATE, 0, 148809523 * K },
	{ "1Gpps", UNIT_RATE, 0, T },
	{ "3", UNIT_RATE, 1000, 3000 },
	/* bandwidth -> bit/s */
	{ "1bps", UNIT_BW, 0, 1 },
	{ "100Mbps", UNIT_BW, 0, 100 * M },
	{ "10Gbps", UNIT_BW, 0, 10 * G },
	{ "25Gbps", UNIT_BW, 0, 25 * G },
	{ "1.5Tbps", UNIT_BW, 0, 1500 * G },
	{ "0.001kbps", UNIT_BW, 0, 1 },
	{ "64kbps", UNIT_BW, 0, 64 * K },
	{ "1bit/s", UNIT_BW, 0, 1 },
	{ "1kbit/s", UNIT_BW, 0, K },
	{ "2.5Mbit/s", UNIT_BW, 0, 2500 * K },
	{ "2.5Gbit/s", UNIT_BW, 0, 2500 * M },
	/* size -> bytes */
	{ "0B", UNIT_SIZE, 0, 0 },
	{ "1500B", UNIT_SIZE, 0, 1500 },
	{ "4KB", UNIT_SIZE, 0, 4000 },
	{ "1MB", UNIT_SIZE, 0, M },
	{ "2GB", UNIT_SIZE, 0, 2 * G },
	{ "256KiB", UNIT_SIZE, 0, 256 * 1024 },
	{ "208KiB", UNIT_SIZE, 0, 212992 },
	{ "1.5KiB", UNIT_SIZE, 0, 1536 },
	{ "0.5KiB", UNIT_SIZE, 0, 512 },
	{ "1MiB", UNIT_SIZE, 0, 1048576 },
	{ "1GiB", UNIT_SIZE, 0, 1073741824 },
	/* 2^-10 MiB and 2^-30 GiB: exact although long */
	{ "0.0009765625MiB", UNIT_SIZE, 0, 1024 },
	{ "0.000000000931322574615478515625GiB", UNIT_SIZE, 0, 1 },
	{ "42", UNIT_SIZE, 1, 42 },
};

struct bad_case {
	const char *s;
	enum unit_kind kind;
	int64_t plain_scale;
	const char *why;	/* NULL: any reason will do */
};

static const struct bad_case invalid[] = {
	{ "", UNIT_TIME, 0, "empty" },
	{ "", UNIT_TIME, SIM_US, "empty" },
	{ " 1us", UNIT_TIME, 0, "leading whitespace" },
	{ "\t1us", UNIT_TIME, 0, "leading whitespace" },
	{ "1us ", UNIT_TIME, 0, "trailing whitespace" },
	{ "1us\n", UNIT_TIME, 0, "trailing whitespace" },
	{ "1 us", UNIT_TIME, 0, "no space allowed between number and unit" },
	{ "1\tus", UNIT_TIME, 0, "no space allowed between number and unit" },
	{ "-1us", UNIT_TIME, 0, "negative" },
	{ "-0s", UNIT_TIME, 0, "negative" },
	{ "-5", UNIT_SIZE, 1, "negative" },
	{ "+1us", UNIT_TIME, 0, NULL },
	{ "1e3us", UNIT_TIME, 0, "exponent notation not allowed" },
	{ "1e3", UNIT_TIME, SIM_US, "exponent notation not allowed" },
	{ "1E-3s", UNIT_TIME, 0, "exponent notation not allowed" },
	{ "2.5e+6pps", UNIT_RATE, 0, "exponent notation not allowed" },
	{ ".5us", UNIT_TIME, 0, NULL },
	{ "1.us", UNIT_TIME, 0, NULL },
	{ "1.", UNIT_TIME, SIM_US, NULL },
	{ "1.2.3us", UNIT_TIME, 0, NULL },
	{ "1,5us", UNIT_TIME, 0, NULL },
	{ "1_000us", UNIT_TIME, 0, NULL },
	{ "abc", UNIT_TIME, 0, "not a number" },
	{ "us", UNIT_TIME, 0, "not a number" },
	{ "nan", UNIT_TIME, SIM_US, "not a number" },
	{ "inf", UNIT_TIME, SIM_US, "not a number" },
	{ "0x10ns", UNIT_TIME, 0, NULL },
	{ "1", UNIT_TIME, 0, "missing unit" },
	{ "1.5", UNIT_RATE, 0, "missing unit" },
	{ "1US", UNIT_TIME, 0, "units are case-sensitive" },
	{ "1Us", UNIT_TIME, 0, "units are case-sensitive" },
	{ "1xs", UNIT_TIME, 0, NULL },
	{ "1\xc2\xb5", UNIT_TIME, 0, NULL },	/* truncated "µs" */
	{ "1sec", UNIT_TIME, 0, NULL },
	{ "0.1ps", UNIT_TIME, 0, "below the resolution of 1 ps" },
	{ "0.0001ns", UNIT_TIME, 0, "below the resolution of 1 ps" },
	{ "1.0000000000001s", UNIT_TIME, 0, "below the resolution of 1 ps" },
	{ "0.0000001", UNIT_TIME, 1, "below the resolution of 1 ps" },
	{ "0.5", UNIT_TIME, 1, "below the resolution of 1 ps" },
	/* INT64_MAX + 1 in three ways: digits, product, product + fraction */
	{ "9223372036854775808ps", UNIT_TIME, 0, "too large" },
	{ "9223373s", UNIT_TIME, 0, "too large" },
	{ "9223372.036854775808s", UNIT_TIME, 0, "too large" },
	{ "99999999999999999999999999ps", UNIT_TIME, 0, "too large" },
	{ "10000000", UNIT_TIME, SIM_S, "too large" },
	{ "1Gbps", UNIT_TIME, 0, "that is a bandwidth unit" },
	{ "1KiB", UNIT_TIME, 0, "that is a size unit" },
	{ "1us", UNIT_RATE, 0, "that is a time unit" },
	{ "1Mpps", UNIT_BW, 0, "that is a packet rate unit" },
	/* rate */
	{ "0.0001pps", UNIT_RATE, 0, "below the resolution of 0.001 pps" },
	{ "1mpps", UNIT_RATE, 0, "units are case-sensitive" },
	{ "1Kpps", UNIT_RATE, 0, "units are case-sensitive" },
	{ "1pp", UNIT_RATE, 0, NULL },
	{ "10000000000Gpps", UNIT_RATE, 0, "too large" },
	/* bandwidth */
	{ "0.1bps", UNIT_BW, 0, "below the resolution of 1 bit/s" },
	{ "1Kbps", UNIT_BW, 0, "units are case-sensitive" },
	{ "1gbps", UNIT_BW, 0, "units are case-sensitive" },
	{ "1Gb", UNIT_BW, 0, NULL },
	{ "1Gbit", UNIT_BW, 0, NULL },
	{ "1GB/s", UNIT_BW, 0, NULL },
	{ "10000000Tbps", UNIT_BW, 0, "too large" },
	/* size */
	{ "1K", UNIT_SIZE, 0, "unknown unit 'K' (use KiB or KB)" },
	{ "1M", UNIT_SIZE, 0, "unknown unit 'M' (use MiB or MB)" },
	{ "1G", UNIT_SIZE, 0, "unknown unit 'G' (use GiB or GB)" },
	{ "1k", UNIT_SIZE, 0, NULL },
	{ "1kib", UNIT_SIZE, 0, "units are case-sensitive" },
	{ "1b", UNIT_SIZE, 0, "units are case-sensitive" },
	{ "0.1B", UNIT_SIZE, 0, "below the resolution of 1 byte" },
	{ "0.1KiB", UNIT_SIZE, 0, "below the resolution of 1 byte" },
	{ "1TiB", UNIT_SIZE, 0, NULL },
	{ "9000000000GiB", UNIT_SIZE, 0, "too large" },
};

#define N_VALID		(sizeof(valid) / sizeof(valid[0]))
#define N_INVALID	(sizeof(invalid) / sizeof(invalid[0]))

START_TEST(parse_valid_table)	/* each row: hand-computed base value */
{
	const struct ok_case *c = &valid[_i];
	int64_t v = -12345;
	const char *why = NULL;
	int rc;

	rc = units_parse(c->s, c->kind, c->plain_scale, &v, &why);
	ck_assert_msg(rc == 0, "\"%s\" (%s) rejected: %s", c->s,
		      units_kind_name(c->kind), why ? why : "(no why)");
	ck_assert_msg(v == c->want, "\"%s\": got %lld, want %lld", c->s,
		      (long long)v, (long long)c->want);
}
END_TEST

START_TEST(parse_invalid_table)
{
	const struct bad_case *c = &invalid[_i];
	int64_t v = 0;
	const char *why = NULL;
	int rc;

	rc = units_parse(c->s, c->kind, c->plain_scale, &v, &why);
	ck_assert_msg(rc == -1, "\"%s\" (%s) accepted as %lld", c->s,
		      units_kind_name(c->kind), (long long)v);
	ck_assert_msg(why && *why, "\"%s\": no reason given", c->s);
	if (c->why)
		ck_assert_str_eq(why, c->why);
}
END_TEST

START_TEST(parse_why_is_short_lowercase_phrase)
{
	/* The reason is spliced into 'got "x": <why>', so it must start in
	 * lower case and carry no trailing punctuation or newline. */
	size_t i;

	for (i = 0; i < N_INVALID; i++) {
		const char *why = NULL;
		int64_t v;
		size_t n;

		ck_assert_int_eq(units_parse(invalid[i].s, invalid[i].kind,
					     invalid[i].plain_scale, &v, &why), -1);
		n = strlen(why);
		ck_assert_msg(n > 0 && n < 80, "\"%s\": why too long", invalid[i].s);
		ck_assert_msg(!(why[0] >= 'A' && why[0] <= 'Z'), "why \"%s\"", why);
		ck_assert_msg(why[n - 1] != '.' && why[n - 1] != '\n',
			      "why \"%s\"", why);
	}
}
END_TEST

START_TEST(parse_null_why_allowed)
{
	int64_t v;

	ck_assert_int_eq(units_parse("1us", UNIT_TIME, 0, &v, NULL), 0);
	ck_assert_int_eq(v, 1000000);
	ck_assert_int_eq(units_parse("1xx", UNIT_TIME, 0, &v, NULL), -1);
}
END_TEST

START_TEST(parse_embedded_nul_stops)
{
	/* A C string ends at NUL; what follows is never looked at. */
	static const char s[] = "2us\0garbage";
	int64_t v;

	ck_assert_int_eq(units_parse(s, UNIT_TIME, 0, &v, NULL), 0);
	ck_assert_int_eq(v, 2000000);
}
END_TEST

struct fmt_case {
	int64_t v;
	enum unit_kind kind;
	const char *want;
};

/* Largest unit in which v >= 1 and has at most 3 decimals (sizes: whole
 * units only, binary before decimal), as specified for units_format(). */
static const struct fmt_case fmts[] = {
	{ 0, UNIT_TIME, "0s" },
	{ 1, UNIT_TIME, "1ps" },
	{ 500, UNIT_TIME, "500ps" },
	{ 1000, UNIT_TIME, "1ns" },
	{ 1500, UNIT_TIME, "1.5ns" },
	{ 67200, UNIT_TIME, "67.2ns" },
	{ 6720, UNIT_TIME, "6.72ns" },
	{ 1000000, UNIT_TIME, "1us" },
	{ 1001000, UNIT_TIME, "1.001us" },
	{ 1000500, UNIT_TIME, "1000.5ns" },
	{ 1000001, UNIT_TIME, "1000.001ns" },
	{ 1000000001, UNIT_TIME, "1000000.001ns" },
	{ 2500000, UNIT_TIME, "2.5us" },
	{ 100 * G, UNIT_TIME, "100ms" },
	{ 1 * T, UNIT_TIME, "1s" },
	{ 3600 * T, UNIT_TIME, "3600s" },
	{ INT64_MAX, UNIT_TIME, "9223372036854775.807ns" },
	{ -2500000, UNIT_TIME, "-2.5us" },
	{ 0, UNIT_RATE, "0pps" },
	{ 1, UNIT_RATE, "0.001pps" },
	{ 500, UNIT_RATE, "0.5pps" },
	{ 1000, UNIT_RATE, "1pps" },
	{ 1500, UNIT_RATE, "1.5pps" },
	{ 500 * M, UNIT_RATE, "500kpps" },
	{ 1200 * M, UNIT_RATE, "1.2Mpps" },
	{ 14880 * M, UNIT_RATE, "14.88Mpps" },
	{ T, UNIT_RATE, "1Gpps" },
	{ 0, UNIT_BW, "0bps" },
	{ 1, UNIT_BW, "1bps" },
	{ 1500, UNIT_BW, "1.5kbps" },
	{ 100 * M, UNIT_BW, "100Mbps" },
	{ 10 * G, UNIT_BW, "10Gbps" },
	{ 2500 * M, UNIT_BW, "2.5Gbps" },
	{ 400 * G, UNIT_BW, "400Gbps" },
	{ 1600 * G, UNIT_BW, "1.6Tbps" },
	{ 0, UNIT_SIZE, "0B" },
	{ 1, UNIT_SIZE, "1B" },
	{ 1500, UNIT_SIZE, "1500B" },
	{ 1536, UNIT_SIZE, "1536B" },
	{ 1000, UNIT_SIZE, "1KB" },
	{ 4096, UNIT_SIZE, "4KiB" },
	{ 212992, UNIT_SIZE, "208KiB" },
	{ 262144, UNIT_SIZE, "256KiB" },
	{ 128000, UNIT_SIZE, "125KiB" },	/* also 128KB: binary first */
	{ 1048576, UNIT_SIZE, "1MiB" },
	{ 2 * M, UNIT_SIZE, "2MB" },
	{ INT64_C(1) << 30, UNIT_SIZE, "1GiB" },
	{ 3 * G, UNIT_SIZE, "3GB" },
};

#define N_FMTS	(sizeof(fmts) / sizeof(fmts[0]))

START_TEST(format_table)
{
	const struct fmt_case *c = &fmts[_i];
	char buf[64];

	ck_assert_ptr_eq(units_format(c->v, c->kind, buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, c->want);
}
END_TEST

START_TEST(format_truncates_safely)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	units_format(2500000, UNIT_TIME, buf, 4);
	ck_assert_str_eq(buf, "2.5");
	ck_assert_int_eq(buf[4], 'x');
	units_format(2500000, UNIT_TIME, buf, 1);
	ck_assert_str_eq(buf, "");
	/* len 0: nothing written, not even the NUL */
	buf[0] = 'y';
	units_format(2500000, UNIT_TIME, buf, 0);
	ck_assert_int_eq(buf[0], 'y');
}
END_TEST

static void round_trip(int64_t v, enum unit_kind kind)
{
	char buf[64];
	const char *why = NULL;
	int64_t back = -1;

	/* if/ck_abort_msg: a ck_assert per call would cost a system call
	 * (Check logs each checkpoint) in a loop of 10^5 calls. */
	units_format(v, kind, buf, sizeof(buf));
	if (units_parse(buf, kind, 0, &back, &why) != 0)
		ck_abort_msg("%lld -> \"%s\" rejected: %s", (long long)v, buf, why);
	if (back != v)
		ck_abort_msg("%lld -> \"%s\" -> %lld", (long long)v, buf,
			     (long long)back);
}

START_TEST(format_parse_round_trip)
{
	/* Expectation: parse(format(v)) == v for every v >= 0, because
	 * format only emits exact representations. */
	enum unit_kind kind = (enum unit_kind)_i;
	struct rng r;
	int64_t v, p;
	int i, k;

	for (v = 0; v <= 20000; v++)
		round_trip(v, kind);
	/* Around every power of two and of ten, where units change. */
	for (k = 0; k < 63; k++) {
		p = INT64_C(1) << k;
		round_trip(p, kind);
		round_trip(p - 1, kind);
		if (p < INT64_MAX)
			round_trip(p + 1, kind);
	}
	for (p = 1; p <= INT64_MAX / 10; p *= 10) {
		for (i = 1; i <= 999 && p <= INT64_MAX / i; i += 7)
			round_trip(p * i, kind);
		round_trip(p * 10 - 1, kind);
		round_trip(p * 10 + 1, kind);
	}
	round_trip(INT64_MAX, kind);
	rng_streamf(&r, 1, "test/units/%d", (int)kind);
	for (i = 0; i < 100000; i++) {
		uint64_t x = rng_u64(&r) >> 1;

		/* A spread of magnitudes: shift the full-width draw down. */
		round_trip((int64_t)(x >> rng_below(&r, 63)), kind);
	}
}
END_TEST

START_TEST(kind_names)
{
	ck_assert_str_eq(units_kind_name(UNIT_TIME), "time");
	ck_assert_str_eq(units_kind_name(UNIT_RATE), "rate");
	ck_assert_str_eq(units_kind_name(UNIT_BW), "bandwidth");
	ck_assert_str_eq(units_kind_name(UNIT_SIZE), "size");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("units");
	TCase *tc_parse = tcase_create("parse");
	TCase *tc_format = tcase_create("format");
	TCase *tc_names = tcase_create("names");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_loop_test(tc_parse, parse_valid_table, 0, (int)N_VALID);
	tcase_add_loop_test(tc_parse, parse_invalid_table, 0, (int)N_INVALID);
	tcase_add_test(tc_parse, parse_why_is_short_lowercase_phrase);
	tcase_add_test(tc_parse, parse_null_why_allowed);
	tcase_add_test(tc_parse, parse_embedded_nul_stops);
	suite_add_tcase(s, tc_parse);

	tcase_add_loop_test(tc_format, format_table, 0, (int)N_FMTS);
	tcase_add_test(tc_format, format_truncates_safely);
	tcase_add_loop_test(tc_format, format_parse_round_trip, UNIT_TIME,
			    UNIT_SIZE + 1);
	tcase_set_timeout(tc_format, 20);
	suite_add_tcase(s, tc_format);

	tcase_add_test(tc_names, kind_names);
	suite_add_tcase(s, tc_names);

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
