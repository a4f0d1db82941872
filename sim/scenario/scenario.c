/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - JSON scenario -> struct scenario, driven by the parameter
 * tables of params.c.  Walks the tree with cJSON_ArrayForEach so that
 * duplicate keys and unknown keys are seen (cJSON's lookups would silently
 * take the first, and case-insensitively).  The entry points read the file,
 * check its syntax, apply --set, walk, load the sections and resolve.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/scenario.h"
#include "scenario_int.h"

#define MAX_FILE_BYTES (64u << 20)

/* What one element of a list row is ("CPU number 0..255"). */
static const char *cpulist_noun(const struct param *p)
{
	if (p->unit && !strcmp(p->unit, "cpus"))
		return "CPU number";
	if (p->unit && !strcmp(p->unit, "queues"))
		return "queue number";
	if (p->unit && !strcmp(p->unit, "weights"))
		return "weight";
	return "integer";
}

static int set_param(struct loader *L, const struct param *p, const cJSON *j, void *base,
		     const char *path)
{
	char text[1100], shown[160], exp[256], msg[400];
	void *dst = (char *)base + p->offset;
	const char *got;

	if (p->type == PT_CPULIST && cJSON_IsArray(j)) {
		struct cpulist *cl = dst;
		const size_t cap = sizeof(cl->cpu) / sizeof(cl->cpu[0]);
		const cJSON *e;

		if ((size_t)cJSON_GetArraySize(j) > cap)
			return scenario__error(L, path, "expected at most %zu entries, got %d", cap,
					 cJSON_GetArraySize(j));
		cl->n = 0;
		cJSON_ArrayForEach(e, j) {
			if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) ||
			    e->valuedouble < (double)p->min || e->valuedouble > (double)p->max) {
				char epath[256];

				scenario__index_path(epath, sizeof(epath), path, cl->n);
				return scenario__error(L, epath, "expected %s %lld..%lld, got %s",
						 cpulist_noun(p), (long long)p->min,
						 (long long)p->max,
						 scenario__json_shown(e, shown, sizeof(shown)));
			}
			cl->cpu[cl->n++] = (uint16_t)e->valuedouble;
		}
		return 0;
	}
	got = scenario__json_shown(j, shown, sizeof(shown));
	param_expected(p, exp, sizeof(exp));
	/* Type discipline: booleans only from JSON booleans, strings for names. */
	if ((p->type == PT_BOOL && !cJSON_IsBool(j)) ||
	    ((p->type == PT_STRING || p->type == PT_KVER) && !cJSON_IsString(j)) ||
	    (p->type == PT_INT && !cJSON_IsNumber(j) &&
	     !(cJSON_IsString(j) && (scenario__int_as_string(p) ||
				     ((p->flags & PF_AUTO) && !strcmp(j->valuestring, "auto"))))) ||
	    (p->type == PT_ENUM && !cJSON_IsString(j) && !cJSON_IsNumber(j)) ||
	    (!cJSON_IsString(j) && !cJSON_IsNumber(j) && !cJSON_IsBool(j)) ||
	    scenario__scalar_text(j, text, sizeof(text)))
		return scenario__error(L, path, "expected %s, got %s", exp, got);
	if (cJSON_IsNumber(j)) {
		/* cJSON reads numbers as doubles: 2^53 + 1 arrives as 2^53. */
		if (j->valuedouble >= JSON_EXACT_LIMIT && scenario__int_as_string(p))
			return scenario__error(L, path, "integers above 2^53 are not exact as JSON "
					 "numbers; give it as a string");
		if (p->type == PT_INT && j->valuedouble != floor(j->valuedouble))
			return scenario__error(L, path, "expected %s, got %s", exp, got);
	}
	if (param_parse_shown(p, text, got, dst, msg, sizeof(msg)))
		return scenario__error(L, path, "%s", msg);
	return 0;
}

static int set_defaults(struct loader *L, const struct param *params, void *base,
			const char *path)
{
	const struct param *p;
	char msg[400];

	for (p = params; p->key; p++) {
		void *dst = (char *)base + p->offset;

		if (!p->def) {
			if (p->type == PT_ENUM)
				*(int *)dst = 0;
			else if (p->type != PT_STRING && p->type != PT_COST &&
				 p->type != PT_CPULIST && p->type != PT_BOOL)
				*(int64_t *)dst = -1;
			continue;
		}
		if (param_parse_text(p, p->def, dst, msg, sizeof(msg))) {
			snprintf(L->err->msg, sizeof(L->err->msg),
				 "internal: default of %s/%s: %s", path, p->key, msg);
			return RXSIM_EINTERNAL;
		}
	}
	return 0;
}

static int fill_object(struct loader *L, const struct section *sec, const cJSON *obj,
		       void *base, const char *path);

/* Length of a leading "KEY: " or "KEY/SUB: " in @msg whose KEY the section
 * knows, or 0. */
static size_t check_key_prefix(const struct section *sec, const char *msg)
{
	size_t n = strspn(msg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/");
	size_t first = strcspn(msg, "/");
	const struct param *p;
	const struct section *s;
	char key[128];

	if (!n || msg[n] != ':' || msg[n + 1] != ' ' || n >= sizeof(key))
		return 0;
	if (first > n)
		first = n;
	memcpy(key, msg, first);
	key[first] = '\0';
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, key))
			return n;
	for (s = sec->subs; s && s->key; s++)
		if (!strcmp(s->key, key))
			return n;
	return 0;
}

static void collect_keys(const struct section *sec, const char **keys, size_t *n, size_t cap)
{
	const struct param *p;
	const struct section *s;

	for (p = sec->params; p && p->key && *n < cap; p++)
		keys[(*n)++] = p->key;
	for (s = sec->subs; s && s->key && *n < cap; s++)
		keys[(*n)++] = s->key;
}

static int fill_array(struct loader *L, const struct section *sub, const cJSON *arr,
		      void *parent, const char *path)
{
	void **slot = (void **)((char *)parent + sub->offset);
	uint32_t *count = (uint32_t *)((char *)parent + sub->count_offset);
	int n = cJSON_GetArraySize(arr), i = 0, rc;
	const cJSON *e;
	char *elems;

	if (!cJSON_IsArray(arr))
		return scenario__error(L, path, "expected an array of objects, got %s", SHOWN(arr));
	if ((uint32_t)n > sub->max_elems)
		return scenario__error(L, path, "expected at most %u entr%s, got %d",
				       sub->max_elems,
				 sub->max_elems == 1 ? "y" : "ies", n);
	elems = calloc(n ? (size_t)n : 1, sub->elem_size);
	if (!elems) {
		snprintf(L->err->msg, sizeof(L->err->msg), "out of memory");
		return RXSIM_EINTERNAL;
	}
	free(*slot);
	*slot = elems;
	*count = (uint32_t)n;
	cJSON_ArrayForEach(e, arr) {
		char epath[256];

		scenario__index_path(epath, sizeof(epath), path, (unsigned)i);
		if (!cJSON_IsObject(e))
			return scenario__error(L, epath, "expected an object, got %s", SHOWN(e));
		rc = fill_object(L, sub, e, elems + (size_t)i * sub->elem_size, epath);
		if (rc)
			return rc;
		i++;
	}
	return 0;
}

static int fill_object(struct loader *L, const struct section *sec, const cJSON *obj,
		       void *base, const char *path)
{
	const cJSON *item;
	const struct param *p;
	const struct section *s;
	int rc;

	rc = set_defaults(L, sec->params, base, path);
	if (rc)
		return rc;
	/* Sub-objects get their defaults even when absent from the file. */
	for (s = sec->subs; s && s->key; s++) {
		if (s->kind == SEC_OBJECT) {
			char spath[256];

			scenario__child_path(spath, sizeof(spath), path, s->key);
			rc = fill_object(L, s, NULL, (char *)base + s->offset, spath);
			if (rc)
				return rc;
		}
	}
	if (!obj)
		goto check;
	cJSON_ArrayForEach(item, obj) {
		char ipath[256];
		const cJSON *dup;
		bool found = false;

		scenario__child_path(ipath, sizeof(ipath), path, item->string);
		for (dup = obj->child; dup != item; dup = dup->next)
			if (!strcmp(dup->string, item->string))
				return scenario__error(L, ipath, "duplicate key");
		for (p = sec->params; p && p->key; p++) {
			if (!strcmp(p->key, item->string)) {
				rc = set_param(L, p, item, base, ipath);
				if (rc)
					return rc;
				found = true;
				break;
			}
		}
		for (s = sec->subs; !found && s && s->key; s++) {
			if (strcmp(s->key, item->string))
				continue;
			found = true;
			if (s->kind == SEC_ARRAY) {
				rc = fill_array(L, s, item, base, ipath);
			} else if (!cJSON_IsObject(item)) {
				rc = scenario__error(L, ipath, "expected an object, got %s",
					       SHOWN(item));
			} else {
				rc = fill_object(L, s, item, (char *)base + s->offset, ipath);
			}
			if (rc)
				return rc;
		}
		/* "$schema" names the schema an editor checks the file with
		 * (rxsim params --schema); rxsim has its own tables */
		if (!found && !(sec == &scenario_root && (!strcmp(item->string, "expect") ||
							   !strcmp(item->string, "sweep") ||
							   !strcmp(item->string, "notes") ||
							   !strcmp(item->string, "sources") ||
							   !strcmp(item->string, "$schema")))) {
			const char *keys[128];
			size_t n = 0;
			const char *near;

			collect_keys(sec, keys, &n, 128);
			if (sec == &scenario_root && n < 125) {
				keys[n++] = "expect";
				keys[n++] = "sweep";
				keys[n++] = "notes";
				keys[n++] = "sources";
			}
			near = param_nearest(item->string, keys, n);
			if (near)
				return scenario__error(L, ipath,
						       "unknown key (did you mean \"%s\"?)",
						 near);
			return scenario__error(L, ipath, "unknown key");
		}
	}
check:
	for (p = sec->params; p && p->key; p++) {
		if ((p->flags & PF_REQUIRED) &&
		    !(obj && cJSON_GetObjectItemCaseSensitive(obj, p->key))) {
			char exp[256];

			return scenario__error(L, path, "missing required key \"%s\" (%s)", p->key,
					 param_expected(p, exp, sizeof(exp)));
		}
	}
	if (sec->check && obj) {
		const char *key = NULL;
		char msg[300], kpath[256];

		memset(msg, 0, sizeof(msg));
		if (sec->check(base, &key, msg, sizeof(msg))) {
			const char *text = msg;

			if (key) {
				scenario__child_path(kpath, sizeof(kpath), path, key);
			} else {
				size_t klen = check_key_prefix(sec, msg);

				/* a check that still writes "KEY: what" */
				if (klen) {
					msg[klen] = '\0';
					scenario__child_path(kpath, sizeof(kpath), path, msg);
					text = msg + klen + 2;
				} else {
					snprintf(kpath, sizeof(kpath), "%s", path);
				}
			}
			return scenario__error(L, kpath, "%s", text);
		}
	}
	return 0;
}

int scenario_load_buffer_with(const char *name, const char *buf, size_t len,
			      const char *const *sets, int nsets, scenario_expect_known_fn known,
			      struct scenario *sc, struct rxsim_err *err)
{
	struct loader L = { .file = name, .err = err, .expect_known = known };
	const char *end = NULL;
	char **set_paths = NULL;
	cJSON *root;
	int rc = 0, i;

	memset(sc, 0, sizeof(*sc));
	snprintf(sc->file, sizeof(sc->file), "%s", name);
	if (strlen(buf) != len) {
		snprintf(err->msg, sizeof(err->msg), "%s: contains a NUL byte (not a JSON text file)",
			 name);
		return RXSIM_EINPUT;
	}
	if (!strncmp(buf, "\xef\xbb\xbf", 3))	/* a UTF-8 byte order mark */
		buf += 3;
	rc = scenario__json_syntax(name, buf, err);
	if (rc)
		return rc;
	root = cJSON_ParseWithOpts(buf, &end, 1);
	if (!root) {
		/* What scenario__json_syntax() lets pass but cJSON does not: a lone UTF-16
		 * surrogate in \u escapes, a number of 64 characters or more. */
		if (end && *end) {
			scenario__json_near(name, buf, end, err);
			return RXSIM_EINPUT;
		}
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory parsing JSON", name);
		return RXSIM_EINTERNAL;
	}
	if (!cJSON_IsObject(root)) {
		rc = scenario__error(&L, "", "expected a JSON object, got %s", SHOWN(root));
		goto out;
	}
	if (nsets) {
		set_paths = calloc((size_t)nsets, sizeof(*set_paths));
		if (!set_paths) {
			rc = RXSIM_EINTERNAL;
			goto out;
		}
	}
	L.set_paths = (const char *const *)set_paths;
	for (i = 0; i < nsets; i++) {
		rc = scenario__apply_set(&L, root, sets[i], &set_paths[i]);
		if (rc)
			goto out;
		L.nsets = i + 1;
	}
	rc = fill_object(&L, &scenario_root, root, sc, "");
	if (!rc)
		rc = scenario__load_expect(&L, cJSON_GetObjectItemCaseSensitive(root, "expect"),
					   sc);
	if (!rc)
		rc = scenario__load_sweep(&L, cJSON_GetObjectItemCaseSensitive(root, "sweep"), sc);
	if (!rc)
		rc = scenario__check_notes(&L, cJSON_GetObjectItemCaseSensitive(root, "notes"),
					   cJSON_GetObjectItemCaseSensitive(root, "sources"));
	if (!rc) {
		rc = scenario_resolve(sc, err);
		if (rc == RXSIM_EINPUT)
			scenario__mark_from_set(&L);
	}
	if (!rc)
		rc = scenario__check_expect_paths(&L, sc);
out:
	for (i = 0; set_paths && i < nsets; i++)
		free(set_paths[i]);
	free(set_paths);
	cJSON_Delete(root);
	if (rc && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
	if (rc)
		scenario_free(sc);
	return rc;
}

int scenario_load_with(const char *path, const char *const *sets, int nsets,
		       scenario_expect_known_fn known, struct scenario *sc,
		       struct rxsim_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	err->msg[0] = '\0';
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		return RXSIM_EINPUT;
	}
	for (;;) {
		size_t got;

		if (cap - len < 65536) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_FILE_BYTES + 65536) {
				snprintf(err->msg, sizeof(err->msg), "%s: larger than %u MiB", name,
					 MAX_FILE_BYTES >> 20);
				rc = RXSIM_EINPUT;
				goto out;
			}
			nb = realloc(buf, cap + 1);
			if (!nb) {
				snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err->msg, sizeof(err->msg), "%s: read error: %s", name, strerror(errno));
		rc = RXSIM_EINPUT;
		goto out;
	}
	buf[len] = '\0';
	rc = scenario_load_buffer_with(name, buf, len, sets, nsets, known, sc, err);
out:
	free(buf);
	if (f != stdin)
		fclose(f);
	return rc;
}

void scenario_free(struct scenario *sc)
{
	uint32_t i;

	for (i = 0; sc->apps && i < sc->n_apps; i++)
		free(sc->apps[i].pauses);
	for (i = 0; sc->nics && i < sc->n_nics; i++) {
		free(sc->nics[i].rps_queue_maps);
		free(sc->nics[i].napi);
		free(sc->nics[i].xdp_rules);
	}
	for (i = 0; sc->devices && i < sc->n_devices; i++)
		free(sc->devices[i].xdp_rules);
	for (i = 0; sc->taps && i < sc->n_taps; i++)
		free(sc->taps[i].pauses);
	free(sc->taps);
	free(sc->netfilter.rules);
	sc->taps = NULL;
	sc->netfilter.rules = NULL;
	sc->n_taps = sc->netfilter.n_rules = 0;
	free(sc->nics);
	free(sc->sockets);
	free(sc->apps);
	free(sc->traffic);
	free(sc->hogs);
	free(sc->devices);
	free(sc->senders);
	free(sc->expect);
	for (i = 0; sc->sweep && i < sc->n_sweep; i++) {
		while (sc->sweep[i].n_values)
			free(sc->sweep[i].values[--sc->sweep[i].n_values]);
		free(sc->sweep[i].values);
	}
	free(sc->sweep);
	sc->sweep = NULL;
	sc->n_sweep = 0;
	sc->nics = NULL;
	sc->sockets = NULL;
	sc->apps = NULL;
	sc->traffic = NULL;
	sc->hogs = NULL;
	sc->devices = NULL;
	sc->senders = NULL;
	sc->n_devices = sc->n_senders = 0;
	sc->expect = NULL;
	sc->n_nics = sc->n_sockets = sc->n_apps = sc->n_traffic = sc->n_hogs = sc->n_expect = 0;
}

static void visit_section(const struct section *sec, const void *base, const char *path,
			  scenario_visit_fn fn, void *arg)
{
	const struct param *p;
	const struct section *s;
	char sub[256];

	for (p = sec->params; p && p->key; p++) {
		scenario__child_path(sub, sizeof(sub), path, p->key);
		fn(arg, sub, p, (const char *)base + p->offset);
	}
	for (s = sec->subs; s && s->key; s++) {
		if (s->kind == SEC_OBJECT) {
			scenario__child_path(sub, sizeof(sub), path, s->key);
			visit_section(s, (const char *)base + s->offset, sub, fn, arg);
		} else {
			const char *elems = *(const char *const *)((const char *)base + s->offset);
			uint32_t n = *(const uint32_t *)((const char *)base + s->count_offset), i;

			for (i = 0; i < n; i++) {
				char arr[256];

				scenario__child_path(arr, sizeof(arr), path, s->key);
				scenario__index_path(sub, sizeof(sub), arr, i);
				visit_section(s, elems + (size_t)i * s->elem_size, sub, fn, arg);
			}
		}
	}
}

void scenario_visit(const struct scenario *sc, scenario_visit_fn fn, void *arg)
{
	visit_section(&scenario_root, sc, "", fn, arg);
}
