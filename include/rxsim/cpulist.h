/* SPDX-License-Identifier: MIT */
/*
 * cpulist.h - lists of small integers written in the kernel's cpulist
 * syntax: CPU numbers, queue numbers, weights.
 */
#ifndef RXSIM_CPULIST_H
#define RXSIM_CPULIST_H

#include <stdint.h>

/* Above any CPU, queue or weight a scenario may name; fits uint16_t. */
#define CPULIST_MAX_VALUE 65535u

struct cpulist {
	uint16_t n;
	uint16_t cpu[512];
};

/* "0-3,6" (ascending ranges, commas) into @cl; 0, -2 if a value is above
 * CPULIST_MAX_VALUE, or -1 if malformed or over 512 entries.  "" is the
 * empty list. */
int cpulist_parse(const char *s, struct cpulist *cl);
/* The CPU list of @queue in a rps_cpus_per_queue text ("0-3;;4-7") into
 * @map; the number of lists in @spec, or -1 if one is malformed. */
int rps_queue_map(const char *spec, int queue, struct cpulist *map);
/* The sysfs hex mask ("0e", "ff,ffffffff"; groups after the first have 8
 * digits) into @cl in ascending CPU order; 0, or -1 if malformed. */
int cpulist_parse_mask(const char *s, struct cpulist *cl);

#endif
