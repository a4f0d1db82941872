/* SPDX-License-Identifier: MIT */
/*
 * cpulist.c - the kernel's cpulist syntax ("0-3,6"), as
 * /sys/class/net/IF/queues/rx-N/rps_cpus takes it in list form.
 */
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/cpulist.h"

int cpulist_parse(const char *s, struct cpulist *cl)
{
	cl->n = 0;
	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s || a < 0)
			return -1;
		b = a;
		s = end;
		if (*s == '-') {
			s++;
			b = strtol(s, &end, 10);
			if (end == s || b < a)
				return -1;
			s = end;
		}
		for (; a <= b; a++) {
			if (cl->n >= sizeof(cl->cpu) / sizeof(cl->cpu[0]))
				return -1;
			cl->cpu[cl->n++] = (uint16_t)a;
		}
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
		if (cpulist_parse(one, &cl))
			return -1;
		if (n++ == queue)
			*map = cl;
		if (!spec[len])
			return n;
		spec += len + 1;
	}
}
