/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - loading a scenario file into typed configuration.
 *
 * The loader is the only code that sees the cJSON tree of a scenario; the
 * tree is freed before the simulation starts.  Errors name the file and the
 * JSON path (or line:column for syntax), what was expected and what was
 * found; an unknown key comes with the nearest valid key.
 */
#ifndef RXSIM_SCENARIO_H
#define RXSIM_SCENARIO_H

#include "rxsim/config.h"
#include "rxsim/param.h"

/* Return codes of loader functions. */
#define RXSIM_EINPUT	(-2)	/* the input is wrong: exit 2 */
#define RXSIM_EINTERNAL	(-3)	/* rxsim failed: exit 3 */

/**
 * scenario_load - read, override, validate and resolve a scenario file.
 * @path: file name ("-" reads standard input).
 * @sets: "PATH=VALUE" overrides applied before validation, in order.
 * Return: 0, or RXSIM_EINPUT / RXSIM_EINTERNAL with @err filled.
 */
int scenario_load(const char *path, const char *const *sets, int nsets,
		  struct scenario *sc, struct rxsim_err *err);
/* Same, from a NUL-terminated buffer; @name is used in messages. */
int scenario_load_buffer(const char *name, const char *buf, size_t len,
			 const char *const *sets, int nsets,
			 struct scenario *sc, struct rxsim_err *err);
void scenario_free(struct scenario *sc);

/* Fill profile-dependent and "auto" values (driver profiles, sysctl
 * defaults that depend on HZ) and check references between sections.
 * Implemented by the models (models/host.c). */
int scenario_resolve(struct scenario *sc, struct rxsim_err *err);

/* Visit every row of the resolved scenario with its JSON path. */
typedef void (*scenario_visit_fn)(void *arg, const char *path, const struct param *p,
				  const void *value);
void scenario_visit(const struct scenario *sc, scenario_visit_fn fn, void *arg);

#endif
