/* SPDX-License-Identifier: MIT */
/*
 * test_trace.c - trace replay: captures written here with libpcap (and a
 * pcapng written by hand) read back exactly (times, sizes, tuples, skip
 * reasons); replay pacing (speed, rate, window, loops); CSV traces; the
 * corrupt corpus of tests/bad_traces/ (each a one-line error naming the
 * file and the packet or line, never a crash or a hang); errors before and
 * during a run; determinism.
 */
#define _DEFAULT_SOURCE 1	/* u_char, u_int: <pcap/pcap.h> needs the BSD types */
#include <check.h>
#include <pcap/pcap.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rxsim/host.h"
#include "rxsim/ip_frag.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/trace.h"
#include "rxsim/traffic.h"
#include "rxsim/unaligned.h"
#include "test_util.h"

/* ---- frames ---- */

struct frame {
	uint8_t b[2048];
	uint32_t len;		/* original length, no FCS */
	uint32_t caplen;
};

/* Ethernet with @ntags VLAN tags (the outer one 802.1ad) */
static uint32_t eth(struct frame *f, uint16_t type, int ntags)
{
	uint32_t off = 12;
	int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < ntags; i++) {
		put_unaligned_be16(i == 0 && ntags > 1 ? 0x88a8 : 0x8100, f->b + off);
		put_unaligned_be16((uint16_t)(100 + i), f->b + off + 2);
		off += 4;
	}
	put_unaligned_be16(type, f->b + off);
	return off + 2;
}

static void v4(struct frame *f, int ntags, const char *sa, const char *da, uint8_t proto,
	       uint16_t sp, uint16_t dp, uint32_t len, uint16_t frag)
{
	uint32_t l3 = eth(f, 0x0800, ntags);
	uint8_t *ip = f->b + l3;
	unsigned a[4], b[4];

	sscanf(sa, "%u.%u.%u.%u", &a[0], &a[1], &a[2], &a[3]);
	sscanf(da, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]);
	ip[0] = 0x45;
	put_unaligned_be16(frag, ip + 6);
	ip[9] = proto;
	for (int i = 0; i < 4; i++) {
		ip[12 + i] = (uint8_t)a[i];
		ip[16 + i] = (uint8_t)b[i];
	}
	put_unaligned_be16(sp, ip + 20);
	put_unaligned_be16(dp, ip + 22);
	f->len = f->caplen = len;
}

/* IPv6 2001:db8::1 -> 2001:db8::2, with a hop-by-hop header if @hbh, or a
 * fragment header if @frag */
static void v6(struct frame *f, uint16_t sp, uint16_t dp, uint32_t len, int hbh, int frag)
{
	uint32_t l3 = eth(f, 0x86dd, 0), l4 = l3 + 40;
	uint8_t *ip = f->b + l3;

	ip[0] = 0x60;
	ip[6] = hbh ? 0 : frag ? 44 : 17;
	put_unaligned_be16(0x2001, ip + 8);
	put_unaligned_be16(0x0db8, ip + 10);
	ip[23] = 1;
	put_unaligned_be16(0x2001, ip + 24);
	put_unaligned_be16(0x0db8, ip + 26);
	ip[39] = 2;
	if (hbh) {
		f->b[l4] = 17;		/* next header */
		f->b[l4 + 1] = 0;	/* 8 bytes */
		l4 += 8;
	}
	if (frag) {
		f->b[l4] = 17;
		l4 += 8;
	}
	put_unaligned_be16(sp, f->b + l4);
	put_unaligned_be16(dp, f->b + l4 + 2);
	f->len = f->caplen = len;
}

static void arp(struct frame *f)
{
	eth(f, 0x0806, 0);
	f->len = f->caplen = 42;
}

struct rec {
	int64_t t_ns;		/* since an arbitrary epoch */
	struct frame f;
};

static char *tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/test_trace-%d-%s", RXSIM_BINARY_DIR, (int)getpid(), name);
	return buf;
}

static void write_pcap(const char *path, const struct rec *r, int n, int nano, int dlt)
{
	pcap_t *pd = pcap_open_dead_with_tstamp_precision(dlt, 65535, nano ?
		PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
	pcap_dumper_t *d = pcap_dump_open(pd, path);
	int i;

	ck_assert_ptr_nonnull(d);
	for (i = 0; i < n; i++) {
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)(r[i].t_ns / 1000000000);
		h.ts.tv_usec = (suseconds_t)(nano ? r[i].t_ns % 1000000000
						  : r[i].t_ns % 1000000000 / 1000);
		h.len = r[i].f.len;
		h.caplen = r[i].f.caplen;
		pcap_dump((u_char *)d, &h, r[i].f.b);
	}
	pcap_dump_close(d);
	pcap_close(pd);
}

/* pcapng: SHB, one IDB (microseconds), one EPB per record */
static void write_pcapng(const char *path, const struct rec *r, int n)
{
	static uint8_t img[1 << 16];
	size_t off = 0;
	FILE *f;
	int i;

	put_unaligned_le32(0x0a0d0d0a, img);
	put_unaligned_le32(28, img + 4);
	put_unaligned_le32(0x1a2b3c4d, img + 8);
	img[12] = 1;
	memset(img + 16, 0xff, 8);
	put_unaligned_le32(28, img + 24);
	off = 28;
	put_unaligned_le32(1, img + off);
	put_unaligned_le32(20, img + off + 4);
	img[off + 8] = 1;	/* LINKTYPE_ETHERNET */
	put_unaligned_le32(65535, img + off + 12);
	put_unaligned_le32(20, img + off + 16);
	off += 20;
	for (i = 0; i < n; i++) {
		uint32_t cl = r[i].f.caplen, blen = 32 + (cl + 3) / 4 * 4;
		uint64_t ts = (uint64_t)r[i].t_ns / 1000;

		memset(img + off, 0, blen);
		put_unaligned_le32(6, img + off);
		put_unaligned_le32(blen, img + off + 4);
		put_unaligned_le32((uint32_t)(ts >> 32), img + off + 12);
		put_unaligned_le32((uint32_t)ts, img + off + 16);
		put_unaligned_le32(cl, img + off + 20);
		put_unaligned_le32(r[i].f.len, img + off + 24);
		memcpy(img + off + 28, r[i].f.b, cl);
		put_unaligned_le32(blen, img + off + blen - 4);
		off += blen;
	}
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(img, 1, off, f), off);
	fclose(f);
}

static void write_text(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	fclose(f);
}

/* The records of the main test capture. */
static int sample(struct rec *r)
{
	int64_t t0 = 1700000000LL * 1000000000 + 1000;	/* 1us into the second */
	int n = 0;

	r[n].t_ns = t0;
	v4(&r[n++].f, 0, "10.0.0.1", "10.0.0.2", 17, 1111, 9000, 60, 0);
	r[n].t_ns = t0 + 5000;
	v4(&r[n++].f, 1, "10.0.0.3", "10.0.0.4", 6, 2222, 80, 200, 0);
	r[n].t_ns = t0 + 10000;
	v4(&r[n++].f, 2, "1.2.3.4", "6.7.8.9", 17, 5, 10, 1514, 0);
	r[n].t_ns = t0 + 12000;
	v6(&r[n++].f, 3333, 9000, 100, 1, 0);
	r[n].t_ns = t0 + 13000;
	arp(&r[n++].f);
	r[n].t_ns = t0 + 14000;
	v4(&r[n++].f, 0, "10.0.0.5", "10.0.0.2", 1, 0, 0, 98, 0);	/* ICMP */
	r[n].t_ns = t0 + 15000;
	/* a fragment whose IP total length is 0: ip_defrag could not place it */
	v4(&r[n++].f, 0, "10.0.0.6", "10.0.0.2", 17, 1, 2, 200, 100);
	r[n].t_ns = t0 + 16000;
	v4(&r[n].f, 0, "10.0.0.7", "10.0.0.2", 17, 1, 2, 100, 0);
	r[n++].f.caplen = 20;						/* snapped */
	r[n].t_ns = t0 + 17000;
	v4(&r[n].f, 0, "10.0.0.8", "10.0.0.2", 17, 1, 2, 9100, 0);
	r[n++].f.caplen = 100;						/* oversize */
	r[n].t_ns = t0 + 10000;						/* backwards */
	v4(&r[n++].f, 0, "10.0.0.9", "10.0.0.2", 17, 4444, 9000, 60, 0);
	r[n].t_ns = t0 + 20000;
	v6(&r[n++].f, 1, 2, 200, 0, 1);					/* v6 fragment */
	return n;
}

struct want {
	sim_time_t t;
	uint32_t size;
	uint8_t skip, clamped, family, proto;
	const char *sa;
	uint16_t sp, dp;
};

static const struct want wants[] = {
	{ 0, 64, TRACE_OK, 0, FLOW_IPV4, FLOW_UDP, "10.0.0.1", 1111, 9000 },
	{ 5 * SIM_US, 204, TRACE_OK, 0, FLOW_IPV4, FLOW_TCP, "10.0.0.3", 2222, 80 },
	{ 10 * SIM_US, 1518, TRACE_OK, 0, FLOW_IPV4, FLOW_UDP, "1.2.3.4", 5, 10 },
	{ 12 * SIM_US, 104, TRACE_OK, 0, FLOW_IPV6, FLOW_UDP, NULL, 3333, 9000 },
	{ 13 * SIM_US, 64, TRACE_SKIP_NOT_IP, 0, 0, 0, NULL, 0, 0 },
	{ 14 * SIM_US, 102, TRACE_SKIP_NOT_UDP_TCP, 0, 0, 0, NULL, 0, 0 },
	{ 15 * SIM_US, 204, TRACE_SKIP_FRAGMENT, 0, 0, 0, NULL, 0, 0 },
	{ 16 * SIM_US, 104, TRACE_SKIP_SNAPPED, 0, 0, 0, NULL, 0, 0 },
	{ 17 * SIM_US, 9104, TRACE_SKIP_OVERSIZE, 0, 0, 0, NULL, 0, 0 },
	{ 17 * SIM_US, 64, TRACE_OK, 1, FLOW_IPV4, FLOW_UDP, "10.0.0.9", 4444, 9000 },
	{ 20 * SIM_US, 204, TRACE_SKIP_FRAGMENT, 0, 0, 0, NULL, 0, 0 },
};

static void check_sample(struct pkt_source *src)
{
	static const uint8_t v6s[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t v6d[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct trace_pkt p;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		const struct want *w = &wants[i];

		ck_assert_int_eq(src->ops->next(src->ctx, &p, err, sizeof(err)), 1);
		ck_assert_uint_eq(p.number, i + 1);
		ck_assert_uint_eq(p.skip, w->skip);
		ck_assert_uint_eq(p.clamped, w->clamped);
		ck_assert_uint_eq(p.size, w->size);
		ck_assert_int_eq(p.t, w->t);
		if (w->skip)
			continue;
		ck_assert_uint_eq(p.tuple.family, w->family);
		ck_assert_uint_eq(p.tuple.proto, w->proto);
		ck_assert_uint_eq(p.tuple.sport, w->sp);
		ck_assert_uint_eq(p.tuple.dport, w->dp);
		if (w->family == FLOW_IPV6) {
			ck_assert_mem_eq(p.tuple.saddr, v6s, 16);
			ck_assert_mem_eq(p.tuple.daddr, v6d, 16);
		} else {
			char a[16];

			snprintf(a, sizeof(a), "%u.%u.%u.%u", p.tuple.saddr[0], p.tuple.saddr[1],
				 p.tuple.saddr[2], p.tuple.saddr[3]);
			ck_assert_str_eq(a, w->sa);
		}
	}
	ck_assert_int_eq(src->ops->next(src->ctx, &p, err, sizeof(err)), 0);
}

/* IPv4 fragments (RFC 791 header fields, ip_is_fragment()): id, offset in
 * 8-byte units with MF, total length.  A 3500-byte UDP datagram (3508 of IP
 * payload) over MTU 1500: offsets 0, 1480, 2960 with 1480, 1480 and 548
 * bytes; the first carries the ports, the others none. */
static void frag4(struct frame *f, uint16_t fo, uint16_t tot, uint8_t proto)
{
	uint8_t *ip = f->b + 14;

	v4(f, 0, "10.9.0.1", "10.0.0.2", proto, 5555, 9000, (uint32_t)tot + 14, fo);
	put_unaligned_be16(tot, ip + 2);
	put_unaligned_be16(0x1234, ip + 4);
}

START_TEST(pcap_ipv4_fragments_carry_their_fields)
{
	static struct rec r[8];
	static const struct { uint16_t off, len; uint8_t mf, skip; uint16_t sp, dp; } w[] = {
		{ 0, 1480, 1, TRACE_OK, 5555, 9000 },
		{ 1480, 1480, 1, TRACE_OK, 0, 0 },
		{ 2960, 548, 0, TRACE_OK, 0, 0 },
		{ 0, 0, 0, TRACE_SKIP_NOT_UDP_TCP, 0, 0 },	/* an ICMP fragment */
		{ 0, 0, 0, TRACE_SKIP_FRAGMENT, 0, 0 },		/* 65528 + 1480 > 65535 */
	};
	struct pkt_source src;
	struct trace_pkt p;
	struct frag_info fi;
	char path[4096], err[512];
	int i;

	for (i = 0; i < 5; i++)
		r[i].t_ns = 1000 * i;
	frag4(&r[0].f, 0x2000, 1500, 17);
	frag4(&r[1].f, 0x2000 | 185, 1500, 17);
	frag4(&r[2].f, 370, 568, 17);
	frag4(&r[3].f, 0x2000, 1500, 1);
	frag4(&r[4].f, 0x2000 | 8191, 1500, 17);
	tmp_path(path, sizeof(path), "frag.pcap");
	write_pcap(path, r, 5, 0, DLT_EN10MB);
	ck_assert_int_eq(trace_pcap_open(path, &src, err, sizeof(err)), 0);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
		ck_assert_uint_eq(p.skip, w[i].skip);
		if (p.skip)
			continue;
		ck_assert_uint_eq(p.tuple.proto, FLOW_FRAGMENT);
		frag_decode(&p.tuple, &fi);
		ck_assert_uint_eq(fi.id, 0x1234);
		ck_assert_uint_eq(fi.off, w[i].off);
		ck_assert_uint_eq(fi.len, w[i].len);
		ck_assert_uint_eq(fi.mf, w[i].mf);
		ck_assert_uint_eq(fi.proto, FLOW_UDP);
		ck_assert_uint_eq(p.tuple.sport, w[i].sp);
		ck_assert_uint_eq(p.tuple.dport, w[i].dp);
		ck_assert_uint_eq(p.tuple.saddr[0], 10);
		ck_assert_uint_eq(p.tuple.saddr[1], 9);
	}
	src.ops->close(src.ctx);
	unlink(path);
}
END_TEST

START_TEST(pcap_reads_back_exactly)
{
	static struct rec r[16];
	struct pkt_source src;
	char path[4096], err[512];
	int n = sample(r);

	tmp_path(path, sizeof(path), "sample.pcap");
	write_pcap(path, r, n, 0, DLT_EN10MB);
	ck_assert_int_eq(trace_pcap_open(path, &src, err, sizeof(err)), 0);
	check_sample(&src);
	/* rewind: the same records again, times still from the first */
	ck_assert_int_eq(src.ops->rewind(src.ctx, err, sizeof(err)), 0);
	check_sample(&src);
	src.ops->close(src.ctx);
	unlink(path);
}
END_TEST

START_TEST(pcap_nanosecond_and_pcapng)
{
	static struct rec r[16];
	struct pkt_source src;
	struct trace_pkt p;
	char path[4096], err[512];
	int n = sample(r);

	/* nanosecond pcap: a record 1ns after the first */
	tmp_path(path, sizeof(path), "nano.pcap");
	r[1].t_ns = r[0].t_ns + 1;
	write_pcap(path, r, 2, 1, DLT_EN10MB);
	ck_assert_int_eq(trace_pcap_open(path, &src, err, sizeof(err)), 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, SIM_NS);
	src.ops->close(src.ctx);
	unlink(path);

	/* pcapng through the same reader */
	n = sample(r);
	tmp_path(path, sizeof(path), "sample.pcapng");
	write_pcapng(path, r, n);
	ck_assert_int_eq(trace_open(path, TRACE_FMT_AUTO, &src, err, sizeof(err)), 0);
	check_sample(&src);
	src.ops->close(src.ctx);
	unlink(path);
}
END_TEST

/* A record earlier than the first one is reordered (raised to its
 * predecessor and counted), even far earlier: 18446745 s then 0 s once
 * overflowed the picosecond product. */
START_TEST(pcap_record_before_the_first)
{
	static struct rec r[16];
	struct pkt_source src;
	struct trace_pkt p;
	char path[4096], err[512];

	sample(r);
	r[0].t_ns = 18446745LL * 1000000000;
	r[1].t_ns = 0;
	r[2].t_ns = r[0].t_ns + 3000;
	tmp_path(path, sizeof(path), "before_first.pcap");
	write_pcap(path, r, 3, 1, DLT_EN10MB);
	ck_assert_int_eq(trace_pcap_open(path, &src, err, sizeof(err)), 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 0);
	ck_assert_int_eq(p.clamped, 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 0);
	ck_assert_int_eq(p.clamped, 1);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 3000 * SIM_NS);
	ck_assert_int_eq(p.clamped, 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 0);
	src.ops->close(src.ctx);
	unlink(path);
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_reads_back_exactly)
{
	struct pkt_source src;
	struct trace_pkt p;
	char path[4096], err[512];
	static const uint8_t v6s[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	tmp_path(path, sizeof(path), "a.csv");
	write_text(path, "# from another tool\r\n"
		   "t_us,size,proto,src,src_port,dst,dst_port\r\n"
		   "\r\n"
		   "100.5,64,udp,10.0.0.1,1000,192.168.0.1,9000\r\n"
		   " 101 , 1518 , TCP , 2001:db8::1 , 443 , 2001:db8::2 , 51000 \r\n"
		   "2ms,128,1,10.0.0.1,0,192.168.0.1,0\r\n"
		   "100.4,64,17,10.0.0.1,1000,192.168.0.1,9000\n");
	ck_assert_int_eq(trace_open(path, TRACE_FMT_AUTO, &src, err, sizeof(err)), 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 0);
	ck_assert_uint_eq(p.number, 4);
	ck_assert_uint_eq(p.size, 64);
	ck_assert_uint_eq(p.tuple.saddr[3], 1);
	ck_assert_uint_eq(p.tuple.dport, 9000);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 500 * SIM_NS);
	ck_assert_uint_eq(p.tuple.family, FLOW_IPV6);
	ck_assert_uint_eq(p.tuple.proto, FLOW_TCP);
	ck_assert_mem_eq(p.tuple.saddr, v6s, 16);
	ck_assert_uint_eq(p.tuple.sport, 443);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, 2 * SIM_MS - 100500 * SIM_NS);
	ck_assert_uint_eq(p.skip, TRACE_SKIP_NOT_UDP_TCP);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_uint_eq(p.clamped, 1);
	ck_assert_int_eq(p.t, 2 * SIM_MS - 100500 * SIM_NS);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 0);
	src.ops->close(src.ctx);

	/* epoch seconds with nanoseconds; no header: plain times in ns */
	write_text(path, "t_s,size,proto,src,src_port,dst,dst_port\n"
		   "1700000000.123456789,64,udp,10.0.0.1,1,10.0.0.2,2\n"
		   "1700000000.123456790,64,udp,10.0.0.1,1,10.0.0.2,2\n");
	ck_assert_int_eq(trace_open(path, TRACE_FMT_CSV, &src, err, sizeof(err)), 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, SIM_NS);
	src.ops->close(src.ctx);
	write_text(path, "5,64,udp,10.0.0.1,1,10.0.0.2,2\n1005,64,udp,10.0.0.1,1,10.0.0.2,2\n");
	ck_assert_int_eq(trace_open(path, TRACE_FMT_CSV, &src, err, sizeof(err)), 0);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(src.ops->next(src.ctx, &p, err, sizeof(err)), 1);
	ck_assert_int_eq(p.t, SIM_US);
	src.ops->close(src.ctx);
	unlink(path);
}
END_TEST

/* ---- the corrupt corpus ---- */

static const struct {
	const char *file;
	const char *want;	/* besides the file name */
} corpus[] = {
	{ "truncated_header.pcap", "not a readable pcap or pcapng capture" },
	{ "empty.pcap", "not a readable pcap or pcapng capture" },
	{ "garbage.pcap", "not a readable pcap or pcapng capture" },
	{ "truncated_record.pcap", ": packet 4: truncated" },
	{ "truncated_record_header.pcap", ": packet 3: truncated" },
	{ "bad_caplen.pcap", ": packet 3: " },
	{ "linktype_802_11.pcap", "link type IEEE802_11 (802.11) is not supported" },
	{ "truncated.pcapng", ": packet 3: " },
	{ "bad_block.pcapng", ": packet 2: " },
	{ "linktype_802_11.pcapng", "link type IEEE802_11 (802.11) is not supported" },
	{ "csv_fields.csv", ".csv:4: expected 7 fields" },
	{ "csv_time.csv", ".csv:4: time \"1.5 us\"" },
	{ "csv_size.csv", ".csv:4: size \"40\"" },
	{ "csv_proto.csv", ".csv:4: proto \"sctp\"" },
	{ "csv_addr.csv", ".csv:4: src \"10.0.0.256\"" },
	{ "csv_port.csv", ".csv:4: dst_port \"70000\"" },
	{ "csv_family.csv", ".csv:4: dst is IPv6 but src is IPv4" },
	{ "csv_header.csv", ".csv:1: header" },
	{ "csv_binary.csv", ".csv:1: control character" },
	{ "missing.pcap", "cannot open: No such file or directory" },
};

START_TEST(corrupt_corpus)
{
	size_t i;

	for (i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		struct pkt_source src;
		struct trace_pkt p;
		char path[4096], err[512] = "";
		int rc, n = 0;

		snprintf(path, sizeof(path), "%s/tests/bad_traces/%s", RXSIM_SOURCE_DIR,
			 corpus[i].file);
		rc = trace_open(path, TRACE_FMT_AUTO, &src, err, sizeof(err));
		if (!rc) {
			while ((rc = src.ops->next(src.ctx, &p, err, sizeof(err))) > 0)
				ck_assert_int_lt(++n, 1000);
			src.ops->close(src.ctx);
			ck_assert_msg(rc < 0, "%s: read to the end without error", corpus[i].file);
		} else {
			ck_assert_int_eq(rc, RXSIM_EINPUT);
		}
		ck_assert_msg(strstr(err, path) == err, "%s: \"%s\" does not start with the path",
			      corpus[i].file, err);
		ck_assert_msg(strstr(err, corpus[i].want), "%s: \"%s\" lacks \"%s\"",
			      corpus[i].file, err, corpus[i].want);
		ck_assert_ptr_null(strchr(err, '\n'));
	}
}
END_TEST

/* ---- replay pacing ---- */

static void replay_gen(struct traffic_gen *g, const struct scenario *sc, int i)
{
	struct pkt_source src;
	char err[512];

	ck_assert_int_eq(traffic_gen_init(g, &sc->traffic[i], i, 1, 10000000000LL, sc->duration),
			 0);
	ck_assert_int_eq(trace_open(sc->traffic[i].replay.file, sc->traffic[i].replay.format,
				    &src, err, sizeof(err)), 0);
	traffic_gen_attach(g, &src);
}

#define NIC "'nics': [{ 'name': 'eth0' }]"

/* The replayable records of sample(): times, sizes, tuples. */
static const int replayable[] = { 0, 1, 2, 3, 9 };

START_TEST(replay_speed_start_and_rewrite)
{
	static struct rec r[16];
	struct scenario *sc;
	struct traffic_gen g;
	struct traffic_pkt p;
	char path[4096];
	size_t i;

	tmp_path(path, sizeof(path), "speed.pcap");
	write_pcap(path, r, sample(r), 0, DLT_EN10MB);
	sc = tu_load(
		"{ " NIC ", 'duration': '10ms', 'traffic': [{ 'start': '1ms', 'dst_port': 7777, "
		"'replay': { 'file': '%s', 'speed': 2.5 } }] }", path);
	replay_gen(&g, sc, 0);
	for (i = 0; i < sizeof(replayable) / sizeof(replayable[0]); i++) {
		const struct want *w = &wants[replayable[i]];

		ck_assert_int_eq(traffic_gen_next(&g, &p), 1);
		/* trace time / 2.5, from the source's start */
		ck_assert_int_eq(p.t, SIM_MS + w->t * 2 / 5);
		ck_assert_uint_eq(p.size, w->size);
		ck_assert_uint_eq(p.tuple.sport, w->sp);
		ck_assert_uint_eq(p.tuple.dport, 7777);	/* rewritten */
		ck_assert_uint_eq(p.tuple.proto, w->proto);
	}
	ck_assert_int_eq(traffic_gen_next(&g, &p), 0);
	ck_assert_uint_eq(g.rp.records, 11);
	ck_assert_uint_eq(g.rp.skipped[TRACE_SKIP_NOT_IP], 1);
	ck_assert_uint_eq(g.rp.skipped[TRACE_SKIP_NOT_UDP_TCP], 1);
	ck_assert_uint_eq(g.rp.skipped[TRACE_SKIP_FRAGMENT], 2);
	ck_assert_uint_eq(g.rp.skipped[TRACE_SKIP_SNAPPED], 1);
	ck_assert_uint_eq(g.rp.skipped[TRACE_SKIP_OVERSIZE], 1);
	ck_assert_uint_eq(g.rp.clamped, 1);
	traffic_gen_free(&g);
	tu_unload(sc);
	unlink(path);
}
END_TEST

/* Window [5us, 17us) of trace time, 3 passes: each pass starts one mean
 * gap after the last one's last packet.  In the window: records at 5, 10,
 * 12us (the one at 17us is outside): span 7us, mean gap 3.5us, so passes
 * start 10.5us apart. */
START_TEST(replay_window_and_loops)
{
	static struct rec r[16];
	static const sim_time_t in_pass[] = { 0, 5 * SIM_US, 7 * SIM_US };
	struct scenario *sc;
	struct traffic_gen g;
	struct traffic_pkt p;
	char path[4096];
	int pass, k;

	tmp_path(path, sizeof(path), "loop.pcap");
	write_pcap(path, r, sample(r), 0, DLT_EN10MB);
	sc = tu_load("{ " NIC ", 'duration': '10ms', 'traffic': [{ 'replay': { 'file': '%s', "
		     "'from': '5us', 'to': '17us', 'loop': 3 } }] }", path);
	replay_gen(&g, sc, 0);
	for (pass = 0; pass < 3; pass++)
		for (k = 0; k < 3; k++) {
			ck_assert_int_eq(traffic_gen_next(&g, &p), 1);
			ck_assert_int_eq(p.t, pass * 10500 * SIM_NS + in_pass[k]);
		}
	ck_assert_int_eq(traffic_gen_next(&g, &p), 0);
	ck_assert_uint_eq(g.rp.pass, 3);
	traffic_gen_free(&g);
	tu_unload(sc);
	unlink(path);
}
END_TEST

/* rate: constant pacing whatever the trace's times, across passes; loop 0
 * runs until stop. */
START_TEST(replay_rate_override_until_stop)
{
	static struct rec r[16];
	struct scenario *sc;
	struct traffic_gen g;
	struct traffic_pkt p;
	char path[4096];
	uint64_t k = 0;

	tmp_path(path, sizeof(path), "rate.pcap");
	write_pcap(path, r, sample(r), 0, DLT_EN10MB);
	sc = tu_load("{ " NIC ", 'duration': '1ms', 'traffic': [{ 'start': '10us', "
		     "'replay': { 'file': '%s', 'rate': '3Mpps', 'loop': 0 } }] }", path);
	replay_gen(&g, sc, 0);
	while (traffic_gen_next(&g, &p) > 0) {
		ck_assert_int_eq(p.t, 10 * SIM_US + (sim_time_t)(k * 1000000000000000ULL /
								   3000000000ULL));
		k++;
	}
	ck_assert_uint_eq(k, 2970);	/* 990us x 3 Mpps */
	ck_assert_uint_eq(g.rp.records, 11);	/* counted on the first pass only */
	traffic_gen_free(&g);
	tu_unload(sc);
	unlink(path);
}
END_TEST

/* Never a hang: a window with nothing in it, or a one-packet trace looped
 * until stop, end. */
START_TEST(replay_degenerate_loops_end)
{
	static struct rec r[16];
	struct scenario *sc;
	struct traffic_gen g;
	struct traffic_pkt p;
	char path[4096];
	uint64_t k = 0;

	tmp_path(path, sizeof(path), "one.pcap");
	sample(r);
	write_pcap(path, r, 1, 0, DLT_EN10MB);
	sc = tu_load("{ " NIC ", 'duration': '1ms', 'traffic': ["
		     "{ 'replay': { 'file': '%s', 'loop': 0, 'from': '1s' } },"
		     "{ 'replay': { 'file': '%s', 'loop': 0 } }] }", path, path);
	replay_gen(&g, sc, 0);
	ck_assert_int_eq(traffic_gen_next(&g, &p), 0);
	traffic_gen_free(&g);
	replay_gen(&g, sc, 1);
	while (traffic_gen_next(&g, &p) > 0)
		ck_assert_int_eq(p.t, (sim_time_t)k++ * SIM_US);	/* 1us between passes */
	ck_assert_uint_eq(k, 1000);
	traffic_gen_free(&g);
	tu_unload(sc);
	unlink(path);
}
END_TEST

/* ---- whole runs ---- */

static int run_file(const char *file, struct rxsim_err *err, int *before_run)
{
	struct scenario *sc = tu_load("{ " NIC ", 'duration': '5ms', 'sockets': [{ 'name': 's', "
				      "'port': 9000 }], 'traffic': [{ 'replay': { 'file': '%s', "
				      "'loop': 0 } }] }", file);
	struct rxsim_run *r = calloc(1, sizeof(*r));
	int rc = rxsim_run(r, sc, NULL, err);

	*before_run = r->sim.events == 0;
	rxsim_run_free(r);
	free(r);
	tu_unload(sc);
	return rc;
}

START_TEST(run_errors_exit_as_input_errors)
{
	struct rxsim_err err = { { 0 } };
	char path[4096];
	int before;

	/* found at load: nothing runs */
	snprintf(path, sizeof(path), "%s/tests/bad_traces/missing.pcap", RXSIM_SOURCE_DIR);
	ck_assert_int_eq(run_file(path, &err, &before), RXSIM_EINPUT);
	ck_assert_int_eq(before, 1);
	ck_assert_ptr_nonnull(strstr(err.msg, "<test>: /traffic/0/replay/file: "));
	ck_assert_ptr_nonnull(strstr(err.msg, "missing.pcap: cannot open"));
	/* found mid-run, after three good packets */
	snprintf(path, sizeof(path), "%s/tests/bad_traces/truncated_record.pcap", RXSIM_SOURCE_DIR);
	ck_assert_int_eq(run_file(path, &err, &before), RXSIM_EINPUT);
	ck_assert_int_eq(before, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "truncated_record.pcap: packet 4: truncated"));
	snprintf(path, sizeof(path), "%s/tests/bad_traces/csv_size.csv", RXSIM_SOURCE_DIR);
	ck_assert_int_eq(run_file(path, &err, &before), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "csv_size.csv:4: size"));
	/* a good trace runs */
	snprintf(path, sizeof(path), "%s/scenarios/traces/small.pcap", RXSIM_SOURCE_DIR);
	ck_assert_int_eq(run_file(path, &err, &before), 0);
}
END_TEST

/* The shipped replay scenario, twice: the same summary (but wall time),
 * and the shipped trace's content as make_trace wrote it. */
static char *summary_of(const char *file, cJSON **root)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	struct scenario sc;
	char *text;

	ck_assert_int_eq(scenario_load(file, NULL, 0, &sc, &err), 0);
	ck_assert_msg(rxsim_run(r, &sc, NULL, &err) == 0, "%s", err.msg);
	*root = rxsim_summary(r, false);
	text = cJSON_PrintUnformatted(*root);
	rxsim_run_free(r);
	free(r);
	scenario_free(&sc);
	return text;
}

/* A number of the summary (counters are raw JSON numbers). */
static double num(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	ck_assert_ptr_nonnull(j);
	return cJSON_IsRaw(j) ? strtod(j->valuestring, NULL) : j->valuedouble;
}

START_TEST(replay_is_deterministic)
{
	char file[4096];
	cJSON *a, *b, *t;
	char *ta, *tb;

	snprintf(file, sizeof(file), "%s/scenarios/replay.json", RXSIM_SOURCE_DIR);
	ta = summary_of(file, &a);
	tb = summary_of(file, &b);
	ck_assert_str_eq(ta, tb);
	t = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a, "traffic"), 0);
	t = cJSON_GetObjectItemCaseSensitive(t, "replay");
	ck_assert_double_eq(num(t, "records"), 47);
	ck_assert_double_eq(num(t, "reordered"), 1);
	t = cJSON_GetObjectItemCaseSensitive(t, "skipped");
	ck_assert_double_eq(num(t, "not_ip"), 1);
	ck_assert_double_eq(num(t, "not_udp_tcp"), 1);
	/* its fragment is replayed, into reassembly */
	ck_assert_double_eq(num(t, "ip_fragment"), 0);
	cJSON_free(ta);
	cJSON_free(tb);
	cJSON_Delete(a);
	cJSON_Delete(b);
}
END_TEST

/* traffic[0] of the summary of a 5 ms run replaying @file @loop times */
static cJSON *replay_summary(const char *file, int loop)
{
	struct scenario *sc = tu_load("{ " NIC ", 'duration': '5ms', 'sockets': [{ 'name': 's', "
				      "'port': 9000 }], 'traffic': [{ 'replay': { 'file': '%s', "
				      "'loop': %d } }] }", file, loop);
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	cJSON *root, *t;

	ck_assert_msg(rxsim_run(r, sc, NULL, &err) == 0, "%s", err.msg);
	root = rxsim_summary(r, false);
	t = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(root, "traffic"), 0);
	cJSON_Delete(root);
	rxsim_run_free(r);
	free(r);
	tu_unload(sc);
	return t;
}

/*
 * tests/fuzz/seeds/replay/fragments.pcap (12 IPv4 fragments from 10.9.0.1
 * to port 9000), through ip_defrag, counted by hand:
 *   id 1: 0+1480 MF, 1480+1480 MF, 2960+548: reassembled (1);
 *   id 2: the last, the first, the first again (DUP_FRAG), the middle:
 *         reassembled (2);
 *   id 3: 0+1480 MF, then 800+1480 MF overlapping it: ReasmOverlaps 1, the
 *         queue killed (1 invalid, 1 killed, ReasmFails 1);
 *   id 4: 1480+1480 MF, then a last ending at 900 < 2960: killed (1 + 1,
 *         ReasmFails 2);
 *   id 5: a lone first fragment of 1483 bytes (cut to 1480): held.
 * All 12 are ReasmReqds; 2 datagrams delivered; 5 dropped; 1 in flight.
 */
START_TEST(capture_fragments_through_reassembly)
{
	char path[4096];
	struct scenario *sc;
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = calloc(1, sizeof(*r));
	struct host *h;

	snprintf(path, sizeof(path), "%s/tests/fuzz/seeds/replay/fragments.pcap",
		 RXSIM_SOURCE_DIR);
	sc = tu_load("{ " NIC ", 'duration': '5ms', 'sockets': [{ 'name': 's', 'port': 9000 }],"
		     " 'apps': [{ 'socket': 's', 'cpu': 1 }],"
		     " 'traffic': [{ 'replay': { 'file': '%s', 'loop': 1 } }] }", path);
	ck_assert_msg(rxsim_run(r, sc, NULL, &err) == 0, "%s", err.msg);
	h = &r->host;
	ck_assert_uint_eq(h->offered, 12);
	ck_assert_uint_eq(h->ip.ReasmReqds, 12);
	ck_assert_uint_eq(h->ip.ReasmOKs, 2);
	ck_assert_uint_eq(h->ip.ReasmFails, 2);
	ck_assert_uint_eq(h->ip.ReasmOverlaps, 1);
	ck_assert_uint_eq(h->drops[DROP_FRAG_DUP], 1);
	ck_assert_uint_eq(h->drops[DROP_FRAG_INVALID], 2);
	ck_assert_uint_eq(h->drops[DROP_FRAG_KILLED], 2);
	ck_assert_uint_eq(h->delivered, 2);
	ck_assert_uint_eq(h->ipfrag->held, 1);
	ck_assert_uint_eq(h->ipfrag->queues, 1);
	rxsim_run_free(r);
	free(r);
	tu_unload(sc);
}
END_TEST

/*
 * The captures of tests/link_traces/ hold small.pcap's records under other
 * link types (tools/make_trace.c, write_links()).  Counted by hand from
 * make_trace's build(), one pass (loop 1):
 *   replayed: 32 IPv4 UDP + 4 VLAN-tagged IPv4 UDP + 4 IPv6 UDP + 3 TCP +
 *             the reordered IPv4 UDP = 44 (the TCP ones find no socket)
 *   bytes on the wire: the 32 cycle through 64, 64, 128, 64, 594, 64, 256,
 *             1518 (2752 a cycle): 4 * 2752 = 11008; the tagged ones are
 *             128 with their tag, 124 without (cooked captures and raw IP
 *             carry no tag; the wire size is IP length + 14 + 4 FCS):
 *             4 * 124 = 496; IPv6 4 * 1518 = 6072; TCP 3 * 64 = 192;
 *             the reordered one 64.  Total 17832 (Ethernet, with the tags: 17848).
 *             The first fragment of a datagram (1518 on the wire) is
 *             offered too: 45 frames, 1518 bytes more.
 *   skipped: the ARP (not_ip; absent from raw IP and loopback captures,
 *             which cannot carry it), the ICMP echo.
 */
START_TEST(link_types_replay_exact_counts)
{
	static const struct {
		const char *file;
		double records, not_ip, bytes;
	} want[] = {
		{ "scenarios/traces/small.pcap", 47, 1, 17848 + 1518 },
		{ "tests/link_traces/small-sll2.pcap", 47, 1, 17832 + 1518 },
		{ "tests/link_traces/small-sll2.pcapng", 47, 1, 17832 + 1518 },
		{ "tests/link_traces/small-sll.pcap", 47, 1, 17832 + 1518 },
		{ "tests/link_traces/small-raw.pcap", 46, 0, 17832 + 1518 },
		{ "tests/link_traces/small-null.pcap", 46, 0, 17832 + 1518 },
		{ "tests/link_traces/small-loop.pcap", 46, 0, 17832 + 1518 },
	};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cJSON *t, *rp, *sk;

		snprintf(path, sizeof(path), "%s/%s", RXSIM_SOURCE_DIR, want[i].file);
		t = replay_summary(path, 1);
		rp = cJSON_GetObjectItemCaseSensitive(t, "replay");
		sk = cJSON_GetObjectItemCaseSensitive(rp, "skipped");
		ck_assert_msg(num(t, "offered") == 45, "%s: offered %g", want[i].file,
			      num(t, "offered"));
		ck_assert_msg(num(t, "offered_bytes") == want[i].bytes, "%s: %g bytes",
			      want[i].file, num(t, "offered_bytes"));
		ck_assert_msg(num(rp, "records") == want[i].records, "%s", want[i].file);
		ck_assert_msg(num(rp, "passes") == 1, "%s: %g passes", want[i].file,
			      num(rp, "passes"));
		ck_assert_msg(num(rp, "reordered") == 1, "%s", want[i].file);
		ck_assert_msg(num(sk, "not_ip") == want[i].not_ip, "%s", want[i].file);
		ck_assert_msg(num(sk, "not_udp_tcp") == 1, "%s", want[i].file);
		ck_assert_msg(num(sk, "ip_fragment") == 0, "%s", want[i].file);
		ck_assert_msg(num(sk, "snapped") == 0 && num(sk, "oversize") == 0, "%s",
			      want[i].file);
		cJSON_Delete(t);
	}
}
END_TEST

/* replay.passes counts the passes played: loop N gives N (the trace takes
 * under 1 ms, the run 5 ms), and N times the 45 frames of one pass. */
START_TEST(replay_passes_as_played)
{
	char path[4096];
	int loop;

	snprintf(path, sizeof(path), "%s/scenarios/traces/small.pcap", RXSIM_SOURCE_DIR);
	for (loop = 1; loop <= 3; loop++) {
		cJSON *t = replay_summary(path, loop);

		ck_assert_double_eq(num(cJSON_GetObjectItemCaseSensitive(t, "replay"), "passes"),
				    loop);
		ck_assert_double_eq(num(t, "offered"), 45 * loop);
		cJSON_Delete(t);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("trace");
	TCase *rd = tcase_create("readers"), *rp = tcase_create("replay");
	TCase *runs = tcase_create("runs");
	SRunner *sr;
	int failed;

	tcase_set_timeout(runs, 60);
	tcase_add_test(rd, pcap_reads_back_exactly);
	tcase_add_test(rd, pcap_ipv4_fragments_carry_their_fields);
	tcase_add_test(rd, pcap_nanosecond_and_pcapng);
	tcase_add_test(rd, pcap_record_before_the_first);
	tcase_add_test(rd, csv_reads_back_exactly);
	tcase_add_test(rd, corrupt_corpus);
	tcase_add_test(rp, replay_speed_start_and_rewrite);
	tcase_add_test(rp, replay_window_and_loops);
	tcase_add_test(rp, replay_rate_override_until_stop);
	tcase_add_test(rp, replay_degenerate_loops_end);
	tcase_add_test(runs, run_errors_exit_as_input_errors);
	tcase_add_test(runs, replay_is_deterministic);
	tcase_add_test(runs, capture_fragments_through_reassembly);
	tcase_add_test(runs, link_types_replay_exact_counts);
	tcase_add_test(runs, replay_passes_as_played);
	suite_add_tcase(s, rd);
	suite_add_tcase(s, rp);
	suite_add_tcase(s, runs);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
