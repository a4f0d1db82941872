/* SPDX-License-Identifier: MIT */
/*
 * xdp_spec.c - the XDP and GRO keys of a scenario: rule text (addresses,
 * ports, fraction) parsed into typed fields for models/xdp.c, and what one
 * key says about another section or needs from the kernel version.
 */
#include <stdio.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/quote.h"
#include "rxsim/scenario.h"
#include "rxsim/traffic_spec.h"
#include "rxsim/xdp_spec.h"

/* "0.25" into parts per million: (0, 1], at most 6 fractional digits. */
static const char *parse_fraction(const char *s, uint32_t *ppm)
{
	uint64_t whole = 0, frac = 0;
	int digits = 0;
	const char *c = s;

	if (!*s)
		return "empty";
	for (; *c >= '0' && *c <= '9'; c++)
		if ((whole = whole * 10 + (uint64_t)(*c - '0')) > 1)
			return "above 1";
	if (c == s && *c != '.')
		return "not a decimal";
	if (*c == '.') {
		for (c++; *c >= '0' && *c <= '9'; c++, digits++)
			if (digits < 6)
				frac = frac * 10 + (uint64_t)(*c - '0');
			else if (*c != '0')
				return "more than 6 fractional digits";
	}
	if (*c)
		return "not a decimal";
	for (; digits < 6; digits++)
		frac *= 10;
	if (whole == 1 && frac)
		return "above 1";
	*ppm = (uint32_t)(whole * 1000000 + frac);
	if (!*ppm)
		return "must be above 0";
	return NULL;
}

static int parse_rule(struct xdp_rule_cfg *r, const char **key, char *msg, size_t len)
{
	struct addr_range a;
	struct port_range pr;
	const char *why;
	char q[160];

	r->src_family = r->dst_family = 0;
	r->sport_lo = r->dport_lo = 0;
	r->sport_hi = r->dport_hi = 65535;
	r->fraction_ppm = 1000000;
#define FAIL(k, ...) do { *key = k; snprintf(msg, len, __VA_ARGS__); return -1; } while (0)
	if (r->src[0]) {
		if ((why = traffic_parse_addrs(r->src, &a)))
			FAIL("src", "expected %s, got %s (%s)", TSYN_ADDR, msg_quote(r->src, 64, q, sizeof(q)), why);
		r->src_family = a.family;
		memcpy(r->src_base, a.base, 16);
		r->src_count = a.count;
	}
	if (r->dst[0]) {
		if ((why = traffic_parse_addrs(r->dst, &a)))
			FAIL("dst", "expected %s, got %s (%s)", TSYN_ADDR, msg_quote(r->dst, 64, q, sizeof(q)), why);
		r->dst_family = a.family;
		memcpy(r->dst_base, a.base, 16);
		r->dst_count = a.count;
	}
	if (r->src_port[0]) {
		if ((why = traffic_parse_ports(r->src_port, &pr)))
			FAIL("src_port", "expected %s, got %s (%s)", TSYN_PORTS,
			     msg_quote(r->src_port, 32, q, sizeof(q)), why);
		r->sport_lo = pr.lo;
		r->sport_hi = pr.hi;
	}
	if (r->dst_port[0]) {
		if ((why = traffic_parse_ports(r->dst_port, &pr)))
			FAIL("dst_port", "expected %s, got %s (%s)", TSYN_PORTS,
			     msg_quote(r->dst_port, 32, q, sizeof(q)), why);
		r->dport_lo = pr.lo;
		r->dport_hi = pr.hi;
	}
	if (r->fraction[0] && (why = parse_fraction(r->fraction, &r->fraction_ppm)))
		FAIL("fraction", "expected a decimal in (0, 1] with at most 6 fractional digits, "
		     "got %s (%s)", msg_quote(r->fraction, 32, q, sizeof(q)), why);
	if (r->flows.n && !r->traffic[0])
		FAIL("flows", "flow indices need the traffic source they belong to (traffic)");
#undef FAIL
	return 0;
}

int xdp_rule_cfg_check(const void *elem, const char **key, char *msg, size_t len)
{
	struct xdp_rule_cfg r;

	memcpy(&r, elem, sizeof(r));
	return parse_rule(&r, key, msg, len);
}

#define RERR(...) do { \
	int _n = snprintf(err->msg, sizeof(err->msg), "%s: ", sc->file); \
	snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, __VA_ARGS__); \
	return RXSIM_EINPUT; } while (0)
#define KV(k) (k) / 1000, (k) % 1000

/* devices[].gro / xdp / xdp_rules: veth NAPI mode (models/veth_napi.c). */
static int scenario_resolve_veth_napi(struct scenario *sc, struct rxsim_err *err)
{
	uint32_t i, j;

	for (i = 0; i < sc->n_devices; i++) {
		struct vdev_cfg *d = &sc->devices[i];

		if (d->type != VDEV_VETH && (d->gro || d->xdp || d->gro_udp_fwd || d->threaded))
			RERR("/devices/%u/%s: only a veth has a NAPI mode (type is lo)", i,
			     d->gro ? "gro" : d->xdp ? "xdp" : d->threaded ? "threaded" :
			     "gro_udp_fwd");
		/* threaded_store(): a device without NAPIs refuses the write
		 * (measured on 6.18: a veth before `ethtool -K gro on`) */
		if (d->threaded && !d->gro && !d->xdp)
			RERR("/devices/%u/threaded: a veth has a NAPI to thread only with gro or xdp "
			     "on (writing 1 to its /sys/class/net/IF/threaded fails)", i);
		/* net: implement threaded-able napi poll loop support (29863d41bb6e,
		 * 5.12) */
		if (d->threaded && sc->kernel < KVER(5, 12))
			RERR("/devices/%u/threaded: threaded NAPI needs kernel 5.12 or later (kernel "
			     "is %d.%d)", i, KV(sc->kernel));
		/* veth: allow enabling NAPI even without XDP (d3256efd8e8b, 5.13) */
		if (d->gro && sc->kernel < KVER(5, 13))
			RERR("/devices/%u/gro: veth GRO needs kernel 5.13 or later (kernel is %d.%d)",
			     i, KV(sc->kernel));
		/* veth: Add driver XDP (948d4f214fde, 4.19) */
		if (d->xdp && sc->kernel < KVER(4, 19))
			RERR("/devices/%u/xdp: XDP on a veth needs kernel 4.19 or later (kernel is "
			     "%d.%d)", i, KV(sc->kernel));
		/* veth_xdp_set(): max_mtu = SKB_WITH_OVERHEAD(PAGE_SIZE -
		 * VETH_XDP_HEADROOM) - hard_header_len = 4096 - 256 - 320 - 14 on
		 * x86-64 (a program without frags support) */
		if (d->xdp && d->mtu > 3506)
			RERR("/devices/%u/mtu: %lld, but XDP on a veth needs an MTU of at most 3506 "
			     "(\"Peer MTU is too large to set XDP\")", i, (long long)d->mtu);
		for (j = 0; j < d->n_xdp_rules; j++) {
			struct xdp_rule_cfg *r = &d->xdp_rules[j];
			const char *key = NULL;
			char msg[300];

			if (parse_rule(r, &key, msg, sizeof(msg)))
				RERR("/devices/%u/xdp_rules/%u/%s: %s", i, j, key, msg);
			r->traffic_idx = -1;
			if (r->traffic[0])
				RERR("/devices/%u/xdp_rules/%u/traffic: a veth receives from local "
				     "senders, not traffic sources; match src_port or dst_port instead",
				     i, j);
			if (r->action == XDP_TX || r->action == XDP_REDIRECT)
				RERR("/devices/%u/xdp_rules/%u/action: a veth program here may return "
				     "drop, aborted or pass (tx and redirect are not modelled on a veth)",
				     i, j);
		}
	}
	return 0;
}

int scenario_resolve_xdp_gro(struct scenario *sc, struct rxsim_err *err)
{
	uint32_t i, j, t;

	for (i = 0; i < sc->n_sockets; i++)
		/* udp: implement GRO for plain UDP sockets (e20cf8d3f1f7, 5.0) */
		if (sc->sockets[i].udp_gro && sc->kernel < KVER(5, 0))
			RERR("/sockets/%u/udp_gro: UDP_GRO needs kernel 5.0 or later (kernel is "
			     "%d.%d)", i, KV(sc->kernel));
	for (i = 0; i < sc->n_nics; i++) {
		struct nic_cfg *n = &sc->nics[i];

		/* gro: add ability to control gro max packet size (eac1b93c14d6, 5.19) */
		if (n->gro_max_size != 65536 && sc->kernel < KVER(5, 19))
			RERR("/nics/%u/gro_max_size: needs kernel 5.19 or later (kernel is %d.%d)", i,
			     KV(sc->kernel));
		/* net: add gro_ipv4_max_size and gso_ipv4_max_size (9eefedd58ae1, 6.3) */
		if (n->gro_ipv4_max_size != 65536 && sc->kernel < KVER(6, 3))
			RERR("/nics/%u/gro_ipv4_max_size: needs kernel 6.3 or later (kernel is %d.%d)",
			     i, KV(sc->kernel));
		/* native XDP arrived with mlx4 in 4.8 */
		if (n->xdp && sc->kernel < KVER(4, 8))
			RERR("/nics/%u/xdp: XDP needs kernel 4.8 or later (kernel is %d.%d)", i,
			     KV(sc->kernel));
		for (j = 0; j < n->n_xdp_rules; j++) {
			struct xdp_rule_cfg *r = &n->xdp_rules[j];
			const char *key = NULL;
			char msg[300], q[80];

			if (parse_rule(r, &key, msg, sizeof(msg)))
				RERR("/nics/%u/xdp_rules/%u/%s: %s", i, j, key, msg);
			r->traffic_idx = -1;
			if (r->traffic[0]) {
				for (t = 0; t < sc->n_traffic; t++)
					if (!strcmp(sc->traffic[t].name, r->traffic))
						r->traffic_idx = (int)t;
				if (r->traffic_idx < 0)
					RERR("/nics/%u/xdp_rules/%u/traffic: no traffic source named "
					     "%s", i, j, msg_quote(r->traffic, 32, q, sizeof(q)));
			}
			if (r->action == XDP_REDIRECT) {
				/* bpf: introduce new bpf cpu map type (6710e1126934, 4.15) */
				if (sc->kernel < KVER(4, 15))
					RERR("/nics/%u/xdp_rules/%u/action: XDP_REDIRECT into a cpumap "
					     "needs kernel 4.15 or later (kernel is %d.%d)", i, j,
					     KV(sc->kernel));
				if (r->cpu >= sc->host.cpus)
					RERR("/nics/%u/xdp_rules/%u/cpu: CPU %lld but host.cpus is %lld",
					     i, j, (long long)r->cpu, (long long)sc->host.cpus);
			}
		}
	}
	return scenario_resolve_veth_napi(sc, err);
}
