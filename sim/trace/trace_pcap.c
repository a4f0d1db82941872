/* SPDX-License-Identifier: MIT */
/*
 * trace_pcap.c - pcap and pcapng captures through libpcap, and the run
 * layer's side of replay: opening every trace of a scenario, handing it to
 * its source, and turning a source's failure into an input error.
 *
 * Link types: Ethernet (DLT_EN10MB), and the ones captures are made with
 * when there is no Ethernet header to keep: Linux cooked (LINUX_SLL2 from
 * `tcpdump -i any`, LINUX_SLL from older tcpdump), raw IP (DLT_RAW,
 * LINKTYPE_IPV4, LINKTYPE_IPV6) and BSD loopback (DLT_NULL in the capturing
 * host's byte order, DLT_LOOP in network order).  A cooked capture keeps
 * both directions: its outgoing packets are replayed like the others
 * (`tcpdump -Q in` records the received ones only).
 *
 * Frames: up to four 802.1Q/802.1ad tags, IPv4 (options skipped) and IPv6
 * (hop-by-hop, routing, destination options and AH headers skipped), UDP
 * and TCP.  Anything else is returned with a skip reason and counted,
 * never dropped silently.  Sizes: the frame's original length plus a
 * 4-byte FCS (captures do not hold it), padded to the 64-byte minimum as
 * on the wire; without an Ethernet header, the length after the link
 * header plus the 14 bytes of one, then the same.  Times: nanoseconds since
 * the first record; a record earlier than its predecessor (multi-queue
 * captures) is raised to it and counted.
 */
#define _DEFAULT_SOURCE 1	/* u_char, u_int: <pcap/pcap.h> needs the BSD types */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/quote.h"
#include "rxsim/scenario.h"
#include "rxsim/trace.h"
#include "rxsim/traffic.h"
#include "rxsim/unaligned.h"

struct pcap_src {
	pcap_t *p;
	int dlt;
	uint64_t n;			/* records read in this pass */
	bool have_t0;
	int64_t t0_ns;
	sim_time_t last;
	char path[4096];
};

#define ETH_HLEN	14

/* Frame size on the wire for an L2 frame of @len bytes without FCS; false
 * if it is beyond a jumbo frame. */
static bool wire_size(uint32_t len, struct trace_pkt *out)
{
	uint32_t sz = len > UINT32_MAX - 4 ? UINT32_MAX : len + 4;

	out->size = sz < TRACE_MIN_FRAME ? TRACE_MIN_FRAME : sz;
	if (out->size > TRACE_MAX_FRAME) {
		out->skip = TRACE_SKIP_OVERSIZE;
		return false;
	}
	return true;
}

/* An IPv4 fragment (ip_is_fragment): its IP fields ride in the tuple
 * (ip_frag.h) for ip_defrag; the first (offset 0) carries the ports when
 * they were captured, the others none.  A fragment ip_frag_queue() could
 * never place (its end beyond 65535, a total length shorter than its
 * header) is skipped as one. */
static void parse_frag4(const uint8_t *d, uint32_t caplen, const uint8_t *ip, uint32_t ihl,
			uint32_t l4, uint8_t proto, struct trace_pkt *out)
{
	uint16_t fo = get_unaligned_be16(ip + 6), tot = get_unaligned_be16(ip + 2);
	struct frag_info fi;

	if (proto != FLOW_UDP && proto != FLOW_TCP) {
		out->skip = TRACE_SKIP_NOT_UDP_TCP;
		return;
	}
	if (tot <= ihl || (uint32_t)(fo & 0x1fff) * 8 + (tot - ihl) > 65535) {
		out->skip = TRACE_SKIP_FRAGMENT;
		return;
	}
	fi.id = get_unaligned_be16(ip + 4);
	fi.off = (uint16_t)((fo & 0x1fff) * 8);
	fi.len = (uint16_t)(tot - ihl);
	fi.mf = (fo & 0x2000) != 0;
	fi.proto = proto;
	if (!fi.off) {
		if (caplen < l4 + 4) {
			out->skip = TRACE_SKIP_SNAPPED;
			return;
		}
		out->tuple.sport = get_unaligned_be16(d + l4);
		out->tuple.dport = get_unaligned_be16(d + l4 + 2);
	}
	frag_encode(&out->tuple, &fi);
}

/* From EtherType @type at @off on: VLAN tags, then IPv4/IPv6 and the ports. */
static void parse_l3(const uint8_t *d, uint32_t caplen, uint32_t off, uint16_t type,
		     struct trace_pkt *out)
{
	uint32_t l4 = 0;
	uint8_t proto = 0;
	int tags;

	for (tags = 0; tags < 4 && (type == 0x8100 || type == 0x88a8 || type == 0x9100); tags++) {
		if (caplen < off + 4) {
			out->skip = TRACE_SKIP_SNAPPED;
			return;
		}
		type = get_unaligned_be16(d + off + 2);
		off += 4;
	}
	if (type == 0x0800) {
		const uint8_t *ip = d + off;
		uint32_t ihl;

		if (caplen < off + 20) {
			out->skip = TRACE_SKIP_SNAPPED;
			return;
		}
		ihl = (uint32_t)(ip[0] & 0x0f) * 4;
		if ((ip[0] >> 4) != 4 || ihl < 20) {
			out->skip = TRACE_SKIP_NOT_IP;
			return;
		}
		proto = ip[9];
		out->tuple.family = FLOW_IPV4;
		memcpy(out->tuple.saddr, ip + 12, 4);
		memcpy(out->tuple.daddr, ip + 16, 4);
		l4 = off + ihl;
		if (get_unaligned_be16(ip + 6) & 0x3fff) {	/* MF or a fragment offset */
			parse_frag4(d, caplen, ip, ihl, l4, proto, out);
			return;
		}
	} else if (type == 0x86dd) {
		const uint8_t *ip = d + off;
		uint32_t h, ext;
		int guard;

		if (caplen < off + 40) {
			out->skip = TRACE_SKIP_SNAPPED;
			return;
		}
		if ((ip[0] >> 4) != 6) {
			out->skip = TRACE_SKIP_NOT_IP;
			return;
		}
		out->tuple.family = FLOW_IPV6;
		memcpy(out->tuple.saddr, ip + 8, 16);
		memcpy(out->tuple.daddr, ip + 24, 16);
		proto = ip[6];
		h = off + 40;
		for (guard = 0; guard < 8; guard++) {
			if (proto == 44) {
				out->skip = TRACE_SKIP_FRAGMENT;
				return;
			}
			if (proto != 0 && proto != 43 && proto != 60 && proto != 51)
				break;
			if (caplen < h + 2) {
				out->skip = TRACE_SKIP_SNAPPED;
				return;
			}
			/* AH counts 4-byte words minus 2, the others 8-byte units minus 1 */
			ext = proto == 51 ? (d[h + 1] + 2u) * 4 : (d[h + 1] + 1u) * 8;
			proto = d[h];
			h += ext;
		}
		l4 = h;
	} else {
		out->skip = TRACE_SKIP_NOT_IP;
		return;
	}
	if (proto != FLOW_UDP && proto != FLOW_TCP) {
		out->skip = TRACE_SKIP_NOT_UDP_TCP;
		return;
	}
	if (caplen < l4 + 4) {
		out->skip = TRACE_SKIP_SNAPPED;
		return;
	}
	out->tuple.proto = proto;
	out->tuple.sport = get_unaligned_be16(d + l4);
	out->tuple.dport = get_unaligned_be16(d + l4 + 2);
}

/* Ethernet: the frame as captured; EtherType at 12. */
static void parse_ether(const uint8_t *d, uint32_t caplen, uint32_t len, struct trace_pkt *out)
{
	if (!wire_size(len, out))
		return;
	if (caplen < ETH_HLEN) {
		out->skip = len < ETH_HLEN ? TRACE_SKIP_NOT_IP : TRACE_SKIP_SNAPPED;
		return;
	}
	parse_l3(d, caplen, ETH_HLEN, get_unaligned_be16(d + 12), out);
}

/* BSD loopback: the address family, in the capturing host's byte order
 * (DLT_NULL: either) or in network order (DLT_LOOP).  AF_INET6 differs
 * between systems: 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS), 10
 * (Linux). */
static uint16_t loop_family(uint32_t af)
{
	if (af == 2)
		return 0x0800;
	if (af == 10 || af == 24 || af == 28 || af == 30)
		return 0x86dd;
	return 0;
}

/*
 * A link type without an Ethernet header: @hlen bytes of link header hold
 * the EtherType (or what stands for it), then the packet, which crosses the
 * wire with an Ethernet header in front.  @type 0: take the IP version.
 */
static void parse_link(int dlt, const uint8_t *d, uint32_t caplen, uint32_t len,
		       struct trace_pkt *out)
{
	uint32_t hlen;
	uint16_t type = 0;

	switch (dlt) {
	case DLT_LINUX_SLL:	/* pkttype, hatype, halen, addr[8], protocol */
		hlen = 16;
		break;
	case DLT_LINUX_SLL2:	/* protocol, reserved, ifindex, hatype, pkttype, halen, addr[8] */
		hlen = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		hlen = 4;
		break;
	default:		/* raw IPv4 or IPv6 */
		hlen = 0;
		break;
	}
	if (len < hlen) {
		wire_size(ETH_HLEN, out);
		out->skip = TRACE_SKIP_NOT_IP;
		return;
	}
	if (!wire_size(len - hlen > UINT32_MAX - ETH_HLEN ? UINT32_MAX : len - hlen + ETH_HLEN, out))
		return;
	if (caplen < hlen + (hlen ? 0 : 1)) {
		out->skip = TRACE_SKIP_SNAPPED;
		return;
	}
	if (dlt == DLT_LINUX_SLL)
		type = get_unaligned_be16(d + 14);
	else if (dlt == DLT_LINUX_SLL2)
		type = get_unaligned_be16(d);
	else if (dlt == DLT_LOOP)
		type = loop_family(get_unaligned_be32(d));
	else if (dlt == DLT_NULL)
		type = loop_family(get_unaligned_le32(d)) | loop_family(get_unaligned_be32(d));
	else
		type = d[0] >> 4 == 4 ? 0x0800 : d[0] >> 4 == 6 ? 0x86dd : 0;
	parse_l3(d, caplen, hlen, type, out);
}

static bool dlt_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

static int pcap_src_open(struct pcap_src *ps, char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	FILE *f = fopen(ps->path, "rb");
	int dlt;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", ps->path, strerror(errno));
		return RXSIM_EINPUT;
	}
	ps->p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!ps->p) {
		fclose(f);
		snprintf(err, errlen, "%s: not a readable pcap or pcapng capture (libpcap: %s)",
			 ps->path, errbuf[0] ? errbuf : "unknown error");
		return RXSIM_EINPUT;
	}
	dlt = pcap_datalink(ps->p);
	if (!dlt_supported(dlt)) {
		const char *name = pcap_datalink_val_to_name(dlt);
		const char *desc = pcap_datalink_val_to_description(dlt);

		snprintf(err, errlen, "%s: link type %s (%s) is not supported: rxsim replays "
			 "Ethernet (EN10MB), Linux cooked (LINUX_SLL, LINUX_SLL2), raw IP (RAW, "
			 "IPV4, IPV6) and loopback (NULL, LOOP) captures", ps->path,
			 name ? name : "unknown", desc ? desc : "no description");
		pcap_close(ps->p);
		ps->p = NULL;
		return RXSIM_EINPUT;
	}
	ps->dlt = dlt;
	ps->n = 0;
	ps->last = 0;
	return 0;
}

static int pcap_next_rec(void *ctx, struct trace_pkt *out, char *err, size_t errlen)
{
	struct pcap_src *ps = ctx;
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int64_t t_ns, rel;
	int rc = pcap_next_ex(ps->p, &hdr, &data);

	if (rc == PCAP_ERROR_BREAK)
		return 0;
	if (rc != 1) {
		snprintf(err, errlen, "%s: packet %llu: %s", ps->path,
			 (unsigned long long)ps->n + 1,
			 rc == PCAP_ERROR ? pcap_geterr(ps->p) : "unexpected libpcap result");
		return -1;
	}
	ps->n++;
	memset(out, 0, sizeof(*out));
	out->number = ps->n;
	if (hdr->ts.tv_sec < 0 || hdr->ts.tv_sec > INT64_MAX / 1000000000 - 1 ||
	    hdr->ts.tv_usec < 0 || hdr->ts.tv_usec >= 1000000000) {
		snprintf(err, errlen, "%s: packet %llu: corrupt timestamp", ps->path,
			 (unsigned long long)ps->n);
		return -1;
	}
	t_ns = (int64_t)hdr->ts.tv_sec * 1000000000 + (int64_t)hdr->ts.tv_usec;
	if (!ps->have_t0) {
		ps->have_t0 = true;
		ps->t0_ns = t_ns;
	}
	rel = t_ns - ps->t0_ns;
	/* Earlier than the first record: reordered, as a record earlier than
	 * its predecessor is, and never scaled to ps (a first record at
	 * 18446745 s then one at 0 s would overflow the multiplication). */
	if (rel < 0) {
		out->t = ps->last;
		out->clamped = 1;
		parse_ether(data, hdr->caplen, hdr->len, out);
		return 1;
	}
	if (rel > SIM_TIME_MAX / 4 / SIM_NS) {
		snprintf(err, errlen, "%s: packet %llu: timestamp %lld s after the first packet "
			 "(corrupt?)", ps->path, (unsigned long long)ps->n,
			 (long long)(rel / 1000000000));
		return -1;
	}
	out->t = rel * SIM_NS;
	if (out->t < ps->last) {
		out->t = ps->last;
		out->clamped = 1;
	}
	ps->last = out->t;
	if (ps->dlt == DLT_EN10MB)
		parse_ether(data, hdr->caplen, hdr->len, out);
	else
		parse_link(ps->dlt, data, hdr->caplen, hdr->len, out);
	return 1;
}

static int pcap_rewind(void *ctx, char *err, size_t errlen)
{
	struct pcap_src *ps = ctx;

	pcap_close(ps->p);
	ps->p = NULL;
	return pcap_src_open(ps, err, errlen) ? -1 : 0;
}

static void pcap_src_close(void *ctx)
{
	struct pcap_src *ps = ctx;

	if (ps->p)
		pcap_close(ps->p);
	free(ps);
}

static const struct pkt_source_ops pcap_ops = {
	.name = "pcap",
	.next = pcap_next_rec,
	.rewind = pcap_rewind,
	.close = pcap_src_close,
};

int trace_pcap_open(const char *path, struct pkt_source *out, char *err, size_t errlen)
{
	struct pcap_src *ps = calloc(1, sizeof(*ps));
	int rc;

	if (!ps) {
		snprintf(err, errlen, "%s: out of memory", path);
		return RXSIM_EINTERNAL;
	}
	snprintf(ps->path, sizeof(ps->path), "%s", path);
	rc = pcap_src_open(ps, err, errlen);
	if (rc) {
		free(ps);
		return rc;
	}
	out->ops = &pcap_ops;
	out->ctx = ps;
	return 0;
}

int trace_open(const char *path, int format, struct pkt_source *out, char *err, size_t errlen)
{
	if (trace_is_csv(path, format))
		return trace_csv_open(path, out, err, errlen);
	return trace_pcap_open(path, out, err, errlen);
}

void trace_resolve_path(const char *scenario_file, const char *file, char *out, size_t len)
{
	const char *slash = strrchr(scenario_file, '/');

	if (file[0] == '/' || !slash || scenario_file[0] == '<')
		snprintf(out, len, "%s", file);
	else
		snprintf(out, len, "%.*s/%s", (int)(slash - scenario_file), scenario_file, file);
}

/* ---- the run layer ---- */

static int src_error(struct rxsim_err *err, const struct scenario *sc, int i, const char *msg)
{
	snprintf(err->msg, sizeof(err->msg), "%s: /traffic/%d/replay/file: %s", sc->file, i, msg);
	msg_oneline(err->msg, sizeof(err->msg));	/* the path is the user's text */
	return RXSIM_EINPUT;
}

int trace_attach_sources(struct host *h, const struct scenario *sc, struct rxsim_err *err)
{
	char path[4096], msg[sizeof(err->msg)];
	int i, rc;

	for (i = 0; h->srcs && i < h->nsrcs; i++) {
		struct traffic_src *s = &h->srcs[i];
		const struct traffic_cfg *cfg = &sc->traffic[i];
		struct pkt_source src;

		if (s->status) {
			snprintf(err->msg, sizeof(err->msg), "%s: %s", sc->file, s->gen.err);
			return RXSIM_EINTERNAL;
		}
		if (!traffic_is_replay(cfg))
			continue;
		trace_resolve_path(sc->file, cfg->replay.file, path, sizeof(path));
		rc = trace_open(path, cfg->replay.format, &src, msg, sizeof(msg));
		if (rc) {
			src_error(err, sc, i, msg);
			return rc;
		}
		if (traffic_attach(h, s, &src))
			return src_error(err, sc, i, s->gen.err);
	}
	return 0;
}

int traffic_run_error(const struct host *h, struct rxsim_err *err)
{
	int i;

	for (i = 0; h->srcs && i < h->nsrcs; i++)
		if (h->srcs[i].status)
			return src_error(err, h->sc, i, h->srcs[i].gen.err);
	return 0;
}

void trace_release_sources(struct host *h)
{
	int i;

	for (i = 0; h->srcs && i < h->nsrcs; i++)
		traffic_teardown(&h->srcs[i]);
}

int trace_check_scenario(const struct scenario *sc, struct rxsim_err *err)
{
	char path[4096], msg[sizeof(err->msg)];
	uint32_t i;
	int rc = 0;

	for (i = 0; i < sc->n_traffic && !rc; i++) {
		const struct traffic_cfg *cfg = &sc->traffic[i];
		struct pkt_source src;
		struct trace_pkt tp;

		if (!traffic_is_replay(cfg))
			continue;
		trace_resolve_path(sc->file, cfg->replay.file, path, sizeof(path));
		rc = trace_open(path, cfg->replay.format, &src, msg, sizeof(msg));
		if (rc)
			return src_error(err, sc, (int)i, msg);
		while ((rc = src.ops->next(src.ctx, &tp, msg, sizeof(msg))) > 0)
			;
		src.ops->close(src.ctx);
		if (rc < 0)
			return src_error(err, sc, (int)i, msg);
	}
	return 0;
}
