/* SPDX-License-Identifier: MIT */
/*
 * trace_csv.c - traces from other tools as CSV, one packet per line:
 *
 *     t_ns,size,proto,src,src_port,dst,dst_port
 *     0,64,udp,10.0.0.1,40000,192.168.0.1,9000
 *     1.5us,1518,tcp,2001:db8::1,443,2001:db8::2,51000
 *
 * The header line is optional; its first column (t_ps, t_ns, t_us, t_ms or
 * t_s) is the unit of plain times, nanoseconds without a header.  A time
 * may also carry its own unit ("1.5us").  Times are taken relative to the
 * first line, in integer arithmetic with 128 bits, so epoch timestamps
 * ("1700000000.123456789" with t_s) work.  size is the Ethernet frame with
 * its FCS, 64..9018.  proto is udp, tcp or an IP protocol number; lines of
 * other protocols are counted as skipped.  Blank lines and lines starting
 * with '#' are ignored.  Any other deviation is an error naming the line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/quote.h"
#include "rxsim/scenario.h"
#include "rxsim/trace.h"
#include "rxsim/traffic.h"
#include "rxsim/units.h"

#define LINE_MAX_LEN	1024
#define NFIELDS		7

typedef __int128 i128;

struct csv_src {
	FILE *f;
	uint64_t line;
	i128 unit_ps;			/* of a plain time */
	bool started;			/* a header or record was seen */
	bool have_t0;
	i128 t0;
	sim_time_t last;
	char path[4096];
	char buf[LINE_MAX_LEN + 2];
};

static const struct {
	const char *name;
	int64_t ps;
} time_units[] = {
	{ "ps", 1 }, { "ns", 1000 }, { "us", 1000000 }, { "ms", 1000000000 },
	{ "s", 1000000000000 },
};

#define CERR(...) do { \
	int n_ = snprintf(err, errlen, "%s:%llu: ", cs->path, (unsigned long long)cs->line); \
	snprintf(err + n_, errlen - (size_t)n_, __VA_ARGS__); \
	return -1; } while (0)

/* Read one line without its end; 1 ok, 0 EOF, -1 error. */
static int read_line(struct csv_src *cs, char *err, size_t errlen)
{
	size_t n = 0;
	int c = getc(cs->f);

	if (c == EOF && !ferror(cs->f))
		return 0;
	cs->line++;
	while (c != EOF && c != '\n') {
		if (n >= LINE_MAX_LEN)
			CERR("line longer than %d bytes (not a CSV trace?)", LINE_MAX_LEN);
		if (c == 0 || (c < 0x20 && c != '\t' && c != '\r'))
			CERR("control character 0x%02x (not a CSV text file?)", c);
		cs->buf[n++] = (char)c;
		c = getc(cs->f);
	}
	if (ferror(cs->f)) {
		snprintf(err, errlen, "%s: read error: %s", cs->path, strerror(errno));
		return -1;
	}
	if (n && cs->buf[n - 1] == '\r')
		n--;
	cs->buf[n] = '\0';
	return 1;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static int split(char *line, char **f)
{
	int n = 0;

	for (;;) {
		char *c = strchr(line, ',');

		if (c)
			*c = '\0';
		if (n < NFIELDS)
			f[n] = trim(line);
		n++;
		if (!c)
			return n;
		line = c + 1;
	}
}

static bool blank_or_comment(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s || *s == '#';
}

/* DIGITS[.DIGITS][UNIT] -> ps; NULL or why */
static const char *parse_time(const char *s, i128 plain_ps, i128 *out)
{
	i128 ip = 0, frac = 0, scale = 1, unit = plain_ps;
	const char *p = s;
	size_t i;
	int nd = 0;

	if (*p < '0' || *p > '9')
		return "expected a non-negative number with an optional unit (ps, ns, us, ms, s)";
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++nd > 24)
			return "too many digits";
		ip = ip * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return "missing digit after '.'";
		for (nd = 0; *p >= '0' && *p <= '9'; p++) {
			if (++nd > 18)
				return "too many fractional digits";
			frac = frac * 10 + (*p - '0');
			scale *= 10;
		}
	}
	if (*p) {
		for (i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++)
			if (!strcmp(p, time_units[i].name))
				break;
		if (i == sizeof(time_units) / sizeof(time_units[0]))
			return "unknown unit (use ps, ns, us, ms or s)";
		unit = time_units[i].ps;
	}
	if ((frac * unit) % scale)
		return "finer than 1 ps";
	*out = ip * unit + frac * unit / scale;
	return NULL;
}

static const char *const header_names[NFIELDS] = {
	NULL, "size", "proto", "src", "src_port", "dst", "dst_port",
};

#define HEADER_HELP "t_ns,size,proto,src,src_port,dst,dst_port (or t_ps, t_us, t_ms, t_s first)"

static int parse_header(struct csv_src *cs, char **f, int n, char *err, size_t errlen)
{
	size_t i;
	int k;
	char q[200];

	if (n != NFIELDS)
		CERR("header: expected %s", HEADER_HELP);
	for (i = 0; i < sizeof(time_units) / sizeof(time_units[0]); i++)
		if (!strncmp(f[0], "t_", 2) && !strcmp(f[0] + 2, time_units[i].name))
			break;
	if (i == sizeof(time_units) / sizeof(time_units[0]))
		CERR("header: first column %s: expected %s", msg_quote(f[0], 40, q, sizeof(q)),
		     HEADER_HELP);
	cs->unit_ps = time_units[i].ps;
	for (k = 1; k < NFIELDS; k++)
		if (strcmp(f[k], header_names[k]))
			CERR("header: column %d %s: expected %s", k + 1,
			     msg_quote(f[k], 40, q, sizeof(q)), HEADER_HELP);
	return 0;
}

static int csv_next(void *ctx, struct trace_pkt *out, char *err, size_t errlen)
{
	struct csv_src *cs = ctx;
	char *f[NFIELDS];
	unsigned long v, sp, dp;
	uint8_t fam2;
	const char *why;
	i128 t, rel;
	int rc, n;
	char q[200];

	for (;;) {
		rc = read_line(cs, err, errlen);
		if (rc <= 0)
			return rc;
		if (blank_or_comment(cs->buf))
			continue;
		n = split(cs->buf, f);
		if (!cs->started && ((f[0][0] >= 'a' && f[0][0] <= 'z') ||
				     (f[0][0] >= 'A' && f[0][0] <= 'Z'))) {
			if (parse_header(cs, f, n, err, errlen))
				return -1;
			cs->started = true;
			continue;
		}
		cs->started = true;
		break;
	}
	if (n != NFIELDS)
		CERR("expected %d fields (time,size,proto,src,src_port,dst,dst_port), got %d",
		     NFIELDS, n);
	memset(out, 0, sizeof(*out));
	out->number = cs->line;
	why = parse_time(f[0], cs->unit_ps, &t);
	if (why)
		CERR("time %s: %s", msg_quote(f[0], 40, q, sizeof(q)), why);
	if (units_parse_count(f[1], 65535, &v) || v < TRACE_MIN_FRAME || v > TRACE_MAX_FRAME)
		CERR("size %s: expected %d..%d (the Ethernet frame with its FCS)",
		     msg_quote(f[1], 40, q, sizeof(q)),
		     TRACE_MIN_FRAME, TRACE_MAX_FRAME);
	out->size = (uint32_t)v;
	if (!strcmp(f[2], "udp") || !strcmp(f[2], "UDP"))
		v = FLOW_UDP;
	else if (!strcmp(f[2], "tcp") || !strcmp(f[2], "TCP"))
		v = FLOW_TCP;
	else if (units_parse_count(f[2], 255, &v))
		CERR("proto %s: expected udp, tcp or an IP protocol number 0..255",
		     msg_quote(f[2], 40, q, sizeof(q)));
	if (traffic_parse_ip(f[3], out->tuple.saddr, &out->tuple.family))
		CERR("src %s: not an IPv4 or IPv6 address", msg_quote(f[3], 60, q, sizeof(q)));
	if (units_parse_count(f[4], 65535, &sp))
		CERR("src_port %s: expected 0..65535", msg_quote(f[4], 40, q, sizeof(q)));
	if (traffic_parse_ip(f[5], out->tuple.daddr, &fam2))
		CERR("dst %s: not an IPv4 or IPv6 address", msg_quote(f[5], 60, q, sizeof(q)));
	if (fam2 != out->tuple.family)
		CERR("dst is %s but src is %s", fam2 == FLOW_IPV4 ? "IPv4" : "IPv6",
		     out->tuple.family == FLOW_IPV4 ? "IPv4" : "IPv6");
	if (units_parse_count(f[6], 65535, &dp))
		CERR("dst_port %s: expected 0..65535", msg_quote(f[6], 40, q, sizeof(q)));
	out->tuple.sport = (uint16_t)sp;
	out->tuple.dport = (uint16_t)dp;
	out->tuple.proto = (uint8_t)v;
	if (v != FLOW_UDP && v != FLOW_TCP)
		out->skip = TRACE_SKIP_NOT_UDP_TCP;
	if (!cs->have_t0) {
		cs->have_t0 = true;
		cs->t0 = t;
	}
	rel = t - cs->t0;
	if (rel > (i128)(SIM_TIME_MAX / 4))
		CERR("time %s: too far after the first line (more than 26 days)",
		     msg_quote(f[0], 40, q, sizeof(q)));
	out->t = rel < 0 ? 0 : (sim_time_t)rel;
	if (out->t < cs->last) {
		out->t = cs->last;
		out->clamped = 1;
	}
	cs->last = out->t;
	return 1;
}

static int csv_rewind(void *ctx, char *err, size_t errlen)
{
	struct csv_src *cs = ctx;

	if (fseek(cs->f, 0, SEEK_SET)) {
		snprintf(err, errlen, "%s: cannot rewind: %s", cs->path, strerror(errno));
		return -1;
	}
	cs->line = 0;
	cs->last = 0;
	cs->started = false;
	return 0;
}

static void csv_close(void *ctx)
{
	struct csv_src *cs = ctx;

	if (cs->f)
		fclose(cs->f);
	free(cs);
}

static const struct pkt_source_ops csv_ops = {
	.name = "csv",
	.next = csv_next,
	.rewind = csv_rewind,
	.close = csv_close,
};

int trace_csv_open(const char *path, struct pkt_source *out, char *err, size_t errlen)
{
	struct csv_src *cs = calloc(1, sizeof(*cs));

	if (!cs) {
		snprintf(err, errlen, "%s: out of memory", path);
		return RXSIM_EINTERNAL;
	}
	snprintf(cs->path, sizeof(cs->path), "%s", path);
	cs->unit_ps = 1000;
	cs->f = fopen(path, "rb");
	if (!cs->f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		free(cs);
		return RXSIM_EINPUT;
	}
	out->ops = &csv_ops;
	out->ctx = cs;
	return 0;
}
