/* SPDX-License-Identifier: MIT */
/*
 * sweep_csv.c - the CSV files of a sweep: the whole table (with a closing
 * line when points are missing), a --point file of one row, and the rows of
 * an earlier --out that --resume keeps.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/csv.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

/* Next line of @s (without its '\n') into [*a, *z); returns the rest. */
const char *sweep__next_line(const char *s, const char **a, size_t *l)
{
	*a = s;
	*l = strcspn(s, "\n");
	return s + *l + (s[*l] == '\n');
}

int sweep__row_check(const char *header, size_t hl, const char *row, size_t rl, char *why,
		  size_t wl)
{
	size_t nh = csv_count_fields(header, hl), nr = csv_count_fields(row, rl);
	size_t hf, rf;
	const char *h = header, *r = row;
	bool results = false;

	if (nr != nh) {
		snprintf(why, wl, "%zu fields, the header has %zu", nr, nh);
		return -1;
	}
	/* the swept values come first and may be text; from "seed" on, numbers */
	while (h && r) {
		const char *hn = csv_next_field(h, header + hl, &hf);
		const char *rn = csv_next_field(r, row + rl, &rf);

		if (hf == 4 && !memcmp(h, "seed", 4))
			results = true;
		/* an empty result is one the run could not give */
		if (results && rf && !csv_is_number(r, rf)) {
			snprintf(why, wl, "column %.*s: expected a number", (int)(hf > 60 ? 60 : hf),
				 h);
			return -1;
		}
		h = hn;
		r = rn;
	}
	return 0;
}

int sweep_resume_load(const struct sweep *sw, const char *path, char **rows,
		      struct rxsim_err *err)
{
	char *text;
	size_t len, l, hl = strlen(sw->header);
	const char *s, *a;
	char why[160];
	uint64_t i;
	int rc, lineno = 1;

	rc = sweep_read_file(path, &text, &len, err);
	if (rc) {
		FILE *f = fopen(path, "rb");

		if (!f && errno == ENOENT)
			return 0;	/* nothing yet: run every point */
		if (f)
			fclose(f);
		return rc;
	}
	/* cut inside the header (a copy or a disk that stopped short): no rows */
	if (len < hl && !memcmp(text, sw->header, len)) {
		free(text);
		return 0;
	}
	if (len < hl || memcmp(text, sw->header, hl)) {
		snprintf(err->msg, sizeof(err->msg), "%s: --resume: its header is not this sweep's "
			 "(other axes, repetitions or version?)", path);
		free(text);
		return RXSIM_EINPUT;
	}
	for (s = text + hl; *s;) {
		s = sweep__next_line(s, &a, &l);
		lineno++;
		if (!l || a[0] == '#')
			continue;
		/* The file was cut inside its last row: a row without its '\n' may
		 * end inside a number, so it is not trusted; its point runs again. */
		if (!a[l])
			break;
		for (i = 0; i < sw->npoints; i++) {
			const char *key = sw->points[i].key;
			size_t kl = strlen(key);

			if (rows[i] || l <= kl || memcmp(a, key, kl))
				continue;
			/* A failed point (empty results) runs again. */
			if (strspn(a + kl, ",") == l - kl)
				continue;
			if (sweep__row_check(sw->header, hl - 1, a, l, why, sizeof(why))) {
				snprintf(err->msg, sizeof(err->msg), "%s:%d: --resume: %s", path,
					 lineno, why);
				free(text);
				return RXSIM_EINPUT;
			}
			rows[i] = sweep__strndup(a, l + 1);	/* with its '\n' */
			if (!rows[i]) {
				free(text);
				snprintf(err->msg, sizeof(err->msg), "out of memory");
				return RXSIM_EINTERNAL;
			}
			rows[i][l] = '\n';
			break;
		}
	}
	free(text);
	return 0;
}

int sweep_write_csv(const struct sweep *sw, char *const *rows, FILE *f)
{
	uint64_t i, done = 0;

	fputs(sw->header, f);
	for (i = 0; i < sw->npoints; i++) {
		if (rows[i]) {
			fputs(rows[i], f);
			done++;
		}
	}
	if (done < sw->npoints)
		fprintf(f, "# incomplete: %" PRIu64 " of %" PRIu64 " points\n", done, sw->npoints);
	return ferror(f) ? -1 : 0;
}

int sweep_write_point(const struct sweep *sw, uint64_t point, const char *row, FILE *f)
{
	fprintf(f, "# point %" PRIu64 " of %" PRIu64 "\n", point, sw->npoints);
	fputs(sw->header, f);
	fputs(row, f);
	return ferror(f) ? -1 : 0;
}
