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

#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

/* Next line of @s (without its '\n') into [*a, *z); returns the rest. */
const char *swp_next_line(const char *s, const char **a, size_t *l)
{
	*a = s;
	*l = strcspn(s, "\n");
	return s + *l + (s[*l] == '\n');
}

/* Field @i of [a, a+l) into [*f, *f+*fl); returns the count of fields. */
static size_t csv_split(const char *a, size_t l, size_t want, const char **f, size_t *fl)
{
	size_t n = 0, i, start = 0;
	int quoted = 0;

	for (i = 0; i <= l; i++) {
		if (i < l && a[i] == '"')
			quoted = !quoted;	/* "" inside a quoted field toggles twice */
		if (i == l || (a[i] == ',' && !quoted)) {
			if (n == want) {
				*f = a + start;
				*fl = i - start;
			}
			n++;
			start = i + 1;
		}
	}
	return n;
}

int swp_row_check(const char *header, size_t hl, const char *row, size_t rl, char *why,
		  size_t wl)
{
	size_t nh = csv_split(header, hl, (size_t)-1, NULL, NULL);
	size_t nr = csv_split(row, rl, (size_t)-1, NULL, NULL);
	size_t i, seed = nh, fl;
	const char *f;

	if (nr != nh) {
		snprintf(why, wl, "%zu fields, the header has %zu", nr, nh);
		return -1;
	}
	for (i = 0; i < nh; i++) {
		csv_split(header, hl, i, &f, &fl);
		if (fl == 4 && !memcmp(f, "seed", 4)) {
			seed = i;
			break;
		}
	}
	for (i = seed; i < nr; i++) {
		char num[64], *end;

		csv_split(row, rl, i, &f, &fl);
		if (!fl)
			continue;	/* a result the run could not give */
		if (fl >= sizeof(num))
			goto bad;
		memcpy(num, f, fl);
		num[fl] = '\0';
		(void)strtod(num, &end);
		if (end != num + fl || num[0] == ' ')
			goto bad;
		continue;
bad:
		csv_split(header, hl, i, &f, &fl);
		snprintf(why, wl, "column %.*s: expected a number", (int)(fl > 60 ? 60 : fl), f);
		return -1;
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
	if (len < hl || memcmp(text, sw->header, hl)) {
		snprintf(err->msg, sizeof(err->msg), "%s: --resume: its header is not this sweep's "
			 "(other axes, repetitions or version?)", path);
		free(text);
		return RXSIM_EINPUT;
	}
	for (s = text + hl; *s;) {
		s = swp_next_line(s, &a, &l);
		lineno++;
		if (!l || a[0] == '#')
			continue;
		for (i = 0; i < sw->npoints; i++) {
			const char *key = sw->points[i].key;
			size_t kl = strlen(key);

			if (rows[i] || l <= kl || memcmp(a, key, kl))
				continue;
			/* A failed point (empty results) runs again. */
			if (strspn(a + kl, ",") == l - kl)
				continue;
			if (swp_row_check(sw->header, hl - 1, a, l, why, sizeof(why))) {
				snprintf(err->msg, sizeof(err->msg), "%s:%d: --resume: %s", path,
					 lineno, why);
				free(text);
				return RXSIM_EINPUT;
			}
			rows[i] = swp_strndup(a, l + 1);	/* with its '\n' */
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
