/* SPDX-License-Identifier: MIT */
/*
 * calibrate.c - the counter deltas of two snapshots taken under a steady
 * load, and the per-packet costs they imply.
 *
 * /proc/stat counts CPU time in USER_HZ ticks (fs/proc/stat.c, through
 * nsec_to_clock_t), so each reading of a CPU's softirq or irq time is known
 * to one tick: a delta to two ticks per CPU.  softnet_stat's processed is
 * incremented once per packet in __netif_receive_skb_core (on the CPU that
 * runs the protocol work: the RPS target when RPS steers); its fields are
 * 32-bit (softnet_seq_show prints %08x) and wrap.  /proc/softirqs NET_RX
 * counts net_rx_action invocations.  Softirq time includes every softirq
 * (TIMER, RCU, ...), and the CPUs that received counted whole: the
 * per-packet cost is an upper bound on an otherwise idle host.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/hostsnap.h"
#include "snap_int.h"

static int went_down(struct rxsim_err *err, const struct snap *a, const char *what)
{
	return snap_error(err, a->label, 0, "%s is lower than in BEFORE (a reboot, or the two "
			  "snapshots swapped?)", what);
}

/* softnet_stat fields are u32 printed as %08x: one wrap is allowed */
static uint64_t d32(uint64_t a, uint64_t b)
{
	return a >= b ? a - b : (a + (1ull << 32)) - b;
}

static int nic_stats(const struct snap *s, const char *ifc, struct snap_kvlist *l,
		     struct rxsim_err *err)
{
	char rel[300], name[1200], *text;
	int rc;

	snprintf(rel, sizeof(rel), "if/%s/ethtool_S", ifc);
	rc = snap_read(s, rel, &text, name, sizeof(name), err);
	if (rc)
		return rc < 0 ? rc : 0;
	if (snap_unsupported(text)) {
		free(text);
		return 0;
	}
	rc = snap_parse_colon(name, text, l, err);
	free(text);
	return rc;
}

/* bus-info of ethtool -i and the sysfs device name, to find queue IRQs */
static void if_ids(const struct snap *s, const char *ifc, char *bus, char *dev,
		   struct rxsim_err *err)
{
	char rel[300], name[1200], *text;
	struct snap_kvlist l = { 0 };
	const struct snap_kv *kv;

	bus[0] = dev[0] = '\0';
	snprintf(rel, sizeof(rel), "if/%s/ethtool_i", ifc);
	if (!snap_read(s, rel, &text, name, sizeof(name), err)) {
		if (!snap_unsupported(text) && !snap_parse_colon(name, text, &l, err) &&
		    (kv = snap_kv_find(&l, "bus-info")))
			snprintf(bus, 64, "%s", kv->val);
		free(text);
	}
	snap_kv_free(&l);
	snprintf(rel, sizeof(rel), "if/%s/sys/device", ifc);
	if (!snap_read(s, rel, &text, name, sizeof(name), err)) {
		snprintf(dev, 64, "%s", snap__trim(text));
		free(text);
	}
}

static int queue_irqs(const struct snap *after, const struct snap_counters *b,
		      const struct snap_counters *a, struct snap_delta *d, struct rxsim_err *err)
{
	char **names = NULL;
	int n = snap_ifaces(after, &names, err), i, j, k;

	if (n < 0)
		return n;
	d->q = calloc((size_t)a->nirqs + 1, sizeof(*d->q));
	if (!d->q) {
		snap_names_free(names, n);
		return RXSIM_EINTERNAL;
	}
	for (i = 0; i < n; i++) {
		char bus[64], dev[64];

		if (strlen(names[i]) >= sizeof(d->q->iface))
			continue;
		if_ids(after, names[i], bus, dev, err);
		for (j = 0; j < a->nirqs; j++) {
			int q = snap__irq_queue(names[i], bus, dev, a->irqs[j].name);

			if (q < 0)
				continue;
			for (k = 0; k < b->nirqs; k++)
				if (b->irqs[k].irq == a->irqs[j].irq &&
				    !strcmp(b->irqs[k].name, a->irqs[j].name))
					break;
			if (k == b->nirqs)
				continue;
			if (a->irqs[j].total < b->irqs[k].total) {
				snap_names_free(names, n);
				return went_down(err, after, "an IRQ count of proc/interrupts");
			}
			snprintf(d->q[d->nq].iface, sizeof(d->q->iface), "%s", names[i]);
			d->q[d->nq].queue = q;
			d->q[d->nq].irq = a->irqs[j].irq;
			d->q[d->nq].interrupts = a->irqs[j].total - b->irqs[k].total;
			d->nq++;
		}
		{
			struct snap_kvlist sb = { 0 }, sa = { 0 };
			int rc = nic_stats(after, names[i], &sa, err);

			if (!rc)
				rc = nic_stats((const struct snap *)d->before, names[i], &sb, err);
			for (j = 0; !rc && j < sa.n; j++) {
				const struct snap_kv *kb = snap_kv_find(&sb, sa.v[j].key);
				char key[300], val[32];
				int64_t va, vb;

				if (!kb || !snap__i64(sa.v[j].val, &va) || !snap__i64(kb->val, &vb))
					continue;
				snprintf(key, sizeof(key), "%s.%s", names[i], sa.v[j].key);
				snprintf(val, sizeof(val), "%lld", (long long)(va - vb));
				if (snap_kv_add(&d->nic, key, val, 0))
					rc = RXSIM_EINTERNAL;
			}
			snap_kv_free(&sa);
			snap_kv_free(&sb);
			if (rc) {
				snap_names_free(names, n);
				return rc;
			}
		}
	}
	snap_names_free(names, n);
	return 0;
}

int snap_delta(const struct snap *before, const struct snap *after, struct snap_delta *d,
	       struct rxsim_err *err)
{
	struct snap_counters b, a;
	int rc, i;

	memset(d, 0, sizeof(*d));
	d->before = before;
	if ((rc = snap_read_counters(before, &b, err)))
		return rc;
	if ((rc = snap_read_counters(after, &a, err))) {
		snap_counters_free(&b);
		return rc;
	}
	if (b.uptime >= 0 && a.uptime >= 0) {
		d->secs = a.uptime - b.uptime;
		d->secs_err = 0.02;	/* /proc/uptime prints hundredths: one per reading */
	} else if (b.epoch >= 0 && a.epoch >= 0) {
		d->secs = a.epoch - b.epoch;
		d->secs_err = 2;	/* date +%s: one second per reading */
	} else {
		rc = snap_error(err, after->label, 0, "no uptime or epoch in meta or proc/uptime: "
				"the interval is unknown");
		goto out;
	}
	if (d->secs <= 0) {
		rc = snap_error(err, after->label, 0, "taken %.2f s after BEFORE: expected a later "
				"snapshot of the same boot", d->secs);
		goto out;
	}
	if (!a.has_stat || !b.has_stat || !a.has_softnet || !b.has_softnet) {
		rc = snap_error(err, !b.has_stat || !b.has_softnet ? before->label : after->label, 0,
				"proc/stat and proc/softnet_stat are needed for deltas");
		goto out;
	}
	if (a.ncpus != b.ncpus) {
		rc = snap_error(err, after->label, 0, "%d CPUs, BEFORE has %d (CPU hotplug between "
				"the snapshots?)", a.ncpus, b.ncpus);
		goto out;
	}
	d->user_hz = a.user_hz;
	d->ncpus = a.ncpus;
	d->cpu = calloc((size_t)a.ncpus, sizeof(*d->cpu));
	if (!d->cpu) {
		rc = RXSIM_EINTERNAL;
		goto out;
	}
	for (i = 0; i < a.ncpus; i++) {
		const struct snap_cpu *x = &b.cpu[i], *y = &a.cpu[i];
		struct snap_cpu_delta *c = &d->cpu[i];
		uint64_t busy_a = 0, busy_b = 0;
		int k;

		for (k = 0; k < ST__N; k++) {
			if (y->stat[k] < x->stat[k]) {
				rc = went_down(err, after, "a proc/stat tick count");
				goto out;
			}
			if (k != ST_IDLE && k != ST_IOWAIT) {
				busy_a += y->stat[k];
				busy_b += x->stat[k];
			}
		}
		c->softirq_s = (double)(y->stat[ST_SOFTIRQ] - x->stat[ST_SOFTIRQ]) / d->user_hz;
		c->irq_s = (double)(y->stat[ST_IRQ] - x->stat[ST_IRQ]) / d->user_hz;
		c->busy_s = (double)(busy_a - busy_b) / d->user_hz;
		c->processed = d32(y->processed, x->processed);
		c->dropped = d32(y->dropped, x->dropped);
		c->time_squeeze = d32(y->time_squeeze, x->time_squeeze);
		if (y->net_rx < x->net_rx || y->hardirqs < x->hardirqs) {
			rc = went_down(err, after, "a softirq or interrupt count");
			goto out;
		}
		c->net_rx = y->net_rx - x->net_rx;
		c->hardirqs = y->hardirqs - x->hardirqs;
		d->processed += c->processed;
		d->dropped += c->dropped;
		d->time_squeeze += c->time_squeeze;
		d->net_rx += c->net_rx;
		d->hardirqs += c->hardirqs;
		d->softirq_s += c->softirq_s;
		d->irq_s += c->irq_s;
	}
	for (i = 0; i < a.snmp.n; i++) {
		const struct snap_kv *kb = snap_kv_find(&b.snmp, a.snmp.v[i].key);
		char val[32];

		if (!kb)
			continue;
		snprintf(val, sizeof(val), "%lld", atoll(a.snmp.v[i].val) - atoll(kb->val));
		if (snap_kv_add(&d->snmp, a.snmp.v[i].key, val, 0)) {
			rc = RXSIM_EINTERNAL;
			goto out;
		}
	}
	rc = queue_irqs(after, &b, &a, d, err);
out:
	snap_counters_free(&a);
	snap_counters_free(&b);
	if (rc)
		snap_delta_free(d);
	return rc;
}

void snap_delta_free(struct snap_delta *d)
{
	free(d->cpu);
	free(d->q);
	snap_kv_free(&d->snmp);
	snap_kv_free(&d->nic);
	d->cpu = NULL;
	d->q = NULL;
}

double snap_delta_get(const struct snap_kvlist *l, const char *key, double def)
{
	const struct snap_kv *kv = snap_kv_find(l, key);

	return kv ? atof(kv->val) : def;
}

int snap_calibrate(const struct snap_delta *d, double app_cpu_s, double app_err_s,
		   struct snap_calib *c, struct rxsim_err *err)
{
	double soft = 0, irq = 0, tick = 1.0 / d->user_hz;
	uint64_t qirqs = 0;
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < d->ncpus; i++) {
		const struct snap_cpu_delta *x = &d->cpu[i];

		/* the CPUs that did receive work; the others' ticks are not ours */
		if (!x->processed && !x->net_rx)
			continue;
		c->net_cpus++;
		soft += x->softirq_s;
		irq += x->irq_s;
	}
	for (i = 0; i < d->nq; i++)
		qirqs += d->q[i].interrupts;
	c->packets = d->processed;
	c->interrupts = qirqs;
	c->pps = (double)d->processed / d->secs;
	c->irq_per_s = (double)qirqs / d->secs;
	if (!d->processed)
		return snap_error(err, "AFTER", 0, "softnet_stat processed did not move: no load "
				  "between the snapshots to calibrate from");
	/* each CPU's delta is known to +-1 tick per reading, two readings */
	c->softirq_per_pkt.value = soft / (double)d->processed;
	c->softirq_per_pkt.err = 2.0 * c->net_cpus * tick / (double)d->processed;
	c->softirq_per_pkt.ok = true;
	if (qirqs) {
		c->hardirq_per_irq.value = irq / (double)qirqs;
		c->hardirq_per_irq.err = 2.0 * c->net_cpus * tick / (double)qirqs;
		c->hardirq_per_irq.ok = true;
	}
	c->softirq_per_pkt.usable = c->softirq_per_pkt.value > 2 * c->softirq_per_pkt.err;
	c->hardirq_per_irq.usable = c->hardirq_per_irq.ok &&
				    c->hardirq_per_irq.value > 2 * c->hardirq_per_irq.err;
	if (d->net_rx) {
		c->pkts_per_poll.value = (double)d->processed / (double)d->net_rx;
		c->pkts_per_poll.ok = true;
	}
	c->dgrams = (uint64_t)snap_delta_get(&d->snmp, "Udp.InDatagrams", 0);
	if (app_cpu_s >= 0 && c->dgrams) {
		c->app_per_dgram.value = app_cpu_s / (double)c->dgrams;
		c->app_per_dgram.err = app_err_s / (double)c->dgrams;
		c->app_per_dgram.ok = true;
	}
	return 0;
}

int snap_parse_pid_stat(const char *name, const char *text, uint64_t *ticks,
			struct rxsim_err *err)
{
	/* "pid (comm) state ppid ...": comm may hold blanks and parentheses,
	 * so count fields after the last ')' (proc(5)): utime is field 14 */
	const char *p = strrchr(text, ')');
	char buf[2048], *w[64];
	uint64_t ut, st;
	int n;

	if (!p)
		return snap_error(err, name, 1, "expected \"PID (comm) state ...\" of /proc/PID/stat");
	snprintf(buf, sizeof(buf), "%s", p + 1);
	n = snap__words(buf, w, 64);
	/* after ')': field 3 (state) is w[0], so field k is w[k - 3] */
	if (n < 13 || !snap__u64(snap__trim(w[11]), 10, &ut) || !snap__u64(snap__trim(w[12]), 10, &st))
		return snap_error(err, name, 1, "expected utime and stime (fields 14 and 15)");
	*ticks = ut + st;
	return 0;
}

static void fit_obj(cJSON *o, const char *key, const struct snap_fit *f, double scale)
{
	cJSON *x;

	if (!f->ok)
		return;
	x = cJSON_AddObjectToObject(o, key);
	cJSON_AddNumberToObject(x, "value", f->value * scale);
	cJSON_AddNumberToObject(x, "err", f->err * scale);
}

/* ns as the scenario's cost text, to 0.1 ns */
static void cost_text(char *buf, size_t len, double s)
{
	snprintf(buf, len, "%.1fns", s * 1e9);
}

/* The scenario's driver part of the per-packet softirq work at its
 * defaults (params.c: driver_rx 100ns, refill 200ns per 16 descriptors):
 * what the fit leaves for ip_udp_rx. */
#define DRIVER_PART_S (100e-9 + 200e-9 / 16)

cJSON *snap_calib_json(const struct snap_delta *d, const struct snap_calib *c)
{
	cJSON *root = cJSON_CreateObject(), *costs, *fit, *notes;
	char text[64], line[400];
	double ip;

	costs = cJSON_AddObjectToObject(cJSON_AddObjectToObject(root, "host"), "costs");
	notes = cJSON_AddArrayToObject(root, "notes");
	ip = c->softirq_per_pkt.value - DRIVER_PART_S;
	if (ip < c->softirq_per_pkt.value / 2)
		ip = c->softirq_per_pkt.value / 2;
	cost_text(text, sizeof(text), ip);
	if (c->softirq_per_pkt.usable)
		cJSON_AddStringToObject(costs, "ip_udp_rx", text);
	snprintf(line, sizeof(line), "%ssoftirq time per packet %.1f +- %.1f ns over %llu "
		 "packets on %d CPU(s), less the driver part at the defaults (driver_rx 100ns, "
		 "refill 200ns / 16)", c->softirq_per_pkt.usable ? "ip_udp_rx: " :
		 "not fitted (the uncertainty passes half the value: a longer interval or more "
		 "load): ", c->softirq_per_pkt.value * 1e9, c->softirq_per_pkt.err * 1e9,
		 (unsigned long long)c->packets, c->net_cpus);
	cJSON_AddItemToArray(notes, cJSON_CreateString(line));
	if (c->hardirq_per_irq.ok) {
		cost_text(text, sizeof(text), c->hardirq_per_irq.value);
		if (c->hardirq_per_irq.usable)
			cJSON_AddStringToObject(costs, "hardirq", text);
		snprintf(line, sizeof(line), "%sirq time per queue interrupt %.1f +- %.1f ns "
			 "over %llu interrupts", c->hardirq_per_irq.usable ? "hardirq: " :
			 "hardirq not fitted (the uncertainty passes half the value): ",
			 c->hardirq_per_irq.value * 1e9,
			 c->hardirq_per_irq.err * 1e9, (unsigned long long)c->interrupts);
		cJSON_AddItemToArray(notes, cJSON_CreateString(line));
	} else {
		cJSON_AddItemToArray(notes, cJSON_CreateString(
			"hardirq: no queue interrupt of a known interface moved: not fitted"));
	}
	if (c->app_per_dgram.ok) {
		snprintf(line, sizeof(line), "reader: %.1f +- %.1f ns per datagram over %llu "
			 "datagrams (set apps.N.per_datagram)", c->app_per_dgram.value * 1e9,
			 c->app_per_dgram.err * 1e9, (unsigned long long)c->dgrams);
		cJSON_AddItemToArray(notes, cJSON_CreateString(line));
	}
	fit = cJSON_AddObjectToObject(root, "calibration");
	cJSON_AddNumberToObject(fit, "interval_s", d->secs);
	cJSON_AddNumberToObject(fit, "interval_err_s", d->secs_err);
	cJSON_AddNumberToObject(fit, "user_hz", d->user_hz);
	cJSON_AddNumberToObject(fit, "cpus_with_rx", c->net_cpus);
	cJSON_AddNumberToObject(fit, "packets", (double)c->packets);
	cJSON_AddNumberToObject(fit, "pps", c->pps);
	cJSON_AddNumberToObject(fit, "pps_err", c->pps * d->secs_err / d->secs);
	cJSON_AddNumberToObject(fit, "interrupts_per_s", c->irq_per_s);
	fit_obj(fit, "softirq_ns_per_packet", &c->softirq_per_pkt, 1e9);
	fit_obj(fit, "hardirq_ns_per_interrupt", &c->hardirq_per_irq, 1e9);
	fit_obj(fit, "packets_per_net_rx", &c->pkts_per_poll, 1);
	fit_obj(fit, "app_ns_per_datagram", &c->app_per_dgram, 1e9);
	{
		cJSON *qs = cJSON_AddArrayToObject(fit, "queues");
		int i;

		for (i = 0; i < d->nq; i++) {
			cJSON *q = cJSON_CreateObject();

			cJSON_AddStringToObject(q, "iface", d->q[i].iface);
			cJSON_AddNumberToObject(q, "queue", d->q[i].queue);
			cJSON_AddNumberToObject(q, "irq", d->q[i].irq);
			cJSON_AddNumberToObject(q, "interrupts_per_s",
						(double)d->q[i].interrupts / d->secs);
			cJSON_AddItemToArray(qs, q);
		}
	}
	{
		cJSON *dr = cJSON_AddObjectToObject(fit, "drops");
		int i;

		cJSON_AddNumberToObject(dr, "softnet_dropped", (double)d->dropped);
		cJSON_AddNumberToObject(dr, "time_squeeze", (double)d->time_squeeze);
		cJSON_AddNumberToObject(dr, "Udp.RcvbufErrors",
					snap_delta_get(&d->snmp, "Udp.RcvbufErrors", 0));
		cJSON_AddNumberToObject(dr, "Udp.InErrors",
					snap_delta_get(&d->snmp, "Udp.InErrors", 0));
		for (i = 0; i < d->nic.n; i++)
			if (strstr(d->nic.v[i].key, "missed") || strstr(d->nic.v[i].key, "drop") ||
			    strstr(d->nic.v[i].key, "no_dma") || strstr(d->nic.v[i].key, "out_of_buffer") ||
			    strstr(d->nic.v[i].key, "no_buffer") || strstr(d->nic.v[i].key, "fifo_errors"))
				cJSON_AddNumberToObject(dr, d->nic.v[i].key, atof(d->nic.v[i].val));
	}
	return root;
}
