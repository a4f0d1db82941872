/* SPDX-License-Identifier: MIT */
/*
 * csv.c - splitting the lines of rxsim's CSV files back into fields, for
 * the checks of `rxsim plot`, `rxsim merge` and `sweep --resume`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/csv.h"

const char *csv_next_field(const char *p, const char *end, size_t *fl)
{
	const char *q;
	bool quoted = false;

	for (q = p; q < end; q++) {
		if (*q == '"')
			quoted = !quoted;	/* "" inside a quoted field toggles twice */
		else if (*q == ',' && !quoted) {
			*fl = (size_t)(q - p);
			return q + 1;
		}
	}
	*fl = (size_t)(q - p);
	return NULL;
}

size_t csv_count_fields(const char *line, size_t len)
{
	const char *p = line;
	size_t n = 0, fl;

	while (p) {
		p = csv_next_field(p, line + len, &fl);
		n++;
	}
	return n;
}

bool csv_is_number(const char *f, size_t fl)
{
	char num[64], *end;

	if (!fl || fl >= sizeof(num) || f[0] == ' ')
		return false;
	memcpy(num, f, fl);
	num[fl] = '\0';
	errno = 0;
	(void)strtod(num, &end);
	return end == num + fl && errno != ERANGE;
}
