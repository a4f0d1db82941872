/* SPDX-License-Identifier: MIT */
/*
 * snap_proc.c - the /proc files of a snapshot, in the formats the kernel
 * writes them: /proc/stat (fs/proc/stat.c show_stat), softnet_stat
 * (net/core/net-procfs.c softnet_seq_show), /proc/softirqs
 * (fs/proc/softirqs.c), /proc/interrupts (kernel/irq/proc.c
 * show_interrupts), /proc/net/snmp and netstat (net/ipv4/proc.c), and
 * the sysctl -a lines and the snapshot's meta file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/hostsnap.h"
#include "snap_int.h"

bool snap__next_line(struct snap_lines *L)
{
	size_t n;

	if (!L->p || !*L->p)
		return false;
	n = strcspn(L->p, "\n");
	L->long_line = n >= sizeof(L->buf);
	if (L->long_line)
		n = sizeof(L->buf) - 1;
	memcpy(L->buf, L->p, n);
	L->buf[n] = '\0';
	if (n && L->buf[n - 1] == '\r')
		L->buf[n - 1] = '\0';
	L->p += strcspn(L->p, "\n");
	if (*L->p)
		L->p++;
	L->line++;
	return true;
}

int snap__words(char *s, char **w, int max)
{
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (n < max)
			w[n] = s;
		n++;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n < max ? n : max;
}

bool snap__u64(const char *s, int base, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!*s || (base == 10 ? !isdigit((unsigned char)*s) : !isxdigit((unsigned char)*s)))
		return false;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

bool snap__i64(const char *s, int64_t *v)
{
	char *end;
	long long x;

	if (!*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

char *snap__trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static struct snap_cpu *cpu_of(struct snap_counters *c, unsigned long idx)
{
	if (!c->cpu) {
		c->cpu = calloc(RXSIM_MAX_CPUS, sizeof(*c->cpu));
		if (!c->cpu)
			return NULL;
	}
	if ((int)idx + 1 > c->ncpus)
		c->ncpus = (int)idx + 1;
	return &c->cpu[idx];
}

/* "cpuN user nice system idle iowait irq softirq steal guest guest_nice",
 * in USER_HZ ticks (show_stat); the first line "cpu" is the sum. */
int snap_parse_stat(const char *name, const char *text, struct snap_counters *c,
		    struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	bool any = false;

	while (snap__next_line(&L)) {
		char *w[16];
		int n = snap__words(L.buf, w, 16), i;
		uint64_t idx;
		struct snap_cpu *cpu;

		if (n == 0 || strncmp(w[0], "cpu", 3) || !w[0][3])
			continue;
		if (!snap__u64(w[0] + 3, 10, &idx))
			return snap_error(err, name, L.line, "expected cpuN, got \"%.20s\"", w[0]);
		if (idx >= RXSIM_MAX_CPUS)
			return snap_error(err, name, L.line, "CPU %llu: rxsim models at most %d CPUs",
					  (unsigned long long)idx, RXSIM_MAX_CPUS);
		if (n < 1 + ST_SOFTIRQ + 1)
			return snap_error(err, name, L.line, "expected at least %d tick counts after "
					  "%s, got %d", ST_SOFTIRQ + 1, w[0], n - 1);
		if (!(cpu = cpu_of(c, (unsigned long)idx)))
			return RXSIM_EINTERNAL;
		for (i = 0; i < ST__N && i + 1 < n; i++)
			if (!snap__u64(w[i + 1], 10, &cpu->stat[i]))
				return snap_error(err, name, L.line, "%s: expected a tick count, got "
						  "\"%.20s\"", w[0], w[i + 1]);
		cpu->has_stat = true;
		any = true;
	}
	if (!any)
		return snap_error(err, name, 0, "no cpuN lines");
	c->has_stat = true;
	return 0;
}

/* One line per online CPU, hex fields: processed, dropped, time_squeeze,
 * five zeros, cpu_collision, received_rps, flow_limit_count, then (5.10+)
 * backlog length and the CPU's index, then (6.9+) input_qlen and
 * process_qlen.  Without the index, line i is the i-th CPU. */
int snap_parse_softnet(const char *name, const char *text, struct snap_counters *c,
		       struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	unsigned long row = 0;

	while (snap__next_line(&L)) {
		char *w[32];
		uint64_t v[32];
		int n = snap__words(L.buf, w, 32), i;
		struct snap_cpu *cpu;
		unsigned long idx = row++;

		if (n == 0)
			return snap_error(err, name, L.line, "empty line");
		if (n < 11)
			return snap_error(err, name, L.line, "expected at least 11 hex fields "
					  "(processed dropped time_squeeze ...), got %d "
					  "(truncated?)", n);
		for (i = 0; i < n; i++)
			if (!snap__u64(w[i], 16, &v[i]))
				return snap_error(err, name, L.line, "field %d: expected hex digits, "
						  "got \"%.20s\"", i + 1, w[i]);
		if (n >= 13)
			idx = (unsigned long)v[12];
		if (idx >= RXSIM_MAX_CPUS)
			return snap_error(err, name, L.line, "CPU %lu: rxsim models at most %d CPUs",
					  idx, RXSIM_MAX_CPUS);
		if (!(cpu = cpu_of(c, idx)))
			return RXSIM_EINTERNAL;
		cpu->processed = v[0];
		cpu->dropped = v[1];
		cpu->time_squeeze = v[2];
		cpu->received_rps = v[9];
		cpu->flow_limit_count = v[10];
		cpu->has_softnet = true;
	}
	if (!row)
		return snap_error(err, name, 0, "empty");
	c->has_softnet = true;
	return 0;
}

/* The header of /proc/softirqs and /proc/interrupts: "CPU0 CPU1 ..." (only
 * the online CPUs are columns); their numbers into @col. */
static int cpu_header(const char *name, struct snap_lines *L, int *col, int max,
		      struct rxsim_err *err)
{
	char *w[RXSIM_MAX_CPUS + 1];
	int n, i;
	uint64_t idx;

	if (!snap__next_line(L))
		return snap_error(err, name, 0, "empty");
	n = snap__words(L->buf, w, RXSIM_MAX_CPUS + 1);
	if (n == 0 || n > max)
		return snap_error(err, name, L->line, "expected a header CPU0 CPU1 ... (at most "
				  "%d), got %d words", max, n);
	for (i = 0; i < n; i++) {
		if (strncmp(w[i], "CPU", 3) || !snap__u64(w[i] + 3, 10, &idx) ||
		    idx >= RXSIM_MAX_CPUS)
			return snap_error(err, name, L->line, "expected CPUn in the header, got "
					  "\"%.20s\"", w[i]);
		col[i] = (int)idx;
	}
	return n;
}

int snap_parse_softirqs(const char *name, const char *text, struct snap_counters *c,
			struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	int col[RXSIM_MAX_CPUS];
	int ncol = cpu_header(name, &L, col, RXSIM_MAX_CPUS, err), i;

	if (ncol < 0)
		return ncol;
	while (snap__next_line(&L)) {
		char *w[RXSIM_MAX_CPUS + 2];
		int n = snap__words(L.buf, w, RXSIM_MAX_CPUS + 2);

		if (n == 0 || strcmp(w[0], "NET_RX:"))
			continue;
		if (n - 1 != ncol)
			return snap_error(err, name, L.line, "NET_RX: expected %d counts (one per "
					  "CPU of the header), got %d", ncol, n - 1);
		for (i = 0; i < ncol; i++) {
			struct snap_cpu *cpu = cpu_of(c, (unsigned long)col[i]);

			if (!cpu)
				return RXSIM_EINTERNAL;
			if (!snap__u64(w[i + 1], 10, &cpu->net_rx))
				return snap_error(err, name, L.line, "NET_RX: expected a count, got "
						  "\"%.20s\"", w[i + 1]);
			cpu->has_net_rx = true;
		}
		c->has_softirqs = true;
		return 0;
	}
	return snap_error(err, name, 0, "no NET_RX line");
}

/* "  N:  count per CPU column  chip  hwirq-edge  action[, action]"; the
 * named rows (NMI:, LOC: ...) are not device interrupts. */
int snap_parse_interrupts(const char *name, const char *text, struct snap_counters *c,
			  struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };
	int col[RXSIM_MAX_CPUS];
	int ncol = cpu_header(name, &L, col, RXSIM_MAX_CPUS, err), i;

	if (ncol < 0)
		return ncol;
	while (snap__next_line(&L)) {
		char *w[RXSIM_MAX_CPUS + 16];
		int n = snap__words(L.buf, w, RXSIM_MAX_CPUS + 16);
		size_t len;
		uint64_t irq;
		struct snap_irq *q;

		if (n == 0)
			continue;
		len = strlen(w[0]);
		if (len < 2 || w[0][len - 1] != ':')
			return snap_error(err, name, L.line, "expected \"N:\" or a name and a colon, "
					  "got \"%.20s\"", w[0]);
		w[0][len - 1] = '\0';
		if (!isdigit((unsigned char)w[0][0]))
			continue;
		if (!snap__u64(w[0], 10, &irq) || irq > 1000000)
			return snap_error(err, name, L.line, "expected an IRQ number, got \"%.20s\"",
					  w[0]);
		if (n < 1 + ncol)
			return snap_error(err, name, L.line, "IRQ %s: expected %d counts (one per "
					  "CPU of the header), got %d", w[0], ncol, n - 1);
		if (c->nirqs == c->irq_cap) {
			int cap = c->irq_cap ? 2 * c->irq_cap : 64;
			struct snap_irq *nv = realloc(c->irqs, (size_t)cap * sizeof(*nv));

			if (!nv)
				return RXSIM_EINTERNAL;
			c->irqs = nv;
			c->irq_cap = cap;
		}
		q = &c->irqs[c->nirqs++];
		memset(q, 0, sizeof(*q));
		q->irq = (int)irq;
		for (i = 0; i < ncol; i++) {
			uint64_t v;
			struct snap_cpu *cpu = cpu_of(c, (unsigned long)col[i]);

			if (!cpu)
				return RXSIM_EINTERNAL;
			if (!snap__u64(w[i + 1], 10, &v))
				return snap_error(err, name, L.line, "IRQ %s: expected a count, got "
						  "\"%.20s\"", w[0], w[i + 1]);
			q->total += v;
			cpu->hardirqs += v;
		}
		if (n > ncol + 1)
			snprintf(q->name, sizeof(q->name), "%s", w[n - 1]);
	}
	c->has_interrupts = true;
	return 0;
}

/* The snapshot's irq_affinity: "N LIST" (/proc/irq/N/smp_affinity_list). */
int snap_parse_irq_affinity(const char *name, const char *text, struct snap_counters *c,
			    struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };

	while (snap__next_line(&L)) {
		char *w[4];
		int n = snap__words(L.buf, w, 4), i;
		uint64_t irq;

		if (n == 0)
			continue;
		if (n != 2 || !snap__u64(w[0], 10, &irq))
			return snap_error(err, name, L.line, "expected \"IRQ CPULIST\"");
		for (i = 0; i < c->nirqs; i++)
			if (c->irqs[i].irq == (int)irq)
				snprintf(c->irqs[i].affinity, sizeof(c->irqs[i].affinity), "%s", w[1]);
	}
	return 0;
}

/* "Proto: Name Name ..." then "Proto: value value ..." (snmp_seq_show). */
int snap_parse_snmp(const char *name, const char *text, struct snap_kvlist *out,
		    struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };

	while (snap__next_line(&L)) {
		char hdr[8192], *hw[512], *vw[512];
		int hn, vn, i, hline = L.line;

		if (!*snap__trim(L.buf))
			continue;
		snprintf(hdr, sizeof(hdr), "%s", L.buf);
		hn = snap__words(hdr, hw, 512);
		if (hn < 2 || hw[0][strlen(hw[0]) - 1] != ':')
			return snap_error(err, name, L.line, "expected \"Proto: Name Name ...\"");
		if (!snap__next_line(&L))
			return snap_error(err, name, hline, "%s header without its value line",
					  hw[0]);
		vn = snap__words(L.buf, vw, 512);
		if (vn == 0 || strcmp(hw[0], vw[0]))
			return snap_error(err, name, L.line, "expected the values of \"%s\"", hw[0]);
		if (vn != hn)
			return snap_error(err, name, L.line, "%s expected %d values (as its header), "
					  "got %d", hw[0], hn - 1, vn - 1);
		hw[0][strlen(hw[0]) - 1] = '\0';
		for (i = 1; i < hn; i++) {
			char key[256];
			int64_t v;

			if (!snap__i64(vw[i], &v))
				return snap_error(err, name, L.line, "%s.%s: expected an integer, got "
						  "\"%.20s\"", hw[0], hw[i], vw[i]);
			snprintf(key, sizeof(key), "%s.%s", hw[0], hw[i]);
			if (snap_kv_add(out, key, vw[i], L.line))
				return RXSIM_EINTERNAL;
		}
	}
	return 0;
}

int snap_parse_sysctl(const char *name, const char *text, struct snap_kvlist *out,
		      struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };

	while (snap__next_line(&L)) {
		char *eq = strstr(L.buf, " = ");
		char *k = snap__trim(L.buf);

		if (!*k)
			continue;
		if (!eq) {
			/* an empty value: "net.ipv4.tcp_fastopen_key =" */
			size_t n = strlen(k);

			if (n > 2 && !strcmp(k + n - 2, " ="))
				eq = k + n - 2;
			else
				return snap_error(err, name, L.line, "expected \"key = value\"");
		}
		*eq = '\0';
		if (snap_kv_add(out, snap__trim(k), eq[1] ? snap__trim(eq + 3) : "", L.line))
			return RXSIM_EINTERNAL;
	}
	return 0;
}

int snap_parse_words(const char *name, const char *text, struct snap_kvlist *out,
		     struct rxsim_err *err)
{
	struct snap_lines L = { .p = text };

	while (snap__next_line(&L)) {
		char *k = snap__trim(L.buf), *sp;

		if (!*k)
			continue;
		sp = strpbrk(k, " \t");
		if (!sp)
			return snap_error(err, name, L.line, "expected \"key value\"");
		*sp = '\0';
		if (snap_kv_add(out, k, snap__trim(sp + 1), L.line))
			return RXSIM_EINTERNAL;
	}
	return 0;
}

/* Read @rel with @fn; absent: *@has stays false. */
static int read_with(const struct snap *s, const char *rel, struct snap_counters *c,
		     int (*fn)(const char *, const char *, struct snap_counters *,
			       struct rxsim_err *), struct rxsim_err *err)
{
	char name[1200], *text;
	int rc = snap_read(s, rel, &text, name, sizeof(name), err);

	if (rc)
		return rc > 0 ? 0 : rc;
	rc = fn(name, text, c, err);
	free(text);
	return rc;
}

static int read_kv(const struct snap *s, const char *rel, struct snap_kvlist *l,
		   int (*fn)(const char *, const char *, struct snap_kvlist *, struct rxsim_err *),
		   struct rxsim_err *err, bool *has)
{
	char name[1200], *text;
	int rc = snap_read(s, rel, &text, name, sizeof(name), err);

	if (rc)
		return rc > 0 ? 0 : rc;
	rc = fn(name, text, l, err);
	free(text);
	if (!rc && has)
		*has = true;
	return rc;
}

static int seconds(const char *name, const struct snap_kv *kv, double *out, struct rxsim_err *err)
{
	char *end;

	errno = 0;
	*out = strtod(kv->val, &end);
	if (errno || end == kv->val || (*end && *end != ' ') || *out < 0)
		return snap_error(err, name, kv->line, "%s: expected seconds, got \"%.30s\"",
				  kv->key, kv->val);
	return 0;
}

int snap_read_counters(const struct snap *s, struct snap_counters *c, struct rxsim_err *err)
{
	struct snap_kvlist meta = { 0 };
	const struct snap_kv *kv;
	char name[1200], *text;
	int rc;

	memset(c, 0, sizeof(*c));
	c->uptime = c->epoch = -1;
	c->user_hz = 100;
	if ((rc = read_kv(s, "meta", &meta, snap_parse_words, err, NULL)))
		goto out;
	snprintf(name, sizeof(name), "%s/meta", s->label);
	if ((kv = snap_kv_find(&meta, "uptime")) && (rc = seconds(name, kv, &c->uptime, err)))
		goto out;
	if ((kv = snap_kv_find(&meta, "epoch")) && (rc = seconds(name, kv, &c->epoch, err)))
		goto out;
	if ((kv = snap_kv_find(&meta, "user_hz"))) {
		uint64_t hz;

		if (!snap__u64(kv->val, 10, &hz) || !hz || hz > 100000) {
			rc = snap_error(err, name, kv->line, "user_hz: expected a positive integer");
			goto out;
		}
		c->user_hz = (int)hz;
	}
	if (c->uptime < 0) {
		rc = snap_read(s, "proc/uptime", &text, name, sizeof(name), err);
		if (rc < 0)
			goto out;
		if (!rc) {
			struct snap_kv one = { "uptime", text, 1 };

			rc = seconds(name, &one, &c->uptime, err);
			free(text);
			if (rc)
				goto out;
		}
	}
	if ((rc = read_with(s, "proc/stat", c, snap_parse_stat, err)) ||
	    (rc = read_with(s, "proc/softnet_stat", c, snap_parse_softnet, err)) ||
	    (rc = read_with(s, "proc/softirqs", c, snap_parse_softirqs, err)) ||
	    (rc = read_with(s, "proc/interrupts", c, snap_parse_interrupts, err)) ||
	    (rc = read_with(s, "irq_affinity", c, snap_parse_irq_affinity, err)) ||
	    (rc = read_kv(s, "proc/snmp", &c->snmp, snap_parse_snmp, err, &c->has_snmp)) ||
	    (rc = read_kv(s, "proc/netstat", &c->snmp, snap_parse_snmp, err, NULL)))
		goto out;
	if (!c->cpu && !(c->cpu = calloc(RXSIM_MAX_CPUS, sizeof(*c->cpu))))
		rc = RXSIM_EINTERNAL;
out:
	snap_kv_free(&meta);
	if (rc)
		snap_counters_free(c);
	return rc;
}

void snap_counters_free(struct snap_counters *c)
{
	free(c->cpu);
	free(c->irqs);
	snap_kv_free(&c->snmp);
	c->cpu = NULL;
	c->irqs = NULL;
	c->nirqs = c->irq_cap = 0;
}
