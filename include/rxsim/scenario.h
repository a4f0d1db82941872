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

struct expect_cfg;

/* Does every expect path of @ex name a number the summary of @sc will
 * hold?  0; 1 with @bad the first that does not and @near the closest that
 * does; or RXSIM_EINTERNAL.  The summary is the output layer's, so it hands
 * the loader this check (rxsim_expect_known). */
typedef int (*scenario_expect_known_fn)(const struct scenario *sc, const struct expect_cfg *ex,
					uint32_t n, uint32_t *bad, char *near, size_t nearlen);

/**
 * scenario_load_with - read, override, validate and resolve a scenario file.
 * @path: file name ("-" reads standard input).
 * @sets: "PATH=VALUE" overrides applied before validation, in order.
 * @known: checks the expect paths (NULL: not checked).
 * Return: 0, or RXSIM_EINPUT / RXSIM_EINTERNAL with @err filled.
 */
int scenario_load_with(const char *path, const char *const *sets, int nsets,
		       scenario_expect_known_fn known, struct scenario *sc,
		       struct rxsim_err *err);
/* Same, from a NUL-terminated buffer; @name is used in messages. */
int scenario_load_buffer_with(const char *name, const char *buf, size_t len,
			      const char *const *sets, int nsets, scenario_expect_known_fn known,
			      struct scenario *sc, struct rxsim_err *err);
/* The two above with the summary's own check (defined by the output layer,
 * sim/output/load.c): what every command and test uses. */
int scenario_load(const char *path, const char *const *sets, int nsets,
		  struct scenario *sc, struct rxsim_err *err);
int scenario_load_buffer(const char *name, const char *buf, size_t len,
			 const char *const *sets, int nsets,
			 struct scenario *sc, struct rxsim_err *err);

/* "PATH<=VALUE" or "PATH>=VALUE" (VALUE a number or a quantity such as
 * 100us) into @e; 0, -1 (not that form) or -2 (VALUE not a number). */
int rxsim_parse_bound(const char *s, struct expect_cfg *e);
/* What a --expect argument lacked, for the error rxsim_parse_bound() returned. */
const char *rxsim_bound_expected(int rc);
/* A bound's value in summary units; 0 or -1. */
int rxsim_expect_value(const char *text, double *out);
void scenario_free(struct scenario *sc);

/* Fill profile-dependent and "auto" values (driver profiles, sysctl
 * defaults that depend on HZ), parse the text keys the models read in
 * parsed form, and check references between sections (resolve.c). */
int scenario_resolve(struct scenario *sc, struct rxsim_err *err);
/* The NAPI mode keys: kernel versions and cross-checks (resolve_napi.c). */
int scenario_resolve_napi(struct scenario *sc, struct rxsim_err *err);

/* Visit every row of the resolved scenario with its JSON path. */
typedef void (*scenario_visit_fn)(void *arg, const char *path, const struct param *p,
				  const void *value);
void scenario_visit(const struct scenario *sc, scenario_visit_fn fn, void *arg);

/* A JSON Schema (draft 2020-12) of scenario files from the parameter
 * tables; the caller owns the tree. */
struct cJSON;
struct cJSON *param_json_schema(const char *version);


#endif
