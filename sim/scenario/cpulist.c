/* SPDX-License-Identifier: MIT */
/*
 * cpulist.c - the kernel's cpulist syntax ("0-3,6"), as
 * /sys/class/net/IF/queues/rx-N/rps_cpus takes it in list form.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
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

/* The CPU list of @queue in a rps_cpus_per_queue text ("0-3;;4-7") into
 * @map; the number of lists in @spec, or -1 if one is malformed. */
int rps_queue_map(const char *spec, int queue, struct cpulist *map)
{
	char one[RXSIM_RPSQ_LEN];
	int n = 0;

	map->n = 0;
	for (;;) {
		size_t len = strcspn(spec, ";");
		struct cpulist cl;

		if (len >= sizeof(one))
			return -1;
		memcpy(one, spec, len);
		one[len] = '\0';
		/* a mask after 0x, as for rps_cpus */
		if (strncmp(one, "0x", 2) ? cpulist_parse(one, &cl) :
					    cpulist_parse_mask(one + 2, &cl))
			return -1;
		if (n++ == queue)
			*map = cl;
		if (!spec[len])
			return n;
		spec += len + 1;
	}
}

/*
 * The hex mask that /sys/class/net/IF/queues/rx-N/rps_cpus (and
 * /proc/irq/N/smp_affinity) hold, e.g. "0e" or "ff,ffffffff": 32-bit groups
 * of hex digits, most significant first, separated by commas.  Every group
 * after the first has exactly 8 digits, as bitmap_print_to_pagebuf() writes
 * them, so a group that lost a digit is refused rather than misread.
 */
int cpulist_parse_mask(const char *s, struct cpulist *cl)
{
	const size_t cap = sizeof(cl->cpu) / sizeof(cl->cpu[0]);
	char dig[sizeof(cl->cpu) / sizeof(cl->cpu[0]) / 4];
	size_t ndig = 0, g = 0, ngroups = 0, bit;
	const char *p;

	cl->n = 0;
	for (p = s;; p++) {
		if (*p == ',' || !*p) {
			if (g == 0 || g > 8 || (ngroups && g != 8))
				return -1;
			ngroups++;
			g = 0;
			if (!*p)
				break;
			continue;
		}
		if (!isxdigit((unsigned char)*p) || ndig >= sizeof(dig))
			return -1;
		dig[ndig++] = *p;
		g++;
	}
	for (bit = 0; bit < ndig * 4 && bit < cap; bit++) {
		char c = dig[ndig - 1 - bit / 4];
		unsigned v = (unsigned)(isdigit((unsigned char)c) ? c - '0' :
					(tolower((unsigned char)c) - 'a' + 10));

		if (v >> (bit % 4) & 1)
			cl->cpu[cl->n++] = (uint16_t)bit;
	}
	return 0;
}
