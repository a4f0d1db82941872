/* SPDX-License-Identifier: MIT */
/*
 * snap_int.h - helpers shared by the snapshot parsers: line by line with
 * line numbers, words, strict numbers.
 */
#ifndef RXSIM_SNAP_INT_H
#define RXSIM_SNAP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct snap_lines {
	const char *p;
	int line;
	char buf[8192];
	bool long_line;		/* the last line did not fit buf */
};

/* The next line (without its newline) into L->buf; false at the end. */
bool snap__next_line(struct snap_lines *L);
/* Split @s in place at blanks into at most @max words; the count. */
int snap__words(char *s, char **w, int max);
/* Whole decimal (or hex with @base 16) number, nothing else. */
bool snap__u64(const char *s, int base, uint64_t *v);
bool snap__i64(const char *s, int64_t *v);
char *snap__trim(char *s);
/* The rx queue an IRQ action name belongs to for interface @ifname (with
 * its ethtool bus-info and sysfs device name, "" if unknown), or -1. */
int snap__irq_queue(const char *ifname, const char *bus, const char *device,
		    const char *irqname);

#endif
