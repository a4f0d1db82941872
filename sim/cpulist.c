/* SPDX-License-Identifier: MIT */
/*
 * cpulist.c - the kernel's cpulist syntax ("0-3,6"), as
 * /sys/class/net/IF/queues/rx-N/rps_cpus takes it in list form.
 */
#include "rxsim/cpulist.h"

/*
 * Digits only, and at most CPULIST_MAX_VALUE: strtol would skip blanks, take
 * a sign and saturate, and a value stored as uint16_t must be range-checked
 * before the narrowing, not after ("65536" must not become CPU 0).
 */
static int number(const char **s, unsigned *v)
{
	const char *p = *s;
	unsigned x = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		x = x * 10 + (unsigned)(*p - '0');
		if (x > CPULIST_MAX_VALUE)
			return -2;
	}
	*s = p;
	*v = x;
	return 0;
}

int cpulist_parse(const char *s, struct cpulist *cl)
{
	const unsigned cap = sizeof(cl->cpu) / sizeof(cl->cpu[0]);

	cl->n = 0;
	while (*s) {
		unsigned a, b;
		int rc;

		if ((rc = number(&s, &a)))
			return rc;
		b = a;
		if (*s == '-') {
			s++;
			if ((rc = number(&s, &b)))
				return rc;
			if (b < a)
				return -1;
		}
		/* the count first: no loop runs past the capacity */
		if (b - a >= cap - cl->n)
			return -1;
		for (unsigned c = a; c <= b; c++)
			cl->cpu[cl->n++] = (uint16_t)c;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}
