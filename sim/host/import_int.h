/* SPDX-License-Identifier: MIT */
/*
 * import_int.h - the state of one `rxsim import` and its helpers, shared
 * by import.c (kernel, CPUs, sysctls, NICs), import_lo.c (the loopback
 * device and a load over it) and import_costs.c (a calibration's costs).
 */
#ifndef RXSIM_IMPORT_INT_H
#define RXSIM_IMPORT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/hostsnap.h"

struct cJSON;

struct imp {
	const struct snap *s;
	struct cJSON *root, *sources, *notes;
	struct snap_kvlist *warn;
	struct rxsim_err *err;
	struct snap_counters cnt;
	bool have_cnt;
	int64_t cpus;
};

/* "sources"[@path] = "@rel line @line" (@line 0: the file alone) */
void imp_source(struct imp *I, const char *path, const char *rel, int line);
/* A line of "notes"; imp_warn also a warning on stderr (a value replaced by
 * a default). */
void imp_note(struct imp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void imp_warn(struct imp *I, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The integer in snapshot file @rel; *has false when the file is absent. */
int imp_sys_int(struct imp *I, const char *rel, int64_t *v, bool *has);

/* devices[] entry of lo: its mtu and rx-0 rps_cpus (import_lo.c). */
int imp_lo_device(struct imp *I);
/* A sender on lo, a socket and its reader (import_lo.c). */
void imp_lo_workload(struct imp *I);
/* The costs and the load of a calibration (import_costs.c); @lo: the load
 * came over lo. */
int imp_costs(struct imp *I, const struct snap_import_opts *o, bool lo);

#endif
