/* SPDX-License-Identifier: MIT */
/*
 * sweep_merge.c - `rxsim merge`: the --point files of a sweep run in parts
 * (on several machines) joined into the CSV a local sweep writes; files of
 * different sweeps are refused and missing points named.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

int sweep_merge(const char *const *files, int nfiles, FILE *out, struct rxsim_err *err)
{
	char *header = NULL, **rows = NULL;
	uint64_t npoints = 0, i, missing = 0;
	struct sweep_buf miss = { 0 };
	int k, rc = RXSIM_EINPUT;

	err->msg[0] = '\0';
	for (k = 0; k < nfiles; k++) {
		const char *s, *a;
		char *text, tail, why[160];
		size_t len, l;
		unsigned long long pi, pn;
		int used = 0, lineno = 2;

		rc = sweep_read_file(files[k], &text, &len, err);
		if (rc)
			goto out;
		rc = RXSIM_EINPUT;
		s = sweep__next_line(text, &a, &l);
		if (sscanf(a, "# point %llu of %llu%c", &pi, &pn, &tail) != 3 || tail != '\n' ||
		    pn == 0 || pi >= pn || pn > SWEEP_MAX_POINTS) {
			snprintf(err->msg, sizeof(err->msg), "%s: not a sweep point file (its first "
				 "line must be \"# point I of N\")", files[k]);
			free(text);
			goto out;
		}
		if (!rows) {
			npoints = pn;
			rows = calloc(pn, sizeof(*rows));
			if (!rows) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		} else if (pn != npoints) {
			snprintf(err->msg, sizeof(err->msg), "%s: point %llu of %llu, but %s has %"
				 PRIu64 " points: files of different sweeps", files[k], pi, pn,
				 files[0], npoints);
			free(text);
			goto out;
		}
		s = sweep__next_line(s, &a, &l);
		if (!l || a[l] != '\n') {
			snprintf(err->msg, sizeof(err->msg), "%s: missing header row", files[k]);
			free(text);
			goto out;
		}
		if (!header) {
			header = sweep__strndup(a, l + 1);
			if (!header) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		} else if (strlen(header) != l + 1 || memcmp(header, a, l + 1)) {
			snprintf(err->msg, sizeof(err->msg), "%s: header differs from %s's: files of "
				 "different sweeps", files[k], files[0]);
			free(text);
			goto out;
		}
		while (*s) {
			s = sweep__next_line(s, &a, &l);
			lineno++;
			if (!l || a[0] == '#')
				continue;
			if (used++ || a[l] != '\n') {
				snprintf(err->msg, sizeof(err->msg), "%s: expected one complete row "
					 "after the header", files[k]);
				free(text);
				goto out;
			}
			if (sweep__row_check(header, strlen(header) - 1, a, l, why, sizeof(why))) {
				snprintf(err->msg, sizeof(err->msg), "%s:%d: %s", files[k], lineno,
					 why);
				free(text);
				goto out;
			}
			if (rows[pi] && (strlen(rows[pi]) != l + 1 || memcmp(rows[pi], a, l + 1))) {
				snprintf(err->msg, sizeof(err->msg), "%s: point %llu appears twice with "
					 "different rows", files[k], pi);
				free(text);
				goto out;
			}
			if (!rows[pi] && !(rows[pi] = sweep__strndup(a, l + 1))) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		}
		free(text);
		if (!used) {
			snprintf(err->msg, sizeof(err->msg), "%s: no row after the header", files[k]);
			goto out;
		}
	}
	if (!rows) {
		snprintf(err->msg, sizeof(err->msg), "no files to merge");
		goto out;
	}
	for (i = 0; i < npoints; i++) {
		if (rows[i])
			continue;
		if (missing < 20)
			swb_printf(&miss, "%s%" PRIu64, missing ? ", " : "", i);
		missing++;
	}
	if (missing) {
		snprintf(err->msg, sizeof(err->msg), "%" PRIu64 " of %" PRIu64 " points missing: %s%s",
			 missing, npoints, miss.s ? miss.s : "", missing > 20 ? ", ..." : "");
		goto out;
	}
	fputs(header, out);
	for (i = 0; i < npoints; i++)
		fputs(rows[i], out);
	rc = ferror(out) ? RXSIM_EINTERNAL : 0;
	if (rc)
		snprintf(err->msg, sizeof(err->msg), "write error");
out:
	for (i = 0; rows && i < npoints; i++)
		free(rows[i]);
	free(rows);
	free(header);
	swb_free(&miss);
	return rc;
}
