/* SPDX-License-Identifier: MIT */
/*
 * scenario_set.c - --set: PATH=VALUE, applied to the JSON tree before the
 * walk.  PATH is a JSON pointer ("/nics/0/rx_ring") or dotted
 * ("nics.0.rx_ring", "host.sysctl.net.core.netdev_budget"); dotted segments
 * are matched greedily against the keys the schema knows at each level, so
 * sysctl names keep their dots.  VALUE is JSON if it parses as JSON, else a
 * string ("10Gbps").  A message about a path --set touched says so.
 */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/param.h"
#include "rxsim/scenario.h"
#include "scenario_int.h"

static const struct section *find_sub(const struct section *sec, const char *key)
{
	const struct section *s;

	for (s = sec ? sec->subs : NULL; s && s->key; s++)
		if (!strcmp(s->key, key))
			return s;
	return NULL;
}

static bool known_key(const struct section *sec, const char *key)
{
	const struct param *p;

	if (!sec)
		return false;
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, key))
			return true;
	return find_sub(sec, key) != NULL;
}

static bool dotted_keys(const struct section *sec)
{
	const struct param *p;

	for (p = sec ? sec->params : NULL; p && p->key; p++)
		if (strchr(p->key, '.'))
			return true;
	return false;
}

static int split_set_path(const char *path, const char *segs[], char store[][128], int max)
{
	const struct section *sec = &scenario_root;
	bool in_array = false;
	int n = 0;

	if (path[0] == '/') {
		const char *s = path + 1;

		while (*s && n < max) {
			size_t l = strcspn(s, "/");

			if (l == 0 || l >= 128)
				return -1;
			memcpy(store[n], s, l);
			store[n][l] = '\0';
			segs[n] = store[n];
			n++;
			s += l + (s[l] == '/');
		}
		return n;
	}
	while (*path && n < max) {
		size_t best = 0, l = 0;
		char cand[128];

		/* Longest dot-joined prefix the schema knows; else one segment. */
		for (;;) {
			size_t next = l + strcspn(path + l, ".");

			if (next >= sizeof(cand))
				break;
			memcpy(cand, path, next);
			cand[next] = '\0';
			if (!in_array && known_key(sec, cand))
				best = next;
			if (!path[next])
				break;
			l = next + 1;
		}
		/* Nothing known here: inside a section whose keys hold dots (sysctl
		 * names), the rest is one key, so a typo is reported whole. */
		if (!best)
			best = !in_array && dotted_keys(sec) ? strlen(path) : strcspn(path, ".");
		if (best == 0 || best >= 128)
			return -1;
		memcpy(store[n], path, best);
		store[n][best] = '\0';
		segs[n] = store[n];
		if (in_array) {
			in_array = false;
		} else {
			const struct section *s = find_sub(sec, store[n]);

			sec = s;
			in_array = s && s->kind == SEC_ARRAY;
		}
		n++;
		path += best + (path[best] == '.');
	}
	return n;
}

/* The row a --set path names, if the schema knows it. */
static const struct param *param_at(const char *const *segs, int n)
{
	const struct section *sec = &scenario_root;
	const struct param *p;
	int i;

	for (i = 0; i < n - 1 && sec; i++) {
		sec = find_sub(sec, segs[i]);
		if (sec && sec->kind == SEC_ARRAY)
			i++;	/* the element index */
	}
	if (!sec || i != n - 1)
		return NULL;
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, segs[n - 1]))
			return p;
	return NULL;
}

/*
 * The dotted path of the first row whose path ends in "." @tail, arrays
 * shown with element 0, into @out ("host.sysctl.net.core.netdev_budget" for
 * "net.core.netdev_budget"): people write a key as sysctl(8) or ethtool
 * name it, without the sections above it.
 */
static bool find_by_suffix(const struct section *sec, const char *path, const char *tail,
			   char *out, size_t len)
{
	const struct param *p;
	const struct section *s;
	char full[256];
	size_t fl, tl = strlen(tail);

	for (p = sec->params; p && p->key; p++) {
		snprintf(full, sizeof(full), "%s%s", path, p->key);
		fl = strlen(full);
		if (fl > tl && full[fl - tl - 1] == '.' && !strcmp(full + fl - tl, tail)) {
			snprintf(out, len, "%s", full);
			return true;
		}
	}
	for (s = sec->subs; s && s->key; s++) {
		snprintf(full, sizeof(full), "%s%s.%s", path, s->key,
			 s->kind == SEC_ARRAY ? "0." : "");
		if (find_by_suffix(s, full, tail, out, len))
			return true;
	}
	return false;
}

/* An array element named by @seg ("*" is handled by the caller), or NULL
 * with the message. */
static cJSON *element(struct loader *L, cJSON *arr, const char *seg, const char *qspec, bool last)
{
	char *end, qseg[160];
	long idx = strtol(seg, &end, 10);

	if (*end || idx < 0 || idx >= cJSON_GetArraySize(arr)) {
		if (last)
			snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: no element %s", qspec,
				 param_quote(seg, 60, qseg, sizeof(qseg)));
		else
			snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: no element %s (it has %d)",
				 qspec, param_quote(seg, 60, qseg, sizeof(qseg)),
				 cJSON_GetArraySize(arr));
		return NULL;
	}
	return cJSON_GetArrayItem(arr, (int)idx);
}

/* Put a copy of @val at @segs under @node; a "*" segment of an array is
 * each of its elements in turn (taps.*.fanout_rollover: every tap). */
static int set_at(struct loader *L, cJSON *node, const char *const *segs, int n,
		  const cJSON *val, const char *qspec, const char *parent)
{
	char qseg[160];
	cJSON *next, *v;
	int i, rc;

	if (cJSON_IsArray(node) && !strcmp(segs[0], "*")) {
		if (!cJSON_GetArraySize(node)) {
			snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: * stands for every "
				 "element, and the array is empty", qspec);
			return RXSIM_EINPUT;
		}
		for (i = 0; i < cJSON_GetArraySize(node); i++) {
			if (n == 1) {
				if (!(v = cJSON_Duplicate(val, 1)))
					return RXSIM_EINTERNAL;
				cJSON_ReplaceItemInArray(node, i, v);
				continue;
			}
			next = cJSON_GetArrayItem(node, i);
			if (!cJSON_IsObject(next) && !cJSON_IsArray(next)) {
				snprintf(L->err->msg, sizeof(L->err->msg),
					 "--set %s: element %d is not an object or array", qspec, i);
				return RXSIM_EINPUT;
			}
			if ((rc = set_at(L, next, segs + 1, n - 1, val, qspec, segs[0])))
				return rc;
		}
		return 0;
	}
	if (!strcmp(segs[0], "*")) {
		snprintf(L->err->msg, sizeof(L->err->msg),
			 "--set %s: * stands for every element of an array, and %s is not one%s",
			 qspec, parent ? param_quote(parent, 60, qseg, sizeof(qseg)) : "the top level",
			 parent && !cJSON_GetArraySize(node) ? " (the scenario has none)" : "");
		return RXSIM_EINPUT;
	}
	if (n == 1) {
		if (!(v = cJSON_Duplicate(val, 1)))
			return RXSIM_EINTERNAL;
		if (cJSON_IsArray(node)) {
			if (!element(L, node, segs[0], qspec, true)) {
				cJSON_Delete(v);
				return RXSIM_EINPUT;
			}
			cJSON_ReplaceItemInArray(node, atoi(segs[0]), v);
		} else if (cJSON_GetObjectItemCaseSensitive(node, segs[0])) {
			cJSON_ReplaceItemInObjectCaseSensitive(node, segs[0], v);
		} else if (!cJSON_AddItemToObject(node, segs[0], v)) {
			cJSON_Delete(v);
			return RXSIM_EINTERNAL;
		}
		return 0;
	}
	if (cJSON_IsArray(node)) {
		if (!(next = element(L, node, segs[0], qspec, false)))
			return RXSIM_EINPUT;
	} else {
		next = cJSON_GetObjectItemCaseSensitive(node, segs[0]);
		if (!next) {
			/* Arrays cannot be created implicitly; objects can. */
			next = cJSON_CreateObject();
			if (!next || !cJSON_AddItemToObject(node, segs[0], next)) {
				cJSON_Delete(next);
				return RXSIM_EINTERNAL;
			}
		}
	}
	if (!cJSON_IsObject(next) && !cJSON_IsArray(next)) {
		snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: %s is not an object or array",
			 qspec, param_quote(segs[0], 60, qseg, sizeof(qseg)));
		return RXSIM_EINPUT;
	}
	return set_at(L, next, segs + 1, n - 1, val, qspec, segs[0]);
}

int scenario__apply_set(struct loader *L, cJSON *root, const char *spec, char **ptr_out)
{
	const char *eq = strchr(spec, '=');
	char path[256], store[16][128];
	const char *segs[16];
	cJSON *node = root, *val;
	int n, i;
	size_t off = 0;

	char qspec[300], qseg[160];

	param_quote(spec, 120, qspec, sizeof(qspec));
	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(path)) {
		snprintf(L->err->msg, sizeof(L->err->msg),
			 "--set %s: expected PATH=VALUE (e.g. nics.0.rx_ring=1024)", qspec);
		return RXSIM_EINPUT;
	}
	memcpy(path, spec, (size_t)(eq - spec));
	path[eq - spec] = '\0';
	n = split_set_path(path, segs, store, 16);
	if (n <= 0) {
		snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: bad path %s", qspec,
			 param_quote(path, 100, qseg, sizeof(qseg)));
		return RXSIM_EINPUT;
	}
	if (path[0] != '/' && strcmp(segs[0], "expect") && strcmp(segs[0], "sweep") &&
	    !known_key(&scenario_root, segs[0])) {
		char near[256];

		if (find_by_suffix(&scenario_root, "", path, near, sizeof(near))) {
			snprintf(L->err->msg, sizeof(L->err->msg),
				 "--set %s: no key \"%s\" at the top level (did you mean \"%s\"?)",
				 spec, path, near);
			return RXSIM_EINPUT;
		}
	}
	*ptr_out = malloc(512);
	if (!*ptr_out)
		return RXSIM_EINTERNAL;
	(*ptr_out)[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(*ptr_out + off, 512 - (off < 512 ? off : 512), "/%s",
					segs[i]);
	{
		const struct param *p = param_at(segs, n);

		/* Names and versions stay text: "6.10" must not become 6.1; so do
		 * integers beyond 2^53 (a seed), which a double would round. */
		if (p && (p->type == PT_STRING || p->type == PT_KVER ||
			  (scenario__int_as_string(p) && eq[1] && strspn(eq + 1, "0123456789") ==
			   strlen(eq + 1))))
			val = cJSON_CreateString(eq + 1);
		else if (!(val = cJSON_ParseWithOpts(eq + 1, NULL, 1)))
			val = cJSON_CreateString(eq + 1);
	}
	if (!val)
		return RXSIM_EINTERNAL;
	i = set_at(L, node, segs, n, val, qspec, NULL);
	cJSON_Delete(val);
	return i;
}

/* @path was given by --set, or lies inside a value given by --set. */
bool scenario__path_from_set(const struct loader *L, const char *path)
{
	int i;

	for (i = 0; i < L->nsets; i++) {
		const char *s = L->set_paths[i], *q = path;

		if (!s || !*s)
			continue;
		/* segment by segment ("/name"); "*" (every element) matches any one */
		while (*s == '/' && *q == '/') {
			size_t sl = strcspn(s + 1, "/") + 1, ql = strcspn(q + 1, "/") + 1;
			bool star = sl == 2 && s[1] == '*';

			if (!star && (sl != ql || strncmp(s, q, sl)))
				break;
			s += sl;
			q += ql;
		}
		if (!*s)
			return true;
	}
	return false;
}

/* A message of scenario_resolve() ("FILE: /PATH: what") about a key that
 * came from --set says so too. */
void scenario__mark_from_set(struct loader *L)
{
	size_t n = strlen(L->file), len = strlen(L->err->msg);
	const char *path = L->err->msg + n + 2, *end;
	char buf[256];

	if (strncmp(L->err->msg, L->file, n) || strncmp(L->err->msg + n, ": /", 3) ||
	    !(end = strstr(path, ": ")) || (size_t)(end - path) >= sizeof(buf))
		return;
	memcpy(buf, path, (size_t)(end - path));
	buf[end - path] = '\0';
	if (scenario__path_from_set(L, buf))
		snprintf(L->err->msg + len, sizeof(L->err->msg) - len, " (from --set)");
}
