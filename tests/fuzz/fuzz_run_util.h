/* SPDX-License-Identifier: MIT */
/*
 * fuzz_run_util.h - a loaded scenario run by the fuzz targets that run
 * (fuzz_run, fuzz_replay): a broken conservation or a multi-line message
 * is a crash.
 */
#ifndef RXSIM_FUZZ_RUN_UTIL_H
#define RXSIM_FUZZ_RUN_UTIL_H

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "fuzz_util.h"

static inline void fuzz_run_checked(const struct scenario *sc)
{
	static struct rxsim_run r;
	struct rxsim_err err = { { 0 } };
	int rc = rxsim_run(&r, sc, NULL, &err);

	if (rc == RXSIM_EINTERNAL && strstr(err.msg, "conservation"))
		FUZZ_FAIL("a model lost or invented a packet: %s", err.msg);
	if (rc && strchr(err.msg, '\n'))
		FUZZ_FAIL("a multi-line message: [%s]", err.msg);
	rxsim_run_free(&r);
}

#endif
