/* SPDX-License-Identifier: MIT */
/*
 * scenario_int.h - what the files of the scenario loader share: the state
 * of one load and the helpers that more than one of them calls.  Not an
 * interface; rxsim/scenario.h is.  Shared helpers carry the module
 * prefix with two underscores (scenario__error), as sweep_int.h's do.
 */
#ifndef RXSIM_SCENARIO_INT_H
#define RXSIM_SCENARIO_INT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/scenario.h"

struct loader {
	const char *file;
	struct rxsim_err *err;
	const char *const *set_paths;	/* JSON pointers touched by --set */
	int nsets;
	scenario_expect_known_fn expect_known;	/* NULL: expect paths unchecked */
};

#define JSON_EXACT_LIMIT 9007199254740992.0	/* 2^53: doubles are exact integers below */

/* Integer rows beyond 2^53 (the seed) also take decimal strings, exactly. */
static inline bool scenario__int_as_string(const struct param *p)
{
	return p->type == PT_INT && p->max > (INT64_C(1) << 53);
}

/* nf_resolve.c: the netfilter and taps sections (scenario_resolve) */
int scenario__resolve_netfilter(struct scenario *sc, struct rxsim_err *err);

/* scenario_text.c */
void scenario__child_path(char *dst, size_t n, const char *path, const char *key);
void scenario__index_path(char *dst, size_t n, const char *path, unsigned i);
int scenario__error(struct loader *L, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int scenario__number_text(double d, char *buf, size_t len, bool show);
const char *scenario__json_shown(const cJSON *j, char *buf, size_t len);
int scenario__scalar_text(const cJSON *j, char *buf, size_t len);

/* scenario__json_shown() into a buffer of the calling statement (for "got %s"). */
#define SHOWN(j) scenario__json_shown((j), (char[160]){ 0 }, 160)

/* scenario_syntax.c */
int scenario__json_syntax(const char *name, const char *buf, struct rxsim_err *err);
void scenario__json_near(const char *name, const char *buf, const char *at, struct rxsim_err *err);

/* scenario_set.c */
int scenario__apply_set(struct loader *L, cJSON *root, const char *spec, char **ptr_out);
bool scenario__path_from_set(const struct loader *L, const char *path);
void scenario__mark_from_set(struct loader *L);

/* scenario_sections.c */
int scenario__load_expect(struct loader *L, const cJSON *ex, struct scenario *sc);
int scenario__load_sweep(struct loader *L, const cJSON *sw, struct scenario *sc);
int scenario__check_notes(struct loader *L, const cJSON *notes, const cJSON *sources);
int scenario__check_expect_paths(struct loader *L, const struct scenario *sc);

#endif
