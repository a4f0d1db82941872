/* SPDX-License-Identifier: MIT */
/*
 * sweep_int.h - what the files of the sweep share beyond rxsim/sweep.h: a
 * limit and the helpers that more than one of them calls.  Not an
 * interface; rxsim/sweep.h is.
 */
#ifndef RXSIM_SWEEP_INT_H
#define RXSIM_SWEEP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "rxsim/scenario.h"
#include "rxsim/sweep.h"

/* A plan refuses more points; a merge refuses files that claim more, as no
 * sweep wrote them. */
#define SWEEP_MAX_POINTS	UINT64_C(1000000)

/* sweep_buf.c */
char *sweep__strndup(const char *s, size_t n);

/* sweep_axis.c */
const char *sweep__find_dots(const char *text);

/* sweep.c */
int sweep__load(const struct sweep *sw, const char *const *sets, int n, struct scenario *sc,
	     struct rxsim_err *err);

/* sweep_csv.c */
const char *sweep__next_line(const char *s, const char **a, size_t *l);
/* Is @row (@rl bytes, no '\n') a row under @header (@hl bytes, no '\n'): as
 * many fields, and from the "seed" column on each empty or a number?  On
 * failure a reason in @why. */
int sweep__row_check(const char *header, size_t hl, const char *row, size_t rl, char *why,
		  size_t wl);

#endif
