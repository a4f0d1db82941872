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

#endif
