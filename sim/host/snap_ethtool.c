/* SPDX-License-Identifier: MIT */
/*
 * snap_ethtool.c - ethtool's text output as a snapshot holds it (stdout
 * and stderr of one call): -i and -S ("key: value"), -g and -l (maximums
 * and current settings), -c (coalescing), -x (indirection table and key,
 * ethtool's print_indir_table / print_rss_hkey) and -n rx-flow-hash
 * (dump_rxfhash).  An output that says the operation is not supported is
 * the caller's to skip (snap_unsupported), never parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/hostsnap.h"
#include "snap_int.h"

/* ethtool's own header line, "Ring parameters for eth0:" */
static bool header_line(const char *s)
{
	size_t n = strlen(s);

	return n && s[n - 1] == ':' && (strstr(s, " for ") || !strcmp(s, "NIC statistics:"));
}

int snap_parse_colon(const char *name, const char *text, struct snap_kvlist *out,
		     struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };

	while (snap__next_line(&L)) {
		char *s = snap__trim(L.buf), *colon;

		if (!*s || header_line(s))
			continue;
		/* "bus-info: 0000:3b:00.0": the first ": " splits key and value */
		if ((colon = strstr(s, ": ")) == NULL) {
			size_t n = strlen(s);

			if (n > 1 && s[n - 1] == ':')
				colon = s + n - 1;
			else
				return snap_error(err, name, L.line, "expected \"key: value\", got "
						  "\"%.40s\"", s);
		}
		*colon = '\0';
		if (snap_kv_add(out, snap__trim(s), colon[1] ? snap__trim(colon + 2) : "", L.line))
			return RXSIM_EINTERNAL;
	}
	return 0;
}

static bool numeric_key(const char *k)
{
	static const char *const keys[] = { "RX", "RX Mini", "RX Jumbo", "TX", "Other",
					    "Combined", NULL };
	int i;

	for (i = 0; keys[i]; i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

int snap_parse_sections(const char *name, const char *text, struct snap_sections *out,
			struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	struct snap_kvlist *cur = NULL;

	while (snap__next_line(&L)) {
		char *s = snap__trim(L.buf), *colon, *v;
		uint64_t n;

		if (!*s || header_line(s))
			continue;
		if (!strcmp(s, "Pre-set maximums:")) {
			cur = &out->max;
			continue;
		}
		if (!strcmp(s, "Current hardware settings:")) {
			cur = &out->cur;
			continue;
		}
		colon = strchr(s, ':');
		if (!colon || !cur)
			return snap_error(err, name, L.line, "expected \"Pre-set maximums:\", "
					  "\"Current hardware settings:\" or \"NAME: value\", got "
					  "\"%.40s\"", s);
		*colon = '\0';
		v = snap__trim(colon + 1);
		s = snap__trim(s);
		if (!strcmp(v, "n/a"))
			continue;
		if (numeric_key(s) && !snap__u64(v, 10, &n))
			return snap_error(err, name, L.line, "%s: expected a number or n/a, got "
					  "\"%.40s\"", s, v);
		if (snap_kv_add(cur, s, v, L.line))
			return RXSIM_EINTERNAL;
	}
	if (!out->cur.n)
		return snap_error(err, name, 0, "no \"Current hardware settings:\" values");
	return 0;
}

void snap_sections_free(struct snap_sections *s)
{
	snap_kv_free(&s->max);
	snap_kv_free(&s->cur);
}

/* "Adaptive RX: on  TX: off" and "CQE mode RX: on  TX: off": two pairs */
static int pair_line(const char *name, int line, char *s, const char *prefix,
		     struct snap_kvlist *out, struct rxsim_err *err)
{
	char *w[8], key[64];
	int n = snap__words(s + strlen(prefix), w, 8);

	if (n != 4 || strcmp(w[0], "RX:") || strcmp(w[2], "TX:"))
		return snap_error(err, name, line, "expected \"%s RX: on|off  TX: on|off\"", prefix);
	snprintf(key, sizeof(key), "%s RX", prefix);
	if (strcmp(w[1], "on") && strcmp(w[1], "off") && strcmp(w[1], "n/a"))
		return snap_error(err, name, line, "%s: expected on, off or n/a, got \"%.20s\"",
				  key, w[1]);
	if (strcmp(w[1], "n/a") && snap_kv_add(out, key, w[1], line))
		return RXSIM_EINTERNAL;
	return 0;
}

int snap_parse_coalesce(const char *name, const char *text, struct snap_kvlist *out,
			struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	int rc, got = 0;

	while (snap__next_line(&L)) {
		char *s = snap__trim(L.buf), *colon, *v;
		uint64_t n;

		if (!*s || header_line(s))
			continue;
		if (!strncmp(s, "Adaptive ", 9) || !strncmp(s, "CQE mode ", 9)) {
			rc = pair_line(name, L.line, s, s[0] == 'A' ? "Adaptive" : "CQE mode", out,
				       err);
			if (rc)
				return rc;
			got++;
			continue;
		}
		colon = strchr(s, ':');
		if (!colon)
			return snap_error(err, name, L.line, "expected \"name: value\", got \"%.40s\"",
					  s);
		*colon = '\0';
		v = snap__trim(colon + 1);
		if (!strcmp(v, "n/a"))
			continue;
		if (!snap__u64(v, 10, &n))
			return snap_error(err, name, L.line, "%s: expected a number or n/a, got "
					  "\"%.40s\"", s, v);
		if (snap_kv_add(out, snap__trim(s), v, L.line))
			return RXSIM_EINTERNAL;
		got++;
	}
	if (!got)
		return snap_error(err, name, 0, "no coalescing parameters");
	return 0;
}

int snap_parse_rxfh(const char *name, const char *text, struct snap_rxfh *out,
		    struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	enum { NONE, INDIR, KEY, FUNC } sec = NONE;

	memset(out, 0, sizeof(*out));
	out->rings = -1;
	while (snap__next_line(&L)) {
		char *s = snap__trim(L.buf);
		const char *with;

		if (!*s)
			continue;
		if (!strncmp(s, "RX flow hash indirection table for ", 35)) {
			unsigned r;

			with = strstr(s, " with ");
			if (!with || sscanf(with, " with %u RX ring", &r) != 1)
				return snap_error(err, name, L.line, "expected \"... with N RX "
						  "ring(s):\"");
			out->rings = (int)r;
			sec = INDIR;
			continue;
		}
		if (!strcmp(s, "RSS hash key:")) {
			sec = KEY;
			continue;
		}
		if (!strcmp(s, "RSS hash function:") || !strcmp(s, "RSS input transformation:")) {
			sec = FUNC;
			continue;
		}
		if (snap_unsupported(s) || sec == FUNC)
			continue;
		if (sec == INDIR) {
			char *w[10];
			int n = snap__words(s, w, 10), i;
			uint64_t at, q;

			if (n < 2 || w[0][strlen(w[0]) - 1] != ':')
				return snap_error(err, name, L.line, "expected \"N: queue queue ...\"");
			w[0][strlen(w[0]) - 1] = '\0';
			if (!snap__u64(w[0], 10, &at) || at != (uint64_t)out->n_indir)
				return snap_error(err, name, L.line, "expected the row of entry %d, got "
						  "\"%.10s:\"", out->n_indir, w[0]);
			if (!out->n_indir)
				out->indir_line = L.line;
			for (i = 1; i < n; i++) {
				if (!snap__u64(w[i], 10, &q) || q > 65535)
					return snap_error(err, name, L.line, "expected a queue number, "
							  "got \"%.10s\"", w[i]);
				if (out->n_indir >= 512)
					return snap_error(err, name, L.line, "more than 512 entries");
				out->indir[out->n_indir++] = (uint16_t)q;
			}
			continue;
		}
		if (sec == KEY) {
			size_t n = strlen(s), i;

			if (out->key[0] || n >= sizeof(out->key) || n % 3 != 2)
				return snap_error(err, name, L.line, "expected the key as hex bytes "
						  "\"6d:5a:...\"");
			for (i = 0; i < n; i++)
				if ((i % 3 == 2) ? s[i] != ':' :
				    !strchr("0123456789abcdefABCDEF", s[i]))
					return snap_error(err, name, L.line, "expected the key as hex "
							  "bytes \"6d:5a:...\"");
			memcpy(out->key, s, n + 1);
			out->key_bytes = (int)(n + 1) / 3;
			out->key_line = L.line;
			continue;
		}
		return snap_error(err, name, L.line, "expected \"RX flow hash indirection table "
				  "for ...\", got \"%.40s\"", s);
	}
	if (out->rings < 0)
		return snap_error(err, name, 0, "no \"RX flow hash indirection table\" line");
	return 0;
}

int snap_parse_flowhash(const char *name, const char *text, int *fields, int *line,
			struct rxsim_err *err)
{
	static const struct { const char *label; int bit; } labels[] = {
		{ "L2DA", RXH_F_L2DA }, { "VLAN tag", RXH_F_VLAN }, { "L3 proto", RXH_F_L3 },
		{ "IP SA", RXH_F_SA }, { "IP DA", RXH_F_DA },
		{ "L4 bytes 0 & 1 [TCP/UDP src port]", RXH_F_L4_01 },
		{ "L4 bytes 2 & 3 [TCP/UDP dst port]", RXH_F_L4_23 },
	};
	struct snap_lines L = { .p = text };
	bool head = false;

	*fields = -1;
	*line = 0;
	while (snap__next_line(&L)) {
		char *s = snap__trim(L.buf);
		size_t i;

		if (!*s)
			continue;
		if (strstr(s, " flows use these fields for computing Hash flow key:")) {
			head = true;
			*fields = 0;
			*line = L.line;
			continue;
		}
		if (!head)
			return snap_error(err, name, L.line, "expected \"... flows use these fields "
					  "for computing Hash flow key:\"");
		if (!strcmp(s, "None"))
			continue;
		for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
			if (!strcmp(s, labels[i].label))
				break;
		if (i == sizeof(labels) / sizeof(labels[0]))
			return snap_error(err, name, L.line, "unknown hash field \"%.40s\"", s);
		*fields |= labels[i].bit;
	}
	if (!head)
		return snap_error(err, name, 0, "no \"flows use these fields\" line");
	return 0;
}
