/* SPDX-License-Identifier: MIT */
/*
 * csv.h - reading back the CSV rxsim writes (time series, latency, sweeps):
 * fields split on commas outside double quotes ("" inside quotes is a quote).
 */
#ifndef RXSIM_CSV_H
#define RXSIM_CSV_H

#include <stdbool.h>
#include <stddef.h>

/* The field starting at @p of a line ending at @end: its length in *@fl.
 * Returns where the next field starts, or NULL after the last one. */
const char *csv_next_field(const char *p, const char *end, size_t *fl);
/* Fields of the line [@line, @line + @len); an empty line has one. */
size_t csv_count_fields(const char *line, size_t len);
/* Is [@f, @f + @fl) a whole finite-range decimal number as strtod reads it? */
bool csv_is_number(const char *f, size_t fl);

#endif
