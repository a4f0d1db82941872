/* SPDX-License-Identifier: MIT */
/*
 * import.c - `rxsim import`: a snapshot's settings as a scenario.  Every
 * value comes from a file of the snapshot, named (with its line) in the
 * scenario's "sources"; what the scenario has no key for is a line of its
 * "notes"; what is neither in the snapshot nor derivable keeps the
 * scenario's default.  The workload (sockets, readers, traffic) is a
 * template: a snapshot does not say what the host receives.
 */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/cpulist.h"
#include "rxsim/hostsnap.h"
#include "rxsim/nic.h"
#include "import_int.h"
#include "snap_int.h"


void imp_source(struct imp *I, const char *path, const char *rel, int line)
{
	char text[512];

	if (line > 0)
		snprintf(text, sizeof(text), "%s line %d", rel, line);
	else
		snprintf(text, sizeof(text), "%s", rel);
	cJSON_AddStringToObject(I->sources, path, text);
}

void imp_note(struct imp *I, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(I->notes, cJSON_CreateString(text));
}

/* A note that is also a warning on stderr (a value replaced by a default). */
void imp_warn(struct imp *I, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(I->notes, cJSON_CreateString(text));
	if (I->warn)
		snap_kv_add(I->warn, "warning", text, 0);
}

/* The file @rel, or 1 when absent or when ethtool said it is not supported
 * (a note says which). */
static int read_rel(struct imp *I, const char *rel, char **text, char *name, size_t len)
{
	int rc = snap_read(I->s, rel, text, name, len, I->err);

	if (rc)
		return rc;
	if (!strncmp(rel, "if/", 3) && strstr(rel, "/ethtool_") && snap_unsupported(*text)) {
		struct snap_lines L = { .p = *text };
		const char *why = "not supported";

		while (snap__next_line(&L))
			if (snap_unsupported(L.buf)) {
				why = snap__trim(L.buf);
				break;
			}
		imp_note(I, "%s: not supported by the driver (%s)", rel, why);
		free(*text);
		*text = NULL;
		return 1;
	}
	return 0;
}

static int kernel(struct imp *I)
{
	char name[1200], *text;
	int rc = snap_read(I->s, "uname_r", &text, name, sizeof(name), I->err), maj, min, k;

	if (rc)
		return rc < 0 ? rc : (imp_note(I, "uname_r absent: kernel left at the default"), 0);
	if (sscanf(text, "%d.%d", &maj, &min) != 2 || maj < 2 || min < 0 || min > 999) {
		free(text);
		return snap_error(I->err, name, 1, "expected a kernel release such as 6.8.0-45");
	}
	free(text);
	k = KVER(maj, min);
	if (k < KVER(4, 9) || k > KVER(6, 99)) {
		imp_warn(I, "kernel %d.%d is outside the versions rxsim models (4.9-6.99): kernel left "
		     "at the default", maj, min);
		return 0;
	}
	{
		char kv[16];

		snprintf(kv, sizeof(kv), "%d.%d", maj, min);
		cJSON_AddStringToObject(I->root, "kernel", kv);
		imp_source(I, "kernel", "uname_r", 1);
	}
	return 0;
}

static int cpus(struct imp *I, cJSON *host)
{
	char name[1200], *text;
	int rc = snap_read(I->s, "nproc", &text, name, sizeof(name), I->err);
	uint64_t n;

	if (rc < 0)
		return rc;
	if (!rc) {
		char *t = snap__trim(text);

		if (!snap__u64(t, 10, &n) || n == 0) {
			free(text);
			return snap_error(I->err, name, 1, "expected the number of CPUs");
		}
		free(text);
		if (n > RXSIM_MAX_CPUS)
			return snap_error(I->err, name, 1, "%llu CPUs: rxsim models at most %d",
					  (unsigned long long)n, RXSIM_MAX_CPUS);
		imp_source(I, "host.cpus", "nproc", 1);
	} else if (I->have_cnt && I->cnt.has_stat) {
		n = (uint64_t)I->cnt.ncpus;
		imp_source(I, "host.cpus", "proc/stat", 0);
	} else {
		imp_note(I, "neither nproc nor proc/stat: host.cpus left at the default");
		return 0;
	}
	I->cpus = (int64_t)n;
	cJSON_AddNumberToObject(host, "cpus", (double)n);
	imp_note(I, "CONFIG_HZ is not in a snapshot: host.hz left at the default");
	return 0;
}

/* sysctl -> scenario key; and the ones that only become notes */
static const char *const int_sysctls[] = {
	"net.core.netdev_budget", "net.core.netdev_budget_usecs", "net.core.netdev_max_backlog",
	"net.core.dev_weight", "net.core.dev_weight_rx_bias", "net.core.gro_normal_batch",
	"net.core.rmem_default", "net.core.rmem_max", "net.ipv4.udp_rmem_min",
	"net.core.rps_sock_flow_entries", "net.core.flow_limit_table_len", NULL
};
static const char *const note_sysctls[] = {
	"net.core.busy_read", "net.core.busy_poll", "net.ipv4.tcp_rmem", "net.ipv4.tcp_mem",
	"net.ipv4.udp_mem", "net.ipv4.tcp_moderate_rcvbuf", "net.core.netdev_tstamp_prequeue",
	"net.core.rps_default_mask", "net.core.high_order_alloc_disable", NULL
};

static int sysctls(struct imp *I, cJSON *host)
{
	struct snap_kvlist l = { 0 };
	char name[1200], *text, path[128];
	cJSON *sys = cJSON_AddObjectToObject(host, "sysctl");
	int rc = snap_read(I->s, "sysctl_net", &text, name, sizeof(name), I->err), i;
	const struct snap_kv *kv;

	if (rc)
		return rc < 0 ? rc : (imp_note(I, "sysctl_net absent: sysctls left at the defaults"), 0);
	rc = snap_parse_sysctl(name, text, &l, I->err);
	free(text);
	if (rc)
		goto out;
	for (i = 0; int_sysctls[i]; i++) {
		int64_t v;

		if (!(kv = snap_kv_find(&l, int_sysctls[i])))
			continue;
		if (!snap__i64(kv->val, &v)) {
			rc = snap_error(I->err, name, kv->line, "%s: expected an integer, got \"%.30s\"",
					kv->key, kv->val);
			goto out;
		}
		cJSON_AddNumberToObject(sys, kv->key, (double)v);
		snprintf(path, sizeof(path), "host.sysctl.%s", kv->key);
		imp_source(I, path, "sysctl_net", kv->line);
	}
	if ((kv = snap_kv_find(&l, "net.core.flow_limit_cpu_bitmap"))) {
		struct cpulist cl;
		char list[2048] = "";
		size_t n = 0;
		int j;

		if (cpulist_parse_mask(kv->val, &cl)) {
			rc = snap_error(I->err, name, kv->line, "%s: expected a hex CPU mask, got "
					"\"%.30s\"", kv->key, kv->val);
			goto out;
		}
		for (j = 0; j < cl.n && n + 8 < sizeof(list); j++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%u", j ? "," : "",
					      cl.cpu[j]);
		cJSON_AddStringToObject(sys, kv->key, list);
		imp_source(I, "host.sysctl.net.core.flow_limit_cpu_bitmap", "sysctl_net", kv->line);
	}
	for (i = 0; note_sysctls[i]; i++)
		if ((kv = snap_kv_find(&l, note_sysctls[i])))
			imp_note(I, "%s = %s (sysctl_net line %d): no scenario key", kv->key, kv->val,
			     kv->line);
out:
	snap_kv_free(&l);
	return rc;
}

/* ethtool -i driver -> profile */
static int driver_kind(const char *drv)
{
	static const struct { const char *drv; int kind; } map[] = {
		{ "ixgbe", DRV_IXGBE }, { "igb", DRV_IGB }, { "mlx5_core", DRV_MLX5 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(drv, map[i].drv))
			return map[i].kind;
	return -1;
}

static bool software_driver(const char *drv)
{
	static const char *const sw[] = { "ifb", "dummy", "bridge", "veth", "tun", "vxlan",
					  "wireguard", "openvswitch", "bonding", "macvlan",
					  "ipvlan", "geneve", "802.1Q VLAN Support", "team",
					  "nlmon", "vrf", "gre", "ipip", "sit", NULL };
	int i;

	for (i = 0; sw[i]; i++)
		if (!strcmp(drv, sw[i]))
			return true;
	return false;
}

struct ifinfo {
	const char *name;
	char driver[64];
	int driver_line;
	char bus[64];
	char device[64];	/* sysfs device link's name (virtio2) */
	bool has_i;
};

static int read_info(struct imp *I, struct ifinfo *f)
{
	char rel[300], name[1200], *text;
	struct snap_kvlist l = { 0 };
	const struct snap_kv *kv;
	int rc;

	snprintf(rel, sizeof(rel), "if/%s/ethtool_i", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc < 0)
		return rc;
	if (!rc) {
		rc = snap_parse_colon(name, text, &l, I->err);
		free(text);
		if (rc)
			goto out;
		if (!(kv = snap_kv_find(&l, "driver")) || !kv->val[0]) {
			rc = snap_error(I->err, name, 0, "no \"driver:\" line");
			goto out;
		}
		snprintf(f->driver, sizeof(f->driver), "%s", kv->val);
		f->driver_line = kv->line;
		if ((kv = snap_kv_find(&l, "bus-info")))
			snprintf(f->bus, sizeof(f->bus), "%s", kv->val);
		f->has_i = true;
	}
	snprintf(rel, sizeof(rel), "if/%s/sys/device", f->name);
	rc = snap_read(I->s, rel, &text, name, sizeof(name), I->err);
	if (rc < 0)
		goto out;
	if (!rc) {
		snprintf(f->device, sizeof(f->device), "%s", snap__trim(text));
		free(text);
	}
	rc = 0;
out:
	snap_kv_free(&l);
	return rc;
}

/* The queue of IRQ action @irqname if it belongs to the interface, or -1:
 * "eth0-TxRx-3" (ixgbe, igb, i40e, ice: "%s-TxRx-%u"), "eth0-rx-3",
 * "mlx5_comp3@pci:0000:3b:00.0" (mlx5e), "virtio2-input.3" (virtio_net). */
int snap__irq_queue(const char *ifname, const char *bus, const char *device,
		    const char *irqname)
{
	const char *p, *num;
	size_t n = strlen(ifname);
	char pat[96];

	if (!strncmp(irqname, "mlx5_comp", 9) && bus[0]) {
		snprintf(pat, sizeof(pat), "@pci:%s", bus);
		p = strchr(irqname, '@');
		if (p && !strcmp(p, pat))
			return atoi(irqname + 9);
		return -1;
	}
	if (device[0]) {
		snprintf(pat, sizeof(pat), "%s-input.", device);
		if (!strncmp(irqname, pat, strlen(pat)))
			return atoi(irqname + strlen(pat));
	}
	p = strstr(irqname, ifname);
	if (!p || p[n] != '-' || (p != irqname && p[-1] != '-'))
		return -1;
	num = strrchr(irqname, '-') + 1;
	if (!*num || strspn(num, "0123456789") != strlen(num))
		return -1;
	if (strstr(p + n, "-TxRx-") || strstr(p + n, "-rx-") || strstr(p + n, "-RxTx-") ||
	    strstr(p + n, "-fp-"))
		return atoi(num);
	return -1;
}

static void irq_affinity(struct imp *I, const struct ifinfo *f, const char *p, cJSON *nic,
			 int64_t queues)
{
	int cpu[256], irqno[256], i, q, found = 0;
	cJSON *arr;

	if (!I->have_cnt || !I->cnt.has_interrupts) {
		imp_note(I, "%s: no proc/interrupts: irq_affinity left to the default", f->name);
		return;
	}
	for (q = 0; q < queues; q++)
		cpu[q] = -1;
	for (i = 0; i < I->cnt.nirqs; i++) {
		const struct snap_irq *r = &I->cnt.irqs[i];
		struct cpulist cl;

		q = snap__irq_queue(f->name, f->bus, f->device, r->name);
		if (q < 0 || q >= queues || cpu[q] >= 0)
			continue;
		if (!r->affinity[0] || cpulist_parse(r->affinity, &cl) || !cl.n) {
			imp_note(I, "%s: IRQ %d (%s) has no readable smp_affinity_list", f->name, r->irq,
			     r->name);
			continue;
		}
		if (cl.n > 1)
			imp_note(I, "%s: IRQ %d (%s) may go to CPUs %s: the first is taken (one CPU "
			     "takes each interrupt)", f->name, r->irq, r->name, r->affinity);
		cpu[q] = cl.cpu[0];
		irqno[q] = r->irq;
		found++;
	}
	if (found < queues) {
		imp_note(I, "%s: %d of %lld queues have an IRQ named after them in proc/interrupts: "
		     "irq_affinity left to the default (queue i on CPU i %% cpus)", f->name, found,
		     (long long)queues);
		return;
	}
	arr = cJSON_AddArrayToObject(nic, "irq_affinity");
	for (q = 0; q < queues; q++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(cpu[q]));
	{
		char path[96], rel[160];

		snprintf(path, sizeof(path), "%s.irq_affinity", p);
		snprintf(rel, sizeof(rel), "proc/interrupts + irq_affinity (IRQs %d..%d)", irqno[0],
			 irqno[queues - 1]);
		imp_source(I, path, rel, 0);
	}
}

static int64_t queues_of(struct imp *I, const struct ifinfo *f, const char *p, cJSON *nic)
{
	char rel[300], name[1200], *text, path[96];
	struct snap_sections sec = { { 0 }, { 0 } };
	const struct snap_kv *rx, *comb;
	int64_t q = -1;
	int rc;

	snprintf(rel, sizeof(rel), "if/%s/ethtool_l", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc < 0)
		return rc;
	if (!rc) {
		rc = snap_parse_sections(name, text, &sec, I->err);
		free(text);
		if (rc) {
			snap_sections_free(&sec);
			return rc;
		}
		rx = snap_kv_find(&sec.cur, "RX");
		comb = snap_kv_find(&sec.cur, "Combined");
		/* rx-only channels and combined ones are all rx queues */
		q = (rx ? atoll(rx->val) : 0) + (comb ? atoll(comb->val) : 0);
		if (q > 0) {
			snprintf(path, sizeof(path), "%s.queues", p);
			imp_source(I, path, rel, comb ? comb->line : rx->line);
		}
		snap_sections_free(&sec);
	}
	if (q <= 0) {
		char qrel[300];
		int n = 0;

		for (;;) {
			char *t;

			snprintf(qrel, sizeof(qrel), "if/%s/sys/queues/rx-%d/rps_cpus", f->name, n);
			rc = snap_read(I->s, qrel, &t, name, sizeof(name), I->err);
			if (rc)
				break;
			free(t);
			n++;
		}
		if (rc < 0)
			return rc;
		if (!n) {
			imp_note(I, "%s: neither ethtool -l nor sys/queues: queues left to the default",
			     f->name);
			return 0;
		}
		q = n;
		snprintf(path, sizeof(path), "%s.queues", p);
		snprintf(qrel, sizeof(qrel), "if/%s/sys/queues/rx-*", f->name);
		imp_source(I, path, qrel, 0);
	}
	if (q > 256) {
		imp_warn(I, "%s: %lld rx queues: rxsim models 256 at most", f->name, (long long)q);
		q = 256;
	}
	cJSON_AddNumberToObject(nic, "queues", (double)q);
	return q;
}

static int ring(struct imp *I, const struct ifinfo *f, const char *p, cJSON *nic)
{
	char rel[300], name[1200], *text, path[96];
	struct snap_sections sec = { { 0 }, { 0 } };
	const struct snap_kv *rx;
	int rc;

	snprintf(rel, sizeof(rel), "if/%s/ethtool_g", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc)
		return rc < 0 ? rc : 0;
	rc = snap_parse_sections(name, text, &sec, I->err);
	free(text);
	if (!rc && (rx = snap_kv_find(&sec.cur, "RX"))) {
		cJSON_AddNumberToObject(nic, "rx_ring", atof(rx->val));
		snprintf(path, sizeof(path), "%s.rx_ring", p);
		imp_source(I, path, rel, rx->line);
	}
	snap_sections_free(&sec);
	return rc;
}

static int coalesce(struct imp *I, const struct ifinfo *f, int drv, const char *p, cJSON *nic)
{
	char rel[300], name[1200], *text, path[128];
	struct snap_kvlist l = { 0 };
	const struct snap_kv *kv;
	cJSON *co;
	int rc;
	bool itr = drv == DRV_IXGBE || drv == DRV_IGB;

	snprintf(rel, sizeof(rel), "if/%s/ethtool_c", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc)
		return rc < 0 ? rc : 0;
	rc = snap_parse_coalesce(name, text, &l, I->err);
	free(text);
	if (rc)
		goto out;
	co = cJSON_AddObjectToObject(nic, "coalesce");
	if ((kv = snap_kv_find(&l, "rx-usecs"))) {
		int64_t us = atoll(kv->val);

		/* ixgbe_set_coalesce(): 1 is the dynamic ITR; igb's 1 and 3 and
		 * ixgbe's 2..3 are adaptive modes rxsim does not model */
		if (itr && us >= 1 && us <= 3 && !(drv == DRV_IXGBE && us == 1)) {
			imp_warn(I, "%s: rx-usecs %lld (%s line %d) is %s's adaptive ITR, not modelled: "
			     "rx-usecs left at the profile's start value", f->name, (long long)us,
			     rel, kv->line, drv_profiles[drv].name);
		} else {
			cJSON_AddNumberToObject(co, "rx-usecs", (double)us);
			snprintf(path, sizeof(path), "%s.coalesce.rx-usecs", p);
			imp_source(I, path, rel, kv->line);
		}
	}
	if ((kv = snap_kv_find(&l, "rx-frames")) && !(itr && atoll(kv->val) > 0)) {
		cJSON_AddNumberToObject(co, "rx-frames", atof(kv->val));
		snprintf(path, sizeof(path), "%s.coalesce.rx-frames", p);
		imp_source(I, path, rel, kv->line);
	}
	if ((kv = snap_kv_find(&l, "Adaptive RX"))) {
		bool on = !strcmp(kv->val, "on");

		if (on && itr) {
			imp_note(I, "%s: Adaptive RX on (%s line %d): Intel's adaptive ITR is rx-usecs "
			     "1 in rxsim", f->name, rel, kv->line);
		} else {
			cJSON_AddBoolToObject(co, "adaptive-rx", on);
			snprintf(path, sizeof(path), "%s.coalesce.adaptive-rx", p);
			imp_source(I, path, rel, kv->line);
		}
	}
	/* mlx5e: CQE-based moderation restarts the timer per completion */
	if ((kv = snap_kv_find(&l, "CQE mode RX")) && drv == DRV_MLX5) {
		cJSON_AddStringToObject(co, "style", strcmp(kv->val, "on") ? "eqe" : "cqe");
		snprintf(path, sizeof(path), "%s.coalesce.style", p);
		imp_source(I, path, rel, kv->line);
	}
out:
	snap_kv_free(&l);
	return rc;
}

static int rss(struct imp *I, const struct ifinfo *f, const char *p, cJSON *nic, int64_t queues)
{
	char rel[300], name[1200], *text, path[128];
	struct snap_rxfh *x = calloc(1, sizeof(*x));
	int rc, i, fields, line;

	if (!x)
		return RXSIM_EINTERNAL;
	snprintf(rel, sizeof(rel), "if/%s/ethtool_x", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc < 0)
		goto out;
	if (!rc) {
		rc = snap_parse_rxfh(name, text, x, I->err);
		free(text);
		if (rc)
			goto out;
		if (x->n_indir) {
			cJSON *arr = cJSON_AddArrayToObject(nic, "indir");
			bool beyond = false;

			for (i = 0; i < x->n_indir; i++)
				beyond |= x->indir[i] >= queues;
			if (beyond) {
				cJSON_DeleteItemFromObject(nic, "indir");
				imp_warn(I, "%s: the indirection table (%s line %d) names queues beyond "
				     "the %lld imported: left to the default", f->name, rel,
				     x->indir_line, (long long)queues);
			} else {
				for (i = 0; i < x->n_indir; i++)
					cJSON_AddItemToArray(arr, cJSON_CreateNumber(x->indir[i]));
				snprintf(path, sizeof(path), "%s.indir", p);
				imp_source(I, path, rel, x->indir_line);
			}
		}
		if (x->key_bytes == 40) {
			cJSON_AddStringToObject(nic, "rss_key", x->key);
			snprintf(path, sizeof(path), "%s.rss_key", p);
			imp_source(I, path, rel, x->key_line);
		} else if (x->key_bytes) {
			imp_note(I, "%s: a %d-byte RSS key (%s line %d): rxsim's Toeplitz takes 40 bytes; "
			     "rss_key left at the default", f->name, x->key_bytes, rel, x->key_line);
		}
	}
	snprintf(rel, sizeof(rel), "if/%s/ethtool_n_udp4", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc < 0)
		goto out;
	rc = 0;
	if (!text)
		goto out;
	rc = snap_parse_flowhash(name, text, &fields, &line, I->err);
	free(text);
	if (rc)
		goto out;
	snprintf(path, sizeof(path), "%s.rxfh_udp4", p);
	if (fields == (RXH_F_SA | RXH_F_DA)) {
		cJSON_AddStringToObject(nic, "rxfh_udp4", "sd");
		imp_source(I, path, rel, line);
	} else if (fields == (RXH_F_SA | RXH_F_DA | RXH_F_L4_01 | RXH_F_L4_23)) {
		cJSON_AddStringToObject(nic, "rxfh_udp4", "sdfn");
		imp_source(I, path, rel, line);
	} else {
		imp_note(I, "%s: rx-flow-hash udp4 fields (%s line %d) are neither sd nor sdfn: "
		     "rxfh_udp4 left to the driver's", f->name, rel, line);
	}
out:
	free(x);
	return rc;
}

int imp_sys_int(struct imp *I, const char *rel, int64_t *v, bool *has)
{
	char name[1200], *text;
	int rc = snap_read(I->s, rel, &text, name, sizeof(name), I->err);

	*has = false;
	if (rc)
		return rc < 0 ? rc : 0;
	if (!snap__i64(snap__trim(text), v)) {
		free(text);
		return snap_error(I->err, name, 1, "expected an integer");
	}
	free(text);
	*has = true;
	return 0;
}

static int rps(struct imp *I, const struct ifinfo *f, const char *p, cJSON *nic, int64_t queues)
{
	char spec[RXSIM_RPSQ_LEN] = "", first[300] = "", rel[300], name[1200], path[128];
	size_t n = 0;
	bool same = true, any = false, have = false;
	int64_t cnt0 = 0, cnt;
	int q, rc;

	for (q = 0; q < queues; q++) {
		struct cpulist cl;
		char *text, *m;

		snprintf(rel, sizeof(rel), "if/%s/sys/queues/rx-%d/rps_cpus", f->name, q);
		rc = snap_read(I->s, rel, &text, name, sizeof(name), I->err);
		if (rc < 0)
			return rc;
		if (rc) {
			if (q)
				imp_note(I, "%s: %s absent: RPS not imported", f->name, rel);
			return 0;
		}
		m = snap__trim(text);
		if (strchr(m, '\n'))
			*strchr(m, '\n') = '\0';
		if (cpulist_parse_mask(m, &cl)) {
			free(text);
			return snap_error(I->err, name, 1, "expected a hex CPU mask such as "
					  "\"00000000,0000000e\"");
		}
		if (!q)
			snprintf(first, sizeof(first), "%s", cl.n ? m : "");
		else if (strcmp(first, cl.n ? m : ""))
			same = false;
		any |= cl.n > 0;
		n += (size_t)snprintf(spec + n, n < sizeof(spec) ? sizeof(spec) - n : 0, "%s%s%s",
				      q ? ";" : "", cl.n ? "0x" : "", cl.n ? m : "");
		free(text);
	}
	if (n >= sizeof(spec)) {
		imp_note(I, "%s: the rps_cpus masks are too long for rps_cpus_per_queue", f->name);
		return 0;
	}
	snprintf(rel, sizeof(rel), "if/%s/sys/queues/rx-*/rps_cpus", f->name);
	if (any && same) {
		char v[320];

		snprintf(v, sizeof(v), "0x%s", first);
		cJSON_AddStringToObject(nic, "rps_cpus", v);
		snprintf(path, sizeof(path), "%s.rps_cpus", p);
		imp_source(I, path, rel, 1);
	} else if (any) {
		cJSON_AddStringToObject(nic, "rps_cpus_per_queue", spec);
		snprintf(path, sizeof(path), "%s.rps_cpus_per_queue", p);
		imp_source(I, path, rel, 1);
	}
	for (q = 0; q < queues; q++) {
		snprintf(rel, sizeof(rel), "if/%s/sys/queues/rx-%d/rps_flow_cnt", f->name, q);
		if ((rc = imp_sys_int(I, rel, &cnt, &have)))
			return rc;
		if (!have)
			return 0;
		if (!q)
			cnt0 = cnt;
		else if (cnt != cnt0) {
			imp_note(I, "%s: rps_flow_cnt differs between queues: the largest is taken",
			     f->name);
			if (cnt > cnt0)
				cnt0 = cnt;
		}
	}
	if (cnt0) {
		cJSON_AddNumberToObject(nic, "rps_flow_cnt", (double)cnt0);
		snprintf(path, sizeof(path), "%s.rps_flow_cnt", p);
		snprintf(rel, sizeof(rel), "if/%s/sys/queues/rx-*/rps_flow_cnt", f->name);
		imp_source(I, path, rel, 1);
	}
	return 0;
}

/* Settings the scenario has no key for yet: notes with their values. */
static int nic_notes(struct imp *I, const struct ifinfo *f)
{
	static const char *const attrs[] = { "mtu", "threaded", "napi_defer_hard_irqs",
					     "gro_flush_timeout", NULL };
	char rel[300], name[1200], *text;
	int i, rc;

	for (i = 0; attrs[i]; i++) {
		int64_t v;
		bool has;

		snprintf(rel, sizeof(rel), "if/%s/sys/%s", f->name, attrs[i]);
		if ((rc = imp_sys_int(I, rel, &v, &has)))
			return rc;
		if (has)
			imp_note(I, "%s: %s = %lld (%s): no scenario key", f->name, attrs[i], (long long)v,
			     rel);
	}
	snprintf(rel, sizeof(rel), "if/%s/ethtool_k", f->name);
	rc = read_rel(I, rel, &text, name, sizeof(name));
	if (rc < 0)
		return rc;
	if (!rc) {
		struct snap_kvlist l = { 0 };
		const struct snap_kv *kv;

		rc = snap_parse_colon(name, text, &l, I->err);
		free(text);
		if (!rc && (kv = snap_kv_find(&l, "generic-receive-offload")))
			imp_note(I, "%s: generic-receive-offload %s (%s line %d): no scenario key", f->name,
			     kv->val, rel, kv->line);
		snap_kv_free(&l);
		return rc;
	}
	return 0;
}

static int one_nic(struct imp *I, struct ifinfo *f, cJSON *nics)
{
	cJSON *nic = cJSON_CreateObject();
	char p[64], path[96];
	int drv = DRV_GENERIC, rc;
	int64_t q;

	snprintf(p, sizeof(p), "nics.%d", cJSON_GetArraySize(nics));
	cJSON_AddItemToArray(nics, nic);
	cJSON_AddStringToObject(nic, "name", f->name);
	snprintf(path, sizeof(path), "%s.driver", p);
	if (f->has_i) {
		char rel[300];

		snprintf(rel, sizeof(rel), "if/%s/ethtool_i", f->name);
		drv = driver_kind(f->driver);
		if (drv < 0) {
			drv = DRV_GENERIC;
			imp_warn(I, "%s: driver %s (%s line %d) has no rxsim profile: generic", f->name,
			     f->driver, rel, f->driver_line);
		}
		imp_source(I, path, rel, f->driver_line);
	} else {
		imp_warn(I, "%s: no ethtool -i: driver unknown, generic", f->name);
	}
	cJSON_AddStringToObject(nic, "driver", drv_profiles[drv].name);
	if ((q = queues_of(I, f, p, nic)) < 0)
		return (int)q;
	if ((rc = ring(I, f, p, nic)) || (rc = coalesce(I, f, drv, p, nic)))
		return rc;
	if (q > 0) {
		irq_affinity(I, f, p, nic, q);
		if ((rc = rss(I, f, p, nic, q)) || (rc = rps(I, f, p, nic, q)))
			return rc;
	}
	return nic_notes(I, f);
}

static int nics(struct imp *I, const struct snap_import_opts *o)
{
	cJSON *arr = cJSON_AddArrayToObject(I->root, "nics");
	char **names = NULL;
	int n = snap_ifaces(I->s, &names, I->err), i, rc = 0;

	if (n < 0)
		return n;
	if (o->iface) {
		for (i = 0; i < n && strcmp(names[i], o->iface); i++)
			;
		if (i == n) {
			rc = snap_error(I->err, I->s->label, 0, "no interface %s in the snapshot "
					"(under if/)", o->iface);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		struct ifinfo f = { .name = names[i] };

		if (o->iface && strcmp(names[i], o->iface))
			continue;
		if (strlen(names[i]) >= RXSIM_NAME_LEN) {
			imp_note(I, "%s: name longer than %d characters: not imported", names[i],
			     RXSIM_NAME_LEN - 1);
			continue;
		}
		/* the loopback device is named lo in every network namespace
		 * (loopback_net_init), and ethtool -i says nothing of it */
		if (!strcmp(names[i], "lo")) {
			if ((rc = imp_lo_device(I)))
				goto out;
			continue;
		}
		if ((rc = read_info(I, &f)))
			goto out;
		if (f.has_i && software_driver(f.driver) && !o->iface) {
			imp_note(I, "%s: a software device (driver %s): not imported", names[i], f.driver);
			continue;
		}
		if ((rc = one_nic(I, &f, arr)))
			goto out;
	}
	if (!cJSON_GetArraySize(arr)) {
		cJSON *nic = cJSON_CreateObject();

		cJSON_AddStringToObject(nic, "name", "eth0");
		cJSON_AddStringToObject(nic, "driver", "generic");
		cJSON_AddItemToArray(arr, nic);
		if (o->iface && !strcmp(o->iface, "lo"))
			imp_note(I, "nics.0 is a generic template NIC (a scenario has one) with no "
				 "traffic: the load comes over lo");
		else
			imp_warn(I, "no hardware interface in the snapshot: nics.0 is a generic "
				 "template NIC with the scenario's defaults");
	}
out:
	snap_names_free(names, n);
	return rc;
}

/* Sockets, a reader and traffic: a template to edit, as a snapshot does
 * not say what the host receives. */
static void workload(struct imp *I)
{
	cJSON *socks = cJSON_AddArrayToObject(I->root, "sockets");
	cJSON *apps = cJSON_AddArrayToObject(I->root, "apps");
	cJSON *tr = cJSON_AddArrayToObject(I->root, "traffic");
	cJSON *o = cJSON_CreateObject();
	int64_t cpus = I->cpus > 0 ? I->cpus : 2;

	cJSON_AddStringToObject(o, "name", "s0");
	cJSON_AddNumberToObject(o, "port", 9000);
	cJSON_AddItemToArray(socks, o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", "reader");
	cJSON_AddStringToObject(o, "socket", "s0");
	cJSON_AddNumberToObject(o, "cpu", (double)(cpus - 1));
	cJSON_AddItemToArray(apps, o);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", "template");
	cJSON_AddNumberToObject(o, "flows", 64);
	cJSON_AddNumberToObject(o, "dst_port", 9000);
	cJSON_AddStringToObject(o, "rate", "100kpps");
	cJSON_AddStringToObject(o, "arrival", "poisson");
	cJSON_AddNumberToObject(o, "size", 512);
	cJSON_AddItemToArray(tr, o);
	imp_note(I, "sockets, apps and traffic are a template (one UDP socket on port 9000, a "
	     "reader on the last CPU, 100 kpps of 512-byte datagrams in 64 flows): a snapshot "
	     "does not say what the host receives");
}

int snap_import(const struct snap *s, const struct snap_import_opts *o, cJSON **out,
		struct snap_kvlist *warnings, struct rxsim_err *err)
{
	struct imp I = { .s = s, .warn = warnings, .err = err };
	struct snap_kvlist meta = { 0 };
	char desc[1024], name[1200], *text;
	const struct snap_kv *ts = NULL;
	cJSON *host;
	int rc;

	*out = NULL;
	I.root = cJSON_CreateObject();
	if (!I.root)
		return RXSIM_EINTERNAL;
	rc = snap_read(s, "meta", &text, name, sizeof(name), err);
	if (rc < 0)
		goto fail;
	if (!rc) {
		rc = snap_parse_words(name, text, &meta, err);
		free(text);
		if (rc)
			goto fail;
		ts = snap_kv_find(&meta, "timestamp");
	}
	cJSON_AddStringToObject(I.root, "name", "imported");
	snprintf(desc, sizeof(desc), "The host of snapshot %s%s%s, imported by rxsim import: "
		 "its kernel, CPUs, sysctls and NIC settings (\"sources\" names the file and line "
		 "of each value; \"notes\" what has no scenario key yet), with a template "
		 "workload.", o->label ? o->label : s->label, ts ? " taken " : "",
		 ts ? ts->val : "");
	cJSON_AddStringToObject(I.root, "description", desc);
	rc = snap_read_counters(s, &I.cnt, err);
	if (rc)
		goto fail;
	I.have_cnt = true;
	I.sources = cJSON_CreateObject();
	I.notes = cJSON_CreateArray();
	if ((rc = kernel(&I)))
		goto fail;
	host = cJSON_AddObjectToObject(I.root, "host");
	if ((rc = cpus(&I, host)) || (rc = sysctls(&I, host)) || (rc = nics(&I, o)))
		goto fail;
	if (o->iface && !strcmp(o->iface, "lo"))
		imp_lo_workload(&I);
	else
		workload(&I);
	if (o->calib && (rc = imp_costs(&I, o, o->iface && !strcmp(o->iface, "lo"))))
		goto fail;
	cJSON_AddItemToObject(I.root, "notes", I.notes);
	cJSON_AddItemToObject(I.root, "sources", I.sources);
	I.notes = I.sources = NULL;
	*out = I.root;
	snap_kv_free(&meta);
	snap_counters_free(&I.cnt);
	return 0;
fail:
	snap_kv_free(&meta);
	if (I.have_cnt)
		snap_counters_free(&I.cnt);
	cJSON_Delete(I.sources);
	cJSON_Delete(I.notes);
	cJSON_Delete(I.root);
	return rc;
}
