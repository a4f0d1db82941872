/* SPDX-License-Identifier: MIT */
/*
 * units.h - parsing quantities written with units, in integer arithmetic.
 *
 *   time       "2.5us", "100ms", "1s", "800ps", "67.2ns"  -> picoseconds
 *   rate       "1.2Mpps", "500kpps", "100pps"            -> millipackets/s
 *   bandwidth  "10Gbps", "2.5Gbit/s", "100Mbps"          -> bits/s
 *   size       "256KiB", "4KB", "1500B", "1MiB"          -> bytes
 *
 * A value with too many decimals for its unit (below one base unit, e.g.
 * "0.1ps") is rejected rather than rounded, as are negative values,
 * overflow, unknown suffixes and trailing garbage.  Plain numbers are taken
 * in the unit the caller names (e.g. a key documented in microseconds).
 */
#ifndef RXSIM_UNITS_H
#define RXSIM_UNITS_H

#include <stdint.h>

enum unit_kind {
	UNIT_TIME,	/* base: ps */
	UNIT_RATE,	/* base: millipackets per second (1 pps = 1000) */
	UNIT_BW,	/* base: bit/s */
	UNIT_SIZE,	/* base: byte */
};

/**
 * units_parse - parse @s as a quantity of @kind into its base unit.
 * @plain_scale: the base-unit value of 1 when @s has no suffix
 *               (e.g. SIM_US for a key documented in microseconds); 0 means
 *               a suffix is required.
 * Return: 0 on success, -1 with a short reason in @why (static string).
 */
int units_parse(const char *s, enum unit_kind kind, int64_t plain_scale,
		int64_t *out, const char **why);

/* Format @v (base unit of @kind) with the largest unit that keeps it exact
 * ("2500ns" -> "2.5us"); returns @buf. */
char *units_format(int64_t v, enum unit_kind kind, char *buf, unsigned len);

const char *units_kind_name(enum unit_kind kind);

/* @s as plain decimal digits (no sign, space or suffix) of at most @max;
 * 0, or -1 if it is not. */
int units_parse_count(const char *s, unsigned long max, unsigned long *out);

#endif
