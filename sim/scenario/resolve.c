/* SPDX-License-Identifier: MIT */
/*
 * resolve.c - fill "auto" and profile defaults, and check what one section
 * says about another (names, CPU numbers), so that models get a complete,
 * consistent configuration and the summary echoes the values really used.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/cpulist.h"
#include "rxsim/dev_spec.h"
#include "rxsim/log2.h"
#include "rxsim/nic.h"
#include "rxsim/quote.h"
#include "rxsim/rss.h"
#include "rxsim/scenario.h"
#include "rxsim/traffic.h"
#include "scenario_int.h"
#include "rxsim/xdp_spec.h"

#define RERR(...) do { \
	int _n = snprintf(err->msg, sizeof(err->msg), "%s: ", sc->file); \
	snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, __VA_ARGS__); \
	return RXSIM_EINPUT; } while (0)
/* a user's text in a message (one per message: one buffer) */
#define Q(s) msg_quote((s), 80, qbuf, sizeof(qbuf))

static int pause_cmp(const void *a, const void *b)
{
	const struct pause_cfg *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

/* netif_get_num_default_rss_queues() [>=5.19]: all cores up to 2, else
 * half; drivers with their own rule cap it at their maximum. */
static int64_t default_queues(const struct drv_profile *p, int64_t cpus)
{
	if (p->rss_queues == RSS_QUEUES_KERNEL)
		return cpus <= 2 ? cpus : (cpus + 1) / 2;
	if (p->rss_queues == RSS_QUEUES_ALL_CPUS || cpus < p->rss_queues)
		return cpus;
	return p->rss_queues;
}

static void resolve_nic(struct nic_cfg *n, int64_t cpus)
{
	const struct drv_profile *p = &drv_profiles[n->driver];

	if (n->queues < 0)
		n->queues = default_queues(p, cpus);
	if (n->indir_size < 0)
		n->indir_size = n->indir.n ? n->indir.n : 128;
	if (n->rxfh_udp4 == RXFH_AUTO)
		n->rxfh_udp4 = p->udp_rxfh;
	if (n->rxfh_udp6 == RXFH_AUTO)
		n->rxfh_udp6 = p->udp_rxfh;

	if (n->rx_ring < 0)
		n->rx_ring = p->rx_ring;
	if (n->refill_batch < 0)
		n->refill_batch = p->refill_batch;
	if (n->coalesce.style == COAL_AUTO)
		n->coalesce.style = p->coal_style;
	if (n->coalesce.rx_interval < 0)
		n->coalesce.rx_interval = p->rx_interval;
	if (n->coalesce.rx_frames < 0)
		n->coalesce.rx_frames = p->rx_frames;
	if (n->truesize < 0)
		n->truesize = p->truesize;
	if (n->rx_fifo < 0)
		n->rx_fifo = p->rx_fifo;
	if (n->drop_en == TRI_AUTO)
		n->drop_en = !p->drop_en_multiqueue || n->queues > 1 ? TRI_ON : TRI_OFF;
}

/* devices[], senders[] and the reassembly sysctls. */
static int resolve_vdevs(struct scenario *sc, struct rxsim_err *err)
{
	const struct sysctl_cfg *s = &sc->host.sysctl;
	uint32_t i, j;
	char qbuf[256];

	/* proc_doulongvec_minmax: low_thresh is bounded by high_thresh */
	if (s->ipfrag_low_thresh > s->ipfrag_high_thresh)
		RERR("/host/sysctl/net.ipv4.ipfrag_low_thresh: %lld exceeds "
		     "net.ipv4.ipfrag_high_thresh %lld", (long long)s->ipfrag_low_thresh,
		     (long long)s->ipfrag_high_thresh);
	for (i = 0; i < sc->n_devices; i++) {
		struct vdev_cfg *d = &sc->devices[i];
		const char *why;

		if (d->mtu < 0)
			d->mtu = d->type == VDEV_LO ? 65536 : 1500;
		if (truesize_profile_parse(d->truesize, &d->ts, &why))
			RERR("/devices/%u/truesize: %s, got %s", i, why, Q(d->truesize));
		for (j = 0; j < d->rps_cpus.n; j++)
			if (d->rps_cpus.cpu[j] >= sc->host.cpus)
				RERR("/devices/%u/rps_cpus: CPU %u but host.cpus is %lld", i,
				     d->rps_cpus.cpu[j], (long long)sc->host.cpus);
		for (j = 0; j < i; j++)
			if (!strcmp(sc->devices[j].name, d->name))
				RERR("/devices/%u/name: %s is used twice", i, Q(d->name));
		for (j = 0; j < sc->n_nics; j++)
			if (!strcmp(sc->nics[j].name, d->name))
				RERR("/devices/%u/name: %s is also a NIC", i, Q(d->name));
	}
	for (i = 0; i < sc->n_senders; i++) {
		struct sender_cfg *t = &sc->senders[i];
		bool found = false;

		for (j = 0; j < sc->n_devices; j++)
			found |= !strcmp(sc->devices[j].name, t->device);
		if (!found)
			RERR("/senders/%u/device: no device named %s", i, Q(t->device));
		if (t->cpu >= sc->host.cpus)
			RERR("/senders/%u/cpu: CPU %lld but host.cpus is %lld", i, (long long)t->cpu,
			     (long long)sc->host.cpus);
	}
	return 0;
}

static bool tcp_listener_named(const struct scenario *sc, const char *name)
{
	uint32_t j;

	for (j = 0; j < sc->n_sockets; j++)
		if (!strcmp(sc->sockets[j].name, name))
			return sc->sockets[j].proto == SPROTO_TCP;
	return false;
}

/* "4096 131072 6291456": three integers separated by blanks; 0 or -1. */
static int parse_triple(const char *text, int64_t v[3])
{
	const char *p = text;
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		v[i] = strtoll(p, &end, 10);
		if (errno || end == p)
			return -1;
		p = end;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	return *p ? -1 : 0;
}

int scenario_resolve(struct scenario *sc, struct rxsim_err *err)
{
	struct sysctl_cfg *s = &sc->host.sysctl;
	struct sched_cfg *sch = &sc->host.sched;
	int64_t factor = 1 + ilog2((uint64_t)(sc->host.cpus < 8 ? sc->host.cpus : 8));
	uint32_t i, j;
	int rc;
	char qbuf[256];

	if (s->netdev_budget_usecs < 0)
		s->netdev_budget_usecs = 2 * 1000000 / host_hz(&sc->host);
	/* kernel/sched/fair.c: SCHED_TUNABLESCALING_LOG */
	if (sch->latency < 0)
		sch->latency = 6 * SIM_MS * factor;
	if (sch->min_granularity < 0)
		sch->min_granularity = 750 * SIM_US * factor;
	if (sch->wakeup_granularity < 0)
		sch->wakeup_granularity = SIM_MS * factor;
	if (sc->warmup >= sc->duration)
		RERR("/warmup: must be shorter than duration");

	if (!sc->n_nics)
		RERR("/nics: expected at least one NIC");
	for (i = 0; i < sc->n_nics; i++) {
		struct nic_cfg *n = &sc->nics[i];

		resolve_nic(n, sc->host.cpus);
		/* After the driver's defaults: generic's rx-frames is 0, Intel's style ITR.
		 * Intel has no frame count: rx-usecs 0 there turns throttling off. */
		if (n->coalesce.style != COAL_ITR && n->coalesce.rx_interval == 0 &&
		    n->coalesce.rx_frames == 0)
			/* ethtool: both zero is invalid; "no coalescing" is usecs 0, frames 1 */
			RERR("/nics/%u/coalesce/rx-usecs: 0 with rx-frames 0 is invalid "
			     "(no coalescing is rx-usecs 0, rx-frames 1)", i);
		/* ixgbe_set_coalesce(): 1 is the dynamic ITR; igb's 1 and 3 (its
		 * adaptive modes) and ixgbe's 2..3 are not modelled */
		if (n->coalesce.style == COAL_ITR && n->coalesce.rx_interval >= SIM_US &&
		    n->coalesce.rx_interval <= 3 * SIM_US &&
		    !(drv_profiles[n->driver].dynamic_itr && n->coalesce.rx_interval == SIM_US))
			RERR("/nics/%u/coalesce/rx-usecs: %s selects an adaptive ITR that is not "
			     "modelled for %s; give a fixed interval (0 or >= 4us)%s%s%s", i,
			     n->coalesce.rx_interval == SIM_US ? "1" :
			     n->coalesce.rx_interval == 2 * SIM_US ? "2" : "3",
			     drv_profiles[n->driver].name,
			     drv_profiles[n->driver].dynamic_itr ? " or 1 (" : "",
			     drv_profiles[n->driver].dynamic_itr ? drv_profiles[n->driver].name : "",
			     drv_profiles[n->driver].dynamic_itr ? " dynamic ITR)" : "");
		if (strcmp(n->rss_key, "default") && strcmp(n->rss_key, "random") &&
		    rss_parse_key(n->rss_key, NULL))
			RERR("/nics/%u/rss_key: expected \"default\", \"random\" or 40 hex bytes "
			     "separated by colons, got %s", i, Q(n->rss_key));
		if (n->indir.n && n->indir.n != n->indir_size)
			RERR("/nics/%u/indir: %u entr%s but indir_size is %lld", i, n->indir.n,
			     n->indir.n == 1 ? "y" : "ies", (long long)n->indir_size);
		for (j = 0; j < n->indir.n; j++)
			if (n->indir.cpu[j] >= n->queues)
				RERR("/nics/%u/indir/%u: queue %u but the NIC has %lld queue%s", i, j,
				     n->indir.cpu[j], (long long)n->queues, n->queues == 1 ? "" : "s");
		if (n->indir_weights.n && n->indir_weights.n != n->queues)
			RERR("/nics/%u/indir_weights: %u weight%s for %lld queue%s", i,
			     n->indir_weights.n, n->indir_weights.n == 1 ? "" : "s",
			     (long long)n->queues, n->queues == 1 ? "" : "s");
		if (n->indir_weights.n && n->indir.n)
			RERR("/nics/%u/indir_weights: give either indir or indir_weights", i);
		if (n->indir_weights.n) {
			uint32_t sum = 0;

			for (j = 0; j < n->indir_weights.n; j++)
				sum += n->indir_weights.cpu[j];
			/* ethtool -X weight refuses it too: the table would have no queue */
			if (!sum)
				RERR("/nics/%u/indir_weights: all weights are 0 (at least one queue "
				     "must have a weight)", i);
		}
		for (j = 0; j < n->rps_cpus.n; j++)
			if (n->rps_cpus.cpu[j] >= sc->host.cpus)
				RERR("/nics/%u/rps_cpus: CPU %u but host.cpus is %lld", i,
				     n->rps_cpus.cpu[j], (long long)sc->host.cpus);
		if (n->rps_cpus_per_queue[0]) {
			struct cpulist map;
			int nq = rps_queue_map(n->rps_cpus_per_queue, 0, &map), q;

			if (n->rps_cpus.n)
				RERR("/nics/%u/rps_cpus_per_queue: give either rps_cpus (every queue) "
				     "or rps_cpus_per_queue", i);
			if (nq < 0)
				RERR("/nics/%u/rps_cpus_per_queue: expected CPU lists such as \"0-3\" "
				     "separated by ';', got %s", i, Q(n->rps_cpus_per_queue));
			if (nq != n->queues)
				RERR("/nics/%u/rps_cpus_per_queue: %d CPU list%s for %lld queue%s (give "
				     "one per queue; an empty one turns RPS off there)", i, nq,
				     nq == 1 ? "" : "s", (long long)n->queues,
				     n->queues == 1 ? "" : "s");
			free(n->rps_queue_maps);
			n->rps_queue_maps = calloc((size_t)nq, sizeof(*n->rps_queue_maps));
			if (!n->rps_queue_maps) {
				snprintf(err->msg, sizeof(err->msg), "%s: out of memory", sc->file);
				return RXSIM_EINTERNAL;
			}
			for (q = 0; q < nq; q++) {
				rps_queue_map(n->rps_cpus_per_queue, q, &n->rps_queue_maps[q]);
				map = n->rps_queue_maps[q];
				for (j = 0; j < map.n; j++)
					if (map.cpu[j] >= sc->host.cpus)
						RERR("/nics/%u/rps_cpus_per_queue: queue %d: CPU %u but "
						     "host.cpus is %lld", i, q, map.cpu[j],
						     (long long)sc->host.cpus);
			}
		}
		if (n->coalesce.adaptive_rx && n->coalesce.style != COAL_EQE &&
		    n->coalesce.style != COAL_CQE)
			RERR("/nics/%u/coalesce/adaptive-rx: net DIM moderates the eqe and cqe "
			     "styles (mlx5, generic); for ixgbe's dynamic ITR use rx-usecs 1", i);
		if (n->coalesce.style == COAL_ITR && n->coalesce.rx_frames > 0)
			RERR("/nics/%u/coalesce/rx-frames: Intel ITR has no frame limit "
			     "(use style \"eqe\" or \"cqe\", or rx-frames 0)", i);
		if (n->refill_batch > n->rx_ring - 1)
			RERR("/nics/%u/refill_batch: %lld exceeds the ring's %lld usable descriptors",
			     i, (long long)n->refill_batch, (long long)n->rx_ring - 1);
		if (n->irq_affinity.n && n->irq_affinity.n != n->queues)
			RERR("/nics/%u/irq_affinity: %u CPU%s for %lld queue%s (give one per queue)",
			     i, n->irq_affinity.n, n->irq_affinity.n == 1 ? "" : "s",
			     (long long)n->queues, n->queues == 1 ? "" : "s");
		for (j = 0; j < n->irq_affinity.n; j++)
			if (n->irq_affinity.cpu[j] >= sc->host.cpus)
				RERR("/nics/%u/irq_affinity/%u: CPU %u but host.cpus is %lld", i, j,
				     n->irq_affinity.cpu[j], (long long)sc->host.cpus);
		for (j = 0; j < i; j++)
			if (!strcmp(sc->nics[j].name, n->name))
				RERR("/nics/%u/name: %s is used twice", i, Q(n->name));
	}
	for (i = 0; i < sc->n_sockets; i++)
		for (j = 0; j < i; j++) {
			if (!strcmp(sc->sockets[j].name, sc->sockets[i].name))
				RERR("/sockets/%u/name: %s is used twice", i,
				     Q(sc->sockets[i].name));
			if (sc->sockets[j].port == sc->sockets[i].port &&
			    !(sc->sockets[j].reuseport && sc->sockets[i].reuseport))
				RERR("/sockets/%u/port: %lld is already bound by %s (both need "
				     "reuseport to share it)", i, (long long)sc->sockets[i].port,
				     Q(sc->sockets[j].name));
		}
	for (i = 0; i < sc->n_apps; i++) {
		struct app_cfg *a = &sc->apps[i];
		const char *name = a->socket;
		int nnames = 0;

		while (*name) {
			size_t len = strcspn(name, ",");
			bool found = false;

			for (j = 0; j < sc->n_sockets; j++)
				found |= strlen(sc->sockets[j].name) == len &&
					 !strncmp(sc->sockets[j].name, name, len);
			if (!found) {
				char one[sizeof(a->socket)];

				snprintf(one, sizeof(one), "%.*s", (int)len, name);
				RERR("/apps/%u/socket: no socket named %s", i, Q(one));
			}
			nnames++;
			name += len + (name[len] == ',');
		}
		if (nnames == 1 && tcp_listener_named(sc, a->socket) &&
		    a->mode != APP_RECVMSG && a->mode != APP_EPOLL)
			RERR("/apps/%u/mode: a TCP reader uses \"recvmsg\" or \"epoll\"", i);
		if (nnames != 1 && a->mode != APP_EPOLL)
			RERR("/apps/%u/socket: only mode \"epoll\" reads several sockets", i);
		if (a->cpu >= sc->host.cpus)
			RERR("/apps/%u/cpu: CPU %lld but host.cpus is %lld", i, (long long)a->cpu,
			     (long long)sc->host.cpus);
		if (a->n_pauses)
			qsort(a->pauses, a->n_pauses, sizeof(*a->pauses), pause_cmp);
		for (j = 1; j < a->n_pauses; j++)
			if (a->pauses[j].at < a->pauses[j - 1].at + a->pauses[j - 1].len)
				RERR("/apps/%u/pauses: windows overlap", i);
	}
	for (j = 0; j < s->flow_limit_cpu_bitmap.n; j++)
		if (s->flow_limit_cpu_bitmap.cpu[j] >= sc->host.cpus)
			RERR("/host/sysctl/net.core.flow_limit_cpu_bitmap: CPU %u but host.cpus is %lld",
			     s->flow_limit_cpu_bitmap.cpu[j], (long long)sc->host.cpus);
	for (i = 0; i < sc->n_hogs; i++)
		if (sc->hogs[i].cpu >= sc->host.cpus)
			RERR("/hogs/%u/cpu: CPU %lld but host.cpus is %lld", i,
			     (long long)sc->hogs[i].cpu, (long long)sc->host.cpus);
	{
		/* the TCP sysctls written as "min default max" (net/ipv4/sysctl_net_ipv4.c) */
		static const struct {
			const char *key;
			size_t text, vals;
			bool ordered;
		} tri[] = {
			{ "net.ipv4.tcp_rmem", offsetof(struct sysctl_cfg, tcp_rmem),
			  offsetof(struct sysctl_cfg, tcp_rmem_v), true },
			{ "net.ipv4.tcp_wmem", offsetof(struct sysctl_cfg, tcp_wmem),
			  offsetof(struct sysctl_cfg, tcp_wmem_v), true },
			{ "net.ipv4.tcp_mem", offsetof(struct sysctl_cfg, tcp_mem),
			  offsetof(struct sysctl_cfg, tcp_mem_v), true },
		};

		for (i = 0; i < sizeof(tri) / sizeof(tri[0]); i++) {
			const char *text = (const char *)s + tri[i].text;
			int64_t *v = (int64_t *)(void *)((char *)s + tri[i].vals);

			if (parse_triple(text, v) || v[0] < 1 || v[1] < v[0] || v[2] < v[1] ||
			    v[2] > INT32_MAX)
				RERR("/host/sysctl/%s: expected three integers \"min default max\" "
				     "(1 <= min <= default <= max <= 2147483647), got %s", tri[i].key,
				     Q(text));
		}
	}
	for (i = 0; i < sc->n_traffic; i++) {
		struct traffic_cfg *t = &sc->traffic[i];
		bool found = !t->nic[0];

		for (j = 0; j < sc->n_nics; j++)
			found |= !strcmp(sc->nics[j].name, t->nic);
		if (!found)
			RERR("/traffic/%u/nic: no NIC named %s", i, Q(t->nic));
		/* (a rate left at 0 by an earlier resolve keeps the decision) */
		if (t->rate != 0)
			t->tcp_sender = t->proto == TPROTO_TCP && !traffic_is_replay(t) &&
					t->rate < 0 && !t->rate_profile[0] && t->arrival != ARR_MMPP;
		/* size, dst, rate echo; the parsed forms of the text keys */
		if (traffic_cfg_resolve(t, err->msg, sizeof(err->msg)))
			return RXSIM_EINTERNAL;
		if (loss_parse(t->loss, &t->loss_u32))
			RERR("/traffic/%u/loss: expected a probability 0..1 or a percentage "
			     "(e.g. \"0.001\" or \"0.1%%\"), got %s", i, Q(t->loss));
		if (t->mtu > 0 && t->parsed.src.family != FLOW_IPV4)
			RERR("/traffic/%u/mtu: fragmentation is modelled for IPv4 flows only", i);
		if (t->mtu < 0 && t->parsed.src.family == FLOW_IPV4)
			for (j = 0; j < sc->n_nics; j++)
				if ((!t->nic[0] ? j == 0 : !strcmp(sc->nics[j].name, t->nic)) &&
				    sc->nics[j].mtu > 0 && sc->nics[j].mtu >= 576)
					t->mtu = sc->nics[j].mtu;
	}
	rc = scenario__resolve_netfilter(sc, err);
	rc = rc ? rc : resolve_vdevs(sc, err);
	rc = rc ? rc : scenario_resolve_napi(sc, err);
	return rc ? rc : scenario_resolve_xdp_gro(sc, err);
}
