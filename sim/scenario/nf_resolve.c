/* SPDX-License-Identifier: MIT */
/*
 * nf_resolve.c - the netfilter and packet tap sections of a scenario: their
 * text keys (addresses, ports, probabilities) parsed into the typed fields
 * the models read, and the checks across sections (traffic and device
 * names, CPUs, a ctstate match without conntrack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/af_packet.h"
#include "rxsim/flow.h"
#include "rxsim/quote.h"
#include "rxsim/traffic_spec.h"
#include "scenario_int.h"

#define RERR(...) do { \
	int _n = snprintf(err->msg, sizeof(err->msg), "%s: ", sc->file); \
	snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, __VA_ARGS__); \
	return RXSIM_EINPUT; } while (0)
#define Q(s) msg_quote((s), 80, qbuf, sizeof(qbuf))

static bool tap_dev_any(const char *dev)
{
	return !dev[0] || !strcmp(dev, "any");
}

/* fanout_add() (net/packet/af_packet.c): a type with the rollover flag set
 * and type rollover is -EINVAL; a socket joins an existing group only with
 * the group's type, flags and bound device (prot_hook.dev), else -EINVAL;
 * a group made by the legacy setsockopt holds PACKET_FANOUT_MAX_LEGACY. */
static int tap_resolve_fanout(struct scenario *sc, unsigned i, struct rxsim_err *err)
{
	static const char *const modes[] = { "hash", "lb", "cpu", "rnd", "qm", "rollover" };
	const struct tap_cfg *t = &sc->taps[i], *g;
	char qbuf[96], qbuf2[96];
	unsigned j, n = 1;

	if (t->fanout_group < 0) {
		if (t->fanout_mode != FANOUT_HASH)
			RERR("/taps/%u/fanout_mode: needs taps/%u/fanout_group (no PACKET_FANOUT "
			     "without a group)", i, i);
		if (t->fanout_rollover)
			RERR("/taps/%u/fanout_rollover: needs taps/%u/fanout_group (no "
			     "PACKET_FANOUT without a group)", i, i);
		return 0;
	}
	if (t->fanout_mode == FANOUT_ROLLOVER && t->fanout_rollover)
		RERR("/taps/%u/fanout_rollover: fanout_mode is already \"rollover\"; fanout_add "
		     "returns -EINVAL for the rollover flag on type rollover", i);
	for (j = 0, g = NULL; j < i; j++) {
		if (sc->taps[j].fanout_group != t->fanout_group)
			continue;
		if (!g)
			g = &sc->taps[j];	/* the group's first member */
		n++;
	}
	if (!g)
		return 0;
	j = (unsigned)(g - sc->taps);
	if (g->fanout_mode != t->fanout_mode)
		RERR("/taps/%u/fanout_mode: \"%s\", but taps/%u of fanout group %lld has \"%s\": "
		     "fanout_add returns -EINVAL for a type other than the group's", i,
		     modes[t->fanout_mode], j, (long long)t->fanout_group, modes[g->fanout_mode]);
	if (g->fanout_rollover != t->fanout_rollover)
		RERR("/taps/%u/fanout_rollover: %s, but taps/%u of fanout group %lld has %s: "
		     "fanout_add returns -EINVAL for flags other than the group's", i,
		     t->fanout_rollover ? "true" : "false", j, (long long)t->fanout_group,
		     g->fanout_rollover ? "true" : "false");
	if (tap_dev_any(g->dev) != tap_dev_any(t->dev) ||
	    (!tap_dev_any(t->dev) && strcmp(g->dev, t->dev)))
		RERR("/taps/%u/dev: %s, but taps/%u of fanout group %lld captures %s: fanout_add "
		     "returns -EINVAL for a socket bound elsewhere than the group", i, Q(t->dev), j,
		     (long long)t->fanout_group, msg_quote(g->dev, 80, qbuf2, sizeof(qbuf2)));
	if (n > PACKET_FANOUT_MAX_LEGACY)
		RERR("/taps/%u/fanout_group: fanout group %lld would have %u members, more than "
		     "PACKET_FANOUT_MAX (%d): fanout_add returns -ENOSPC", i,
		     (long long)t->fanout_group, n, PACKET_FANOUT_MAX_LEGACY);
	return 0;
}

/* A tap's mode against its ring keys; V1/V2 frames laid out as
 * packet_set_ring() requires (net/packet/af_packet.c): tp_frame_size a
 * multiple of TPACKET_ALIGNMENT and at least tp_hdrlen, at least one frame
 * per block, tp_frame_nr = tp_block_size / tp_frame_size x tp_block_nr. */
static int tap_resolve_ring(struct scenario *sc, struct tap_cfg *t, unsigned i,
			    struct rxsim_err *err)
{
	const char *mode = af_packet_mode_name(t->mode);
	int64_t fpb, n;

	if (t->mode != TAP_SOCKET && t->rcvbuf >= 0)
		RERR("/taps/%u/rcvbuf: only a tap of mode \"socket\" queues against sk_rcvbuf "
		     "(mode is \"%s\")", i, mode);
	if (t->mode != TAP_V1 && t->mode != TAP_V2) {
		if (t->frame_size >= 0)
			RERR("/taps/%u/tp_frame_size: only a ring of mode \"v1\" or \"v2\" has "
			     "fixed frames (mode is \"%s\")", i, mode);
		if (t->frame_nr >= 0)
			RERR("/taps/%u/tp_frame_nr: only a ring of mode \"v1\" or \"v2\" has "
			     "fixed frames (mode is \"%s\")", i, mode);
		return 0;
	}
	if (t->frame_size < 0)
		t->frame_size = tpacket_v12_auto_frame(t->mode, t->snaplen);
	if (t->frame_size % TPACKET_ALIGNMENT)
		RERR("/taps/%u/tp_frame_size: %lld is not a multiple of TPACKET_ALIGNMENT (16): "
		     "packet_set_ring refuses it", i, (long long)t->frame_size);
	if (t->frame_size < tpacket_hdrlen(t->mode))
		RERR("/taps/%u/tp_frame_size: %lld is less than the %s frame header (%u bytes): "
		     "packet_set_ring refuses it", i, (long long)t->frame_size, mode,
		     tpacket_hdrlen(t->mode));
	if (t->frame_size > t->block_size)
		RERR("/taps/%u/tp_frame_size: %lld is larger than tp_block_size (%lld): no frame "
		     "fits a block, packet_set_ring refuses it", i, (long long)t->frame_size,
		     (long long)t->block_size);
	fpb = t->block_size / t->frame_size;
	n = fpb * t->block_nr;
	if (t->frame_nr >= 0 && t->frame_nr != n)
		RERR("/taps/%u/tp_frame_nr: %lld, but tp_block_size / tp_frame_size x tp_block_nr "
		     "is %lld x %lld = %lld: packet_set_ring refuses it", i,
		     (long long)t->frame_nr, (long long)fpb, (long long)t->block_nr,
		     (long long)n);
	if (n > TAP_MAX_FRAMES)
		RERR("/taps/%u/tp_frame_nr: %lld frames, more than rxsim models (%d)", i,
		     (long long)n, TAP_MAX_FRAMES);
	t->frame_nr = n;
	return 0;
}

/* A decimal in [0, 1]; -1 if it is not one. */
static double parse_prob(const char *s)
{
	char *end;
	double d;

	if (!*s)
		return -1;
	d = strtod(s, &end);
	if (*end || !(d >= 0 && d <= 1))
		return -1;
	return d;
}

/* An address set as its first and last address (big-endian byte arrays,
 * compared with memcmp); IPv4 in the first 4 bytes as flow.h keeps it. */
static const char *parse_range(const char *s, uint8_t lo[16], uint8_t hi[16], uint8_t *family)
{
	struct addr_range r;
	const char *why = traffic_parse_addrs(s, &r), *slash = strchr(s, '/');
	uint64_t carry;
	int n, i;

	if (why)
		return why;
	*family = r.family;
	n = r.family == FLOW_IPV4 ? 4 : 16;
	memcpy(lo, r.base, 16);
	memcpy(hi, r.base, 16);
	if (slash) {
		/* the prefix's host bits all set (its count saturates for IPv6) */
		for (i = atoi(slash + 1); i < n * 8; i++)
			hi[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		return NULL;
	}
	carry = r.count - 1;
	for (i = n - 1; i >= 0 && carry; i--) {
		uint64_t v = (uint64_t)hi[i] + (carry & 0xff);

		hi[i] = (uint8_t)v;
		carry = (carry >> 8) + (v >> 8);
	}
	return NULL;
}

static bool names_traffic(const struct scenario *sc, const char *name, size_t len)
{
	uint32_t j;

	for (j = 0; j < sc->n_traffic; j++)
		if (strlen(sc->traffic[j].name) == len && !strncmp(sc->traffic[j].name, name, len))
			return true;
	return false;
}

static int pause_cmp(const void *a, const void *b)
{
	const struct pause_cfg *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

int scenario__resolve_netfilter(struct scenario *sc, struct rxsim_err *err)
{
	struct netfilter_cfg *nf = &sc->netfilter;
	const char *name = nf->conntrack.established, *why;
	char qbuf[256];
	uint32_t i, j;

	for (i = 0; i < nf->n_rules; i++) {
		struct nf_rule_cfg *r = &nf->rules[i];
		struct port_range pr;

		r->any_src = !r->src[0];
		if (!r->any_src && (why = parse_range(r->src, r->src_lo, r->src_hi, &r->src_family)))
			RERR("/netfilter/rules/%u/src: %s: %s", i, why, Q(r->src));
		r->any_dst = !r->dst[0];
		if (!r->any_dst && (why = parse_range(r->dst, r->dst_lo, r->dst_hi, &r->dst_family)))
			RERR("/netfilter/rules/%u/dst: %s: %s", i, why, Q(r->dst));
		r->sport_lo = 0;
		r->sport_hi = 65535;
		if (r->sport[0]) {
			if ((why = traffic_parse_ports(r->sport, &pr)))
				RERR("/netfilter/rules/%u/sport: %s: %s", i, why, Q(r->sport));
			r->sport_lo = pr.lo;
			r->sport_hi = pr.hi;
		}
		r->dport_lo = 0;
		r->dport_hi = 65535;
		if (r->dport[0]) {
			if ((why = traffic_parse_ports(r->dport, &pr)))
				RERR("/netfilter/rules/%u/dport: %s: %s", i, why, Q(r->dport));
			r->dport_lo = pr.lo;
			r->dport_hi = pr.hi;
		}
		if ((r->sport[0] || r->dport[0]) && r->proto == NF_RPROTO_ALL)
			RERR("/netfilter/rules/%u/proto: --sport/--dport need -p udp or -p tcp", i);
		r->prob = parse_prob(r->probability);
		if (r->prob < 0)
			RERR("/netfilter/rules/%u/probability: expected a decimal 0..1, got %s", i,
			     Q(r->probability));
		if (r->ctstate != NF_CTSTATE_ANY && !nf->conntrack.enabled)
			RERR("/netfilter/rules/%u/ctstate: needs netfilter.conntrack.enabled", i);
		if (r->ctstate != NF_CTSTATE_ANY && r->chain == NF_CHAIN_PREROUTING)
			RERR("/netfilter/rules/%u/ctstate: PREROUTING rules are the raw table's, "
			     "which runs before conntrack; match ctstate in INPUT", i);
	}
	while (*name) {
		size_t len = strcspn(name, ",");

		if (!names_traffic(sc, name, len)) {
			char one[sizeof(nf->conntrack.established)];

			snprintf(one, sizeof(one), "%.*s", (int)len, name);
			RERR("/netfilter/conntrack/established: no traffic named %s", Q(one));
		}
		name += len + (name[len] == ',');
	}
	if (nf->conntrack.established[0] && !nf->conntrack.enabled)
		RERR("/netfilter/conntrack/established: needs netfilter.conntrack.enabled");
	for (i = 0; i < sc->n_taps; i++) {
		struct tap_cfg *t = &sc->taps[i];
		bool found = !strcmp(t->dev, "any") || !t->dev[0];

		for (j = 0; j < sc->n_nics; j++)
			found |= !strcmp(sc->nics[j].name, t->dev);
		for (j = 0; !found && j < sc->n_devices; j++)
			if (!strcmp(sc->devices[j].name, t->dev))
				RERR("/taps/%u/dev: %s is a virtual device; a tap captures on a NIC, "
				     "or on \"any\" (which sees lo and veth traffic too)", i,
				     Q(t->dev));
		if (!found)
			RERR("/taps/%u/dev: no interface named %s", i, Q(t->dev));
		if (t->cpu >= sc->host.cpus)
			RERR("/taps/%u/cpu: CPU %lld but host.cpus is %lld", i, (long long)t->cpu,
			     (long long)sc->host.cpus);
		if (t->block_size % 4096)
			RERR("/taps/%u/tp_block_size: %lld is not a multiple of the page size "
			     "(4096): packet_set_ring refuses it", i, (long long)t->block_size);
		if (tap_resolve_ring(sc, t, i, err))
			return RXSIM_EINPUT;
		t->match_p = parse_prob(t->match);
		if (t->match_p < 0)
			RERR("/taps/%u/match: expected a decimal 0..1, got %s", i, Q(t->match));
		if (t->n_pauses)
			qsort(t->pauses, t->n_pauses, sizeof(*t->pauses), pause_cmp);
		for (j = 1; j < t->n_pauses; j++)
			if (t->pauses[j].at < t->pauses[j - 1].at + t->pauses[j - 1].len)
				RERR("/taps/%u/pauses: windows overlap", i);
		if (tap_resolve_fanout(sc, i, err))
			return RXSIM_EINPUT;
	}
	return 0;
}
