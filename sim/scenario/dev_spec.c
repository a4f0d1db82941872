/* SPDX-License-Identifier: MIT */
/*
 * dev_spec.c - the truesize profile of a virtual device and the loss
 * probability of a traffic source, from their scenario text.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/dev_spec.h"

static int read_u32(const char **s, uint32_t *v)
{
	char *end;
	unsigned long x;

	if (!isdigit((unsigned char)**s))
		return -1;
	errno = 0;
	x = strtoul(*s, &end, 10);
	if (errno || x > 1u << 24)
		return -1;
	*v = (uint32_t)x;
	*s = end;
	return 0;
}

int truesize_profile_parse(const char *text, struct truesize_profile *ts, const char **why)
{
	const char *s = !strcmp(text, "auto") ? TRUESIZE_PROFILE_DEFAULT : text;

	memset(ts, 0, sizeof(*ts));
	*why = "expected MAXPAYLOAD:TRUESIZE pairs separated by commas, then +OVERHEAD";
	for (;;) {
		uint32_t p, t;

		if (*s == '+') {
			s++;
			if (read_u32(&s, &ts->over) || *s)
				return -1;
			return 0;
		}
		if (ts->n == TRUESIZE_STEPS) {
			*why = "at most 16 MAXPAYLOAD:TRUESIZE pairs";
			return -1;
		}
		if (read_u32(&s, &p) || *s++ != ':' || read_u32(&s, &t) || *s++ != ',')
			return -1;
		if (ts->n && (p <= ts->max_payload[ts->n - 1] || t < ts->truesize[ts->n - 1])) {
			*why = "payloads must increase and truesizes must not decrease";
			return -1;
		}
		ts->max_payload[ts->n] = p;
		ts->truesize[ts->n] = t;
		ts->n++;
	}
}

int loss_parse(const char *text, uint32_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || !isfinite(v))
		return -1;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	if (*end || v < 0 || v > 1)
		return -1;
	/* lost when rng_u32 < *out: 1 can only be approached (2^32 - 1) */
	*out = v >= 1 ? UINT32_MAX : (uint32_t)floor(v * 4294967296.0);
	return 0;
}
