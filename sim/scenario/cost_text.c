/* SPDX-License-Identifier: MIT */
/*
 * cost_text.c - CPU costs as scenario text: parse and format.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/cost.h"
#include "rxsim/engine.h"
#include "rxsim/rng.h"
#include "rxsim/units.h"

static int parse_time(const char *s, size_t n, int64_t *out, const char **why)
{
	char buf[64];

	if (n == 0 || n >= sizeof(buf)) {
		*why = "empty or too long time";
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return units_parse(buf, UNIT_TIME, 0, out, why);
}

int cost_parse(const char *s, struct cost *c, const char **why)
{
	const char *open = strchr(s, '(');
	const char *close, *comma;
	size_t len = strlen(s);

	memset(c, 0, sizeof(*c));
	if (!open) {
		if (units_parse(s, UNIT_TIME, 0, &c->mean, why))
			return -1;
		*c = cost_fixed(c->mean);
		return 0;
	}
	close = s + len - 1;
	if (*close != ')') {
		*why = "missing ')'";
		return -1;
	}
	comma = memchr(open, ',', (size_t)(close - open));
	if (!strncmp(s, "exp(", 4) && open == s + 3) {
		c->dist = COST_EXP;
		if (comma || parse_time(open + 1, (size_t)(close - open - 1), &c->mean, why))
			return *why = comma ? "exp() takes one mean" : *why, -1;
		c->lo = 0;
		c->hi = INT64_MAX;
		return 0;
	}
	if (!strncmp(s, "uniform(", 8) && open == s + 7) {
		c->dist = COST_UNIFORM;
		if (!comma) {
			*why = "uniform() takes min,max";
			return -1;
		}
		if (parse_time(open + 1, (size_t)(comma - open - 1), &c->lo, why) ||
		    parse_time(comma + 1, (size_t)(close - comma - 1), &c->hi, why))
			return -1;
		if (c->hi < c->lo) {
			*why = "uniform() max below min";
			return -1;
		}
		c->mean = c->lo + (c->hi - c->lo) / 2;
		return 0;
	}
	if (!strncmp(s, "lognormal(", 10) && open == s + 9) {
		char num[32];
		char *end;
		size_t n;

		c->dist = COST_LOGNORMAL;
		if (!comma) {
			*why = "lognormal() takes mean,sigma";
			return -1;
		}
		if (parse_time(open + 1, (size_t)(comma - open - 1), &c->mean, why))
			return -1;
		n = (size_t)(close - comma - 1);
		if (n == 0 || n >= sizeof(num)) {
			*why = "bad sigma";
			return -1;
		}
		memcpy(num, comma + 1, n);
		num[n] = '\0';
		c->sigma = strtod(num, &end);
		if (*end || !(c->sigma >= 0.0 && c->sigma <= 4.0)) {
			*why = "sigma must be a number in 0..4";
			return -1;
		}
		if (c->mean <= 0) {
			*why = "lognormal mean must be positive";
			return -1;
		}
		c->mu = log((double)c->mean) - c->sigma * c->sigma / 2.0;
		c->lo = 0;
		c->hi = INT64_MAX;
		return 0;
	}
	*why = "unknown distribution (use exp(), uniform() or lognormal())";
	return -1;
}

char *cost_format(const struct cost *c, char *buf, size_t len)
{
	char a[32], b[32];

	switch (c->dist) {
	case COST_EXP:
		snprintf(buf, len, "exp(%s)", units_format(c->mean, UNIT_TIME, a, sizeof(a)));
		break;
	case COST_UNIFORM:
		snprintf(buf, len, "uniform(%s,%s)", units_format(c->lo, UNIT_TIME, a, sizeof(a)),
			 units_format(c->hi, UNIT_TIME, b, sizeof(b)));
		break;
	case COST_LOGNORMAL:
		snprintf(buf, len, "lognormal(%s,%g)",
			 units_format(c->mean, UNIT_TIME, a, sizeof(a)), c->sigma);
		break;
	default:
		units_format(c->mean, UNIT_TIME, buf, (unsigned)len);
	}
	return buf;
}
