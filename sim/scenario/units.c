/* SPDX-License-Identifier: MIT */
/*
 * units.c - quantities with units, in integer arithmetic only.
 *
 * A scenario must mean the same thing on every machine, so the mantissa is
 * never handed to strtod(): "0.1us" would become 99999.99999... ps on the
 * way through a double.  Digits are read as an integer part and a decimal
 * fraction, the fraction is scaled by the unit exactly, and anything that
 * does not land on a whole base unit is rejected rather than rounded.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/units.h"

struct unit {
	const char *name;
	int64_t mult;		/* base units per unit */
};

#define E3	INT64_C(1000)
#define E6	INT64_C(1000000)
#define E9	INT64_C(1000000000)
#define E12	INT64_C(1000000000000)

/*
 * Parse tables.  Case-sensitive on purpose: "mb" could be millibits or
 * megabytes, "Mpps" vs "mpps" is a factor of 10^9.  "µs" is accepted with
 * both the micro sign (U+00B5) and the Greek mu (U+03BC), since keyboards
 * and editors produce either.
 */
static const struct unit time_units[] = {
	{ "ps", 1 }, { "ns", E3 }, { "us", E6 }, { "\xc2\xb5s", E6 },
	{ "\xce\xbcs", E6 }, { "ms", E9 }, { "s", E12 }, { NULL, 0 },
};

static const struct unit rate_units[] = {
	{ "pps", E3 }, { "kpps", E6 }, { "Mpps", E9 }, { "Gpps", E12 },
	{ NULL, 0 },
};

static const struct unit bw_units[] = {
	{ "bps", 1 }, { "kbps", E3 }, { "Mbps", E6 }, { "Gbps", E9 },
	{ "Tbps", E12 }, { "bit/s", 1 }, { "kbit/s", E3 }, { "Mbit/s", E6 },
	{ "Gbit/s", E9 }, { "Tbit/s", E12 }, { NULL, 0 },
};

/* No bare "K"/"M"/"G": half the readers take them as 1000, half as 1024. */
static const struct unit size_units[] = {
	{ "B", 1 }, { "KB", E3 }, { "MB", E6 }, { "GB", E9 },
	{ "KiB", INT64_C(1) << 10 }, { "MiB", INT64_C(1) << 20 },
	{ "GiB", INT64_C(1) << 30 }, { NULL, 0 },
};

static const struct unit *const parse_tables[] = {
	[UNIT_TIME] = time_units,
	[UNIT_RATE] = rate_units,
	[UNIT_BW] = bw_units,
	[UNIT_SIZE] = size_units,
};

#define NKINDS	(sizeof(parse_tables) / sizeof(parse_tables[0]))

/*
 * Format tables, largest unit first.  Only one spelling per unit, and
 * ASCII only, so the output survives any terminal and CSV reader.
 */
static const struct unit time_fmt[] = {
	{ "s", E12 }, { "ms", E9 }, { "us", E6 }, { "ns", E3 }, { "ps", 1 },
	{ NULL, 0 },
};

static const struct unit rate_fmt[] = {
	{ "Gpps", E12 }, { "Mpps", E9 }, { "kpps", E6 }, { "pps", E3 },
	{ NULL, 0 },
};

static const struct unit bw_fmt[] = {
	{ "Tbps", E12 }, { "Gbps", E9 }, { "Mbps", E6 }, { "kbps", E3 },
	{ "bps", 1 }, { NULL, 0 },
};

/* Binary before decimal at the same prefix: kernel buffer sizes
 * (rmem_default 212992 = 208KiB) are multiples of pages, not of 1000. */
static const struct unit size_fmt[] = {
	{ "GiB", INT64_C(1) << 30 }, { "GB", E9 },
	{ "MiB", INT64_C(1) << 20 }, { "MB", E6 },
	{ "KiB", INT64_C(1) << 10 }, { "KB", E3 }, { "B", 1 }, { NULL, 0 },
};

struct kind_info {
	const char *name;
	const struct unit *fmt;
	const char *zero;	/* how 0 is written */
	const char *resolution;
	const char *unknown;
	const char *other_kind;	/* why, when this kind's unit is misused */
};

static const struct kind_info kinds[] = {
	[UNIT_TIME] = {
		"time", time_fmt, "0s",
		"below the resolution of 1 ps",
		"unknown unit (use ps, ns, us, ms or s)",
		"that is a time unit",
	},
	[UNIT_RATE] = {
		"rate", rate_fmt, "0pps",
		"below the resolution of 0.001 pps",
		"unknown unit (use pps, kpps, Mpps or Gpps)",
		"that is a packet rate unit",
	},
	[UNIT_BW] = {
		"bandwidth", bw_fmt, "0bps",
		"below the resolution of 1 bit/s",
		"unknown unit (use bps, kbps, Mbps, Gbps or Tbps)",
		"that is a bandwidth unit",
	},
	[UNIT_SIZE] = {
		"size", size_fmt, "0B",
		"below the resolution of 1 byte",
		"unknown unit (use B, KB, MB, GB, KiB, MiB or GiB)",
		"that is a size unit",
	},
};

const char *units_kind_name(enum unit_kind kind)
{
	if ((unsigned)kind >= NKINDS)
		return "quantity";
	return kinds[kind].name;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Not isspace(): the locale must not change what is accepted. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int same_ignoring_case(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (ascii_lower(*a) != ascii_lower(*b))
			return 0;
	return *a == *b;
}

static const struct unit *find_unit(const struct unit *t, const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static int mul_ok(int64_t a, int64_t b, int64_t *r)
{
	if (a && b > INT64_MAX / a)
		return 0;
	*r = a * b;
	return 1;
}

static int add_ok(int64_t a, int64_t b, int64_t *r)
{
	if (a > INT64_MAX - b)
		return 0;
	*r = a + b;
	return 1;
}

/*
 * frac[0..n) are decimal digits after the point; set *out to frac * mult
 * as an exact integer, or fail.  Horner from the last digit,
 * t = d * mult + t / 10, keeps every intermediate below 10 * mult, and if
 * the total is a whole number every one of those divisions is exact, so
 * the first inexact one proves the value is finer than the base unit.
 * This handles any number of digits, including binary multiples
 * ("0.0009765625MiB" is exactly 1024 bytes).
 * Return: 0 ok, -1 not whole, -2 overflow.
 */
static int scale_fraction(const char *frac, size_t n, int64_t mult,
			  int64_t *out)
{
	int64_t t = 0;

	while (n > 0) {
		int64_t dm;

		n--;
		if (t % 10)
			return -1;
		if (!mul_ok(frac[n] - '0', mult, &dm) ||
		    !add_ok(dm, t / 10, &t))
			return -2;
	}
	if (t % 10)
		return -1;
	*out = t / 10;
	return 0;
}

static const char *why_unit(const char *suffix, enum unit_kind kind)
{
	const struct unit *u;
	unsigned k;

	if (kind == UNIT_SIZE) {
		if (!strcmp(suffix, "K"))
			return "unknown unit 'K' (use KiB or KB)";
		if (!strcmp(suffix, "M"))
			return "unknown unit 'M' (use MiB or MB)";
		if (!strcmp(suffix, "G"))
			return "unknown unit 'G' (use GiB or GB)";
	}
	if ((suffix[0] == 'e' || suffix[0] == 'E') &&
	    (is_digit(suffix[1]) ||
	     ((suffix[1] == '+' || suffix[1] == '-') && is_digit(suffix[2]))))
		return "exponent notation not allowed";
	if (suffix[0] == '.')
		return "more than one '.'";
	if (suffix[0] == ',')
		return "',' not allowed (the decimal point is '.')";
	if (suffix[0] == '_' || suffix[0] == '\'')
		return "digit separators not allowed";
	for (k = 0; k < NKINDS; k++)
		if (k != (unsigned)kind && find_unit(parse_tables[k], suffix))
			return kinds[k].other_kind;
	for (u = parse_tables[kind]; u->name; u++)
		if (same_ignoring_case(u->name, suffix))
			return "units are case-sensitive";
	return kinds[kind].unknown;
}

int units_parse(const char *s, enum unit_kind kind, int64_t plain_scale,
		int64_t *out, const char **why)
{
	const char *p, *frac = NULL, *suffix;
	size_t nfrac = 0, len;
	int64_t ipart = 0, mult, fpart = 0, v;
	const char *dummy;
	int rc;

	if (!why)
		why = &dummy;
	if ((unsigned)kind >= NKINDS) {
		*why = "unknown kind of quantity";
		return -1;
	}
	if (!s || !*s) {
		*why = "empty";
		return -1;
	}
	len = strlen(s);
	if (is_space(s[0])) {
		*why = "leading whitespace";
		return -1;
	}
	if (is_space(s[len - 1])) {
		*why = "trailing whitespace";
		return -1;
	}
	if (s[0] == '-') {
		*why = "negative";
		return -1;
	}
	if (s[0] == '+') {
		*why = "leading '+' not allowed";
		return -1;
	}
	if (!is_digit(s[0])) {
		*why = (s[0] == '.' && is_digit(s[1])) ?
		       "missing digit before '.'" : "not a number";
		return -1;
	}

	for (p = s; is_digit(*p); p++) {
		if (!mul_ok(ipart, 10, &ipart) ||
		    !add_ok(ipart, *p - '0', &ipart)) {
			*why = "too large";
			return -1;
		}
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p)) {
			*why = "missing digit after '.'";
			return -1;
		}
		frac = p;
		while (is_digit(*p))
			p++;
		nfrac = (size_t)(p - frac);
	}
	suffix = p;

	if (!*suffix) {
		if (plain_scale <= 0) {
			*why = "missing unit";
			return -1;
		}
		mult = plain_scale;
	} else {
		const struct unit *u;

		if (is_space(*suffix)) {
			*why = "no space allowed between number and unit";
			return -1;
		}
		u = find_unit(parse_tables[kind], suffix);
		if (!u) {
			*why = why_unit(suffix, kind);
			return -1;
		}
		mult = u->mult;
	}

	if (nfrac) {
		rc = scale_fraction(frac, nfrac, mult, &fpart);
		if (rc == -1) {
			*why = kinds[kind].resolution;
			return -1;
		}
		if (rc == -2) {
			*why = "too large";
			return -1;
		}
	}
	if (!mul_ok(ipart, mult, &v) || !add_ok(v, fpart, &v)) {
		*why = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The largest unit in which @v is at least one and an exact decimal with at
 * most three fractional digits; "0.001ms" is exact too but nobody writes
 * it.  Sizes take whole units only: "1500B" is an MTU, "1.5KB" is not.
 */
char *units_format(int64_t v, enum unit_kind kind, char *buf, unsigned len)
{
	const struct unit *u, *best = NULL;
	uint64_t mag, ip, fp;
	unsigned fdig = 3;
	const char *sign = "";

	if (!buf || !len)
		return buf;
	if ((unsigned)kind >= NKINDS) {
		snprintf(buf, len, "%lld", (long long)v);
		return buf;
	}
	if (v == 0) {
		snprintf(buf, len, "%s", kinds[kind].zero);
		return buf;
	}
	/* Negative values are not parseable, but deltas get printed too. */
	mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	if (v < 0)
		sign = "-";

	for (u = kinds[kind].fmt; u->name; u++) {
		uint64_t m = (uint64_t)u->mult;

		best = u;
		if (mag < m)
			continue;
		if (kind == UNIT_SIZE ? mag % m == 0 : (mag % m) * 1000 % m == 0)
			break;
	}
	if (!best) {	/* every kind has a table; keeps -fanalyzer quiet */
		snprintf(buf, len, "%lld", (long long)v);
		return buf;
	}
	/* Nothing fits only below the smallest unit (rate: under 1 pps),
	 * where the base unit is a thousandth, so three digits suffice. */
	ip = mag / (uint64_t)best->mult;
	fp = (mag % (uint64_t)best->mult) * 1000 / (uint64_t)best->mult;
	if (!fp) {
		snprintf(buf, len, "%s%llu%s", sign, (unsigned long long)ip,
			 best->name);
		return buf;
	}
	while (fp % 10 == 0) {
		fp /= 10;
		fdig--;
	}
	snprintf(buf, len, "%s%llu.%0*llu%s", sign, (unsigned long long)ip,
		 (int)fdig, (unsigned long long)fp, best->name);
	return buf;
}

int units_parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end || errno || v > max)
		return -1;
	*out = v;
	return 0;
}
