/* SPDX-License-Identifier: MIT */
/*
 * expect_bound.c - bounds on summary values as written ("expect" in a
 * scenario, --expect on the command line); the output layer checks them
 * (sim/output/expect.c).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/scenario.h"
#include "rxsim/units.h"

/* A bound as written: a plain number, or a quantity converted to the units
 * of the summary (times in ns, rates in pps, sizes in bytes, bit/s). */
int rxsim_expect_value(const char *text, double *out)
{
	const char *why;
	char *end;
	int64_t v;

	*out = strtod(text, &end);
	if (*text && !*end && isfinite(*out))
		return 0;
	if (!units_parse(text, UNIT_TIME, 0, &v, &why) || !units_parse(text, UNIT_RATE, 0, &v, &why)) {
		*out = (double)v / 1000.0;
		return 0;
	}
	if (!units_parse(text, UNIT_SIZE, 0, &v, &why) || !units_parse(text, UNIT_BW, 0, &v, &why)) {
		*out = (double)v;
		return 0;
	}
	return -1;
}

const char *rxsim_bound_expected(int rc)
{
	return rc == -2 ? "the VALUE after <= or >= must be a number or a quantity "
			  "(e.g. 0, 0.99, 100us, 1.2Mpps, 256KiB)"
			: "expected PATH<=VALUE or PATH>=VALUE";
}

int rxsim_parse_bound(const char *s, struct expect_cfg *e)
{
	const char *op = strstr(s, "<=");
	bool max = true;
	double d;

	if (!op) {
		op = strstr(s, ">=");
		max = false;
	}
	if (!op || op == s || (size_t)(op - s) >= sizeof(e->path) ||
	    strlen(op + 2) >= sizeof(e->max_text) || !op[2])
		return -1;
	memset(e, 0, sizeof(*e));
	memcpy(e->path, s, (size_t)(op - s));
	if (rxsim_expect_value(op + 2, &d))
		return -2;
	if (max) {
		e->has_max = true;
		e->max = d;
		snprintf(e->max_text, sizeof(e->max_text), "%s", op + 2);
	} else {
		e->has_min = true;
		e->min = d;
		snprintf(e->min_text, sizeof(e->min_text), "%s", op + 2);
	}
	return 0;
}
