/* SPDX-License-Identifier: MIT */
/*
 * param.h - sysctl-style parameter tables.
 *
 * The scenario layer keeps one const table (sim/scenario/params.c) of rows
 * {key, type, offset into a config struct, bounds, default, unit, help},
 * written with designated initializers as the kernel's ctl_table is, and
 * the models read the typed structs it fills.  The loader validates
 * against it (unknown key -> did-you-mean over the same rows), `rxsim params`
 * prints it, `--set` resolves paths with it and the summary echoes the
 * resolved values from it: one source of truth for names, bounds, defaults.
 *
 * Sections form a tree that mirrors the scenario JSON: an object section
 * holds an inline config struct, an array section a pointer and a count.
 */
#ifndef RXSIM_PARAM_H
#define RXSIM_PARAM_H

#include <stddef.h>
#include <stdint.h>

#include "rxsim/cost.h"
#include "rxsim/cpulist.h"
#include "rxsim/units.h"

enum param_type {
	PT_INT,		/* int64_t */
	PT_BOOL,	/* bool */
	PT_TIME,	/* sim_time_t, ps */
	PT_RATE,	/* int64_t, millipackets/s */
	PT_BW,		/* int64_t, bit/s */
	PT_SIZE,	/* int64_t, bytes */
	PT_ENUM,	/* int (index into names) */
	PT_STRING,	/* char[max] */
	PT_COST,	/* struct cost */
	PT_CPULIST,	/* struct cpulist */
	PT_KVER,	/* int, major*1000 + minor */
	PT_SPEC,	/* char[max]: a string or a number kept as text, whose syntax
			 * (described by `unit`) the section's check parses */
};

/* Row flags. */
#define PF_REQUIRED	0x1	/* no default: the scenario must give it */
#define PF_PROFILE	0x2	/* default comes from a profile (driver, kernel) */
#define PF_AUTO		0x4	/* "auto" (or absence) is allowed and stored as -1 */
#define PF_QUIET	0x8	/* echoed in the summary only when not the default (the
				 * keys of a stage a scenario does not use stay out) */
#define PF_TCP		0x10	/* a TCP key: the summary echoes it only when TCP is used */

struct param {
	const char *key;
	enum param_type type;
	size_t offset;
	int64_t min;
	int64_t max;		/* PT_STRING: buffer size */
	const char *def;	/* written as a user would write it */
	const char *unit;	/* unit of a plain number, for help text */
	int64_t plain_scale;	/* base units per plain number (0: suffix required) */
	unsigned flags;
	const char *const *names;	/* PT_ENUM: NULL-terminated */
	const char *help;
};

enum section_kind { SEC_OBJECT, SEC_ARRAY };

struct section {
	const char *key;
	enum section_kind kind;
	const struct param *params;	/* terminated by a row with key == NULL */
	const struct section *subs;	/* terminated by key == NULL; may be NULL */
	size_t offset;			/* object: inline struct; array: pointer */
	size_t count_offset;		/* array: uint32_t count */
	size_t elem_size;		/* array: size of one element */
	uint32_t max_elems;
	const char *help;
	/* Extra validation across keys of one element; returns 0, or -1 with
	 * the offending key in @key (relative to the element, e.g. "batch" or
	 * "coalesce/rx-usecs"; left NULL: the element itself) and a message
	 * without the path in @msg.  The loader names the key's own path, so
	 * a key that came from --set is reported as such. */
	int (*check)(const void *elem, const char **key, char *msg, size_t msglen);
};

struct rxsim_err {
	char msg[512];
};

/* The whole scenario tree, rooted at the top-level object. */
extern const struct section scenario_root;

/**
 * param_parse_value - parse a textual value for row @p into @dst.
 * Returns 0, or -1 with "expected X, got Y" written to @err.
 */
int param_parse_text(const struct param *p, const char *text, void *dst,
		     char *err, size_t errlen);
/* Same, showing the value as @shown after "got" (NULL: @text quoted), e.g.
 * the JSON number 0 as "got 0" rather than "got \"0\"". */
int param_parse_shown(const struct param *p, const char *text, const char *shown,
		      void *dst, char *err, size_t errlen);
/* @s in double quotes for a message: control characters, '"' and '\\'
 * escaped (\n, \t, \xNN), cut after @max characters with "..." appended. */
char *param_quote(const char *s, size_t max, char *buf, size_t len);
/* The unit kind of a quantity row (time, rate, bandwidth, size). */
enum unit_kind param_unit_kind(enum param_type t);
/* Describe what a row accepts ("integer 1..65536", "time (e.g. \"2.5us\")"). */
const char *param_expected(const struct param *p, char *buf, size_t len);
/* Format the value of row @p stored in @src for echo and help. */
char *param_format(const struct param *p, const void *src, char *buf, size_t len);
/* Nearest key by edit distance among @keys (NULL if nothing close). */
const char *param_nearest(const char *key, const char *const *keys, size_t n);
size_t param_edit_distance(const char *a, const char *b);

#endif
