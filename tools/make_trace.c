/* SPDX-License-Identifier: MIT */
/*
 * make_trace.c - write the small traces rxsim ships and tests with, from
 * nothing but this program (no capture is ever downloaded):
 *
 *   make_trace traces DIR   DIR/small.pcap (libpcap's pcap_dump, snap length
 *                           128, microsecond timestamps) and DIR/small.csv
 *                           (its replayable packets, in rxsim's CSV format)
 *   make_trace bad DIR      the corrupt-trace corpus of tests/bad_traces/
 *   make_trace links DIR    small.pcap's records under the link types captures
 *                           are made with when there is no Ethernet header
 *                           (tests/link_traces/): Linux cooked v1 and v2
 *                           (`tcpdump -i any`, pcap and pcapng), raw IP, BSD
 *                           loopback in both byte orders
 *
 * The output is a pure function of this file: run it again and compare.
 * small.pcap holds UDP over IPv4 from four flows (with a burst), 802.1Q
 * tagged UDP, UDP over IPv6, TCP, one each of ARP and ICMP (which a replay
 * counts as skipped), the first fragment of an IPv4 datagram whose other
 * fragments are not in the capture (reassembly holds it), and one record
 * whose timestamp goes backwards (counted as reordered).
 */
#define _DEFAULT_SOURCE 1	/* u_char, u_int: <pcap/pcap.h> needs the BSD types */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/unaligned.h"

#define SNAP		128
#define BASE_SEC	1700000000u

struct frame {
	uint8_t b[9018];
	uint32_t len;			/* without FCS */
};

static uint16_t ip_csum(const uint8_t *h, int len)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < len; i += 2)
		s += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet header (+ an 802.1Q tag if @vlan); returns the L3 offset. */
static uint32_t ether(struct frame *f, uint16_t type, int vlan)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	uint32_t off = 12;

	memset(f->b, 0, sizeof(f->b));
	memcpy(f->b, dst, 6);
	memcpy(f->b + 6, src, 6);
	if (vlan) {
		put_unaligned_be16(0x8100, f->b + off);
		put_unaligned_be16((uint16_t)vlan, f->b + off + 2);
		off += 4;
	}
	put_unaligned_be16(type, f->b + off);
	return off + 2;
}

/* IPv4 + UDP/TCP/ICMP, padded to a wire size of @wire bytes (with FCS). */
static void ipv4(struct frame *f, int vlan, const uint8_t *sa, const uint8_t *da, uint8_t proto,
		 uint16_t sport, uint16_t dport, uint32_t wire, uint16_t frag)
{
	uint32_t l3 = ether(f, 0x0800, vlan), l4 = l3 + 20;
	uint8_t *ip = f->b + l3;

	f->len = wire - 4;
	ip[0] = 0x45;
	put_unaligned_be16((uint16_t)(f->len - l3), ip + 2);
	put_unaligned_be16(0x1234, ip + 4);
	put_unaligned_be16(frag, ip + 6);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, sa, 4);
	memcpy(ip + 16, da, 4);
	put_unaligned_be16(ip_csum(ip, 20), ip + 10);
	if (proto == 1) {
		f->b[l4] = 8;		/* echo request */
		return;
	}
	put_unaligned_be16(sport, f->b + l4);
	put_unaligned_be16(dport, f->b + l4 + 2);
	if (proto == 17)
		put_unaligned_be16((uint16_t)(f->len - l4), f->b + l4 + 4);
	else
		f->b[l4 + 12] = 0x50;	/* TCP data offset 5 */
}

static void ipv6_udp(struct frame *f, const uint8_t *sa, const uint8_t *da, uint16_t sport,
		     uint16_t dport, uint32_t wire)
{
	uint32_t l3 = ether(f, 0x86dd, 0), l4 = l3 + 40;
	uint8_t *ip = f->b + l3;

	f->len = wire - 4;
	ip[0] = 0x60;
	put_unaligned_be16((uint16_t)(f->len - l4), ip + 4);
	ip[6] = 17;
	ip[7] = 64;
	memcpy(ip + 8, sa, 16);
	memcpy(ip + 24, da, 16);
	put_unaligned_be16(sport, f->b + l4);
	put_unaligned_be16(dport, f->b + l4 + 2);
	put_unaligned_be16((uint16_t)(f->len - l4), f->b + l4 + 4);
}

static void arp(struct frame *f)
{
	uint32_t l3 = ether(f, 0x0806, 0);

	put_unaligned_be16(1, f->b + l3);
	put_unaligned_be16(0x0800, f->b + l3 + 2);
	f->b[l3 + 4] = 6;
	f->b[l3 + 5] = 4;
	put_unaligned_be16(1, f->b + l3 + 6);
	f->len = 42;		/* an unpadded ARP as the sender captures it */
}

/* One record of the trace, and its CSV line when it is replayable. */
struct rec {
	uint32_t t_us;
	struct frame f;
	const char *csv;	/* proto,src,sport,dst,dport; NULL: not in the CSV */
	char csvbuf[128];
};

#define NREC 48

static int build(struct rec *r)
{
	static const uint8_t v4dst[4] = { 192, 168, 0, 1 };
	static const uint8_t v6src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t v6dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1 };
	static const uint32_t sizes[] = { 64, 64, 128, 64, 594, 64, 256, 1518 };
	uint32_t t = 0;
	int n = 0, i;

	/* 24 datagrams from 4 flows every 20us, then a burst of 8 at 1us */
	for (i = 0; i < 32; i++, n++) {
		uint8_t sa[4] = { 10, 1, 0, (uint8_t)(1 + i % 4) };

		t += i < 24 ? 20 : 1;
		r[n].t_us = t;
		ipv4(&r[n].f, 0, sa, v4dst, 17, (uint16_t)(5000 + i % 4), 9000, sizes[i % 8], 0);
		snprintf(r[n].csvbuf, sizeof(r[n].csvbuf), "udp,10.1.0.%d,%d,192.168.0.1,9000",
			 1 + i % 4, 5000 + i % 4);
		r[n].csv = r[n].csvbuf;
	}
	for (i = 0; i < 4; i++, n++) {		/* VLAN 100 */
		uint8_t sa[4] = { 10, 2, 0, (uint8_t)(1 + i) };

		t += 30;
		r[n].t_us = t;
		ipv4(&r[n].f, 100, sa, v4dst, 17, 6000, 9000, 128, 0);
		snprintf(r[n].csvbuf, sizeof(r[n].csvbuf), "udp,10.2.0.%d,6000,192.168.0.1,9000",
			 1 + i);
		r[n].csv = r[n].csvbuf;
	}
	for (i = 0; i < 4; i++, n++) {		/* IPv6 */
		t += 25;
		r[n].t_us = t;
		ipv6_udp(&r[n].f, v6src, v6dst, (uint16_t)(7000 + i), 9000, 1518);
		snprintf(r[n].csvbuf, sizeof(r[n].csvbuf), "udp,2001:db8::1,%d,2001:db8::100,9000",
			 7000 + i);
		r[n].csv = r[n].csvbuf;
	}
	for (i = 0; i < 3; i++, n++) {		/* TCP to port 80 */
		uint8_t sa[4] = { 10, 3, 0, 1 };

		t += 40;
		r[n].t_us = t;
		ipv4(&r[n].f, 0, sa, v4dst, 6, 40000, 80, 64, 0);
		r[n].csv = "tcp,10.3.0.1,40000,192.168.0.1,80";
	}
	t += 10;
	r[n].t_us = t;
	arp(&r[n++].f);
	{
		uint8_t sa[4] = { 10, 4, 0, 1 };

		t += 10;
		r[n].t_us = t;
		ipv4(&r[n].f, 0, sa, v4dst, 1, 0, 0, 98, 0);	/* ICMP echo */
		r[n].csv = "1,10.4.0.1,0,192.168.0.1,0";
		n++;
		t += 10;
		r[n].t_us = t;
		ipv4(&r[n].f, 0, sa, v4dst, 17, 5555, 9000, 1518, 0x2000);	/* MF */
		n++;
	}
	/* a record stamped 5us before its predecessor */
	{
		uint8_t sa[4] = { 10, 1, 0, 9 };

		r[n].t_us = t - 5;
		ipv4(&r[n].f, 0, sa, v4dst, 17, 5009, 9000, 64, 0);
		r[n].csv = NULL;
		n++;
	}
	return n;
}

static pcap_dumper_t *open_dump(const char *path, int dlt, pcap_t **pd)
{
	pcap_dumper_t *d;

	*pd = pcap_open_dead(dlt, SNAP);
	if (!*pd)
		return NULL;
	d = pcap_dump_open(*pd, path);
	if (!d)
		fprintf(stderr, "make_trace: %s: %s\n", path, pcap_geterr(*pd));
	return d;
}

static void dump(pcap_dumper_t *d, uint32_t t_us, const uint8_t *b, uint32_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = BASE_SEC + t_us / 1000000;
	h.ts.tv_usec = t_us % 1000000;
	h.len = len;
	h.caplen = len < SNAP ? len : SNAP;
	pcap_dump((u_char *)d, &h, b);
}

static int write_traces(const char *dir)
{
	static struct rec r[NREC];
	char path[4096];
	pcap_t *pd;
	pcap_dumper_t *d;
	FILE *f;
	int n = build(r), i;

	snprintf(path, sizeof(path), "%s/small.pcap", dir);
	d = open_dump(path, DLT_EN10MB, &pd);
	if (!d)
		return 1;
	for (i = 0; i < n; i++)
		dump(d, r[i].t_us, r[i].f.b, r[i].f.len);
	pcap_dump_close(d);
	pcap_close(pd);

	snprintf(path, sizeof(path), "%s/small.csv", dir);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "make_trace: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f, "# The replayable packets of small.pcap (tools/make_trace.c), and its ICMP\n"
		   "# echo, which a replay counts as skipped.  Sizes include the FCS.\n"
		   "t_ns,size,proto,src,src_port,dst,dst_port\n");
	for (i = 0; i < n; i++) {
		const char *c = r[i].csv;
		char proto[8], rest[120];

		if (!c)
			continue;
		/* CSV columns: time,size,proto,src,src_port,dst,dst_port */
		if (sscanf(c, "%7[^,],%119s", proto, rest) != 2)
			return 1;
		fprintf(f, "%u,%u,%s,%s\n", (r[i].t_us - r[0].t_us) * 1000,
			r[i].f.len + 4 < 64 ? 64 : r[i].f.len + 4, proto, rest);
	}
	return fclose(f) ? 1 : 0;
}

/* ---- the corrupt corpus ---- */

static int write_bytes(const char *dir, const char *name, const void *b, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "make_trace: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

static int write_text(const char *dir, const char *name, const char *s)
{
	return write_bytes(dir, name, s, strlen(s));
}

/* A valid pcap of the first @nrec records of the small trace, in memory. */
static size_t pcap_image(uint8_t *out, size_t cap, int dlt, int nrec)
{
	static struct rec r[NREC];
	size_t off = 24;
	int i;

	build(r);
	memset(out, 0, 24);
	put_unaligned_le32(0xa1b2c3d4, out);
	out[4] = 2;
	out[6] = 4;
	put_unaligned_le32(SNAP, out + 16);
	put_unaligned_le32((uint32_t)dlt, out + 20);
	for (i = 0; i < nrec; i++) {
		uint32_t cl = r[i].f.len < SNAP ? r[i].f.len : SNAP;

		if (off + 16 + cl > cap)
			break;
		put_unaligned_le32(BASE_SEC + r[i].t_us / 1000000, out + off);
		put_unaligned_le32(r[i].t_us % 1000000, out + off + 4);
		put_unaligned_le32(cl, out + off + 8);
		put_unaligned_le32(r[i].f.len, out + off + 12);
		memcpy(out + off + 16, r[i].f.b, cl);
		off += 16 + cl;
	}
	return off;
}

/* pcapng: section header, one interface, the first @nrec records of @r as
 * enhanced packet blocks. */
static size_t pcapng_recs(uint8_t *out, size_t cap, int linktype, const struct rec *r, int nrec)
{
	size_t off = 0;
	int i;

	/* SHB: type, length 28, byte-order magic, version 1.0, section length -1 */
	put_unaligned_le32(0x0a0d0d0a, out);
	put_unaligned_le32(28, out + 4);
	put_unaligned_le32(0x1a2b3c4d, out + 8);
	out[12] = 1;
	memset(out + 16, 0xff, 8);
	put_unaligned_le32(28, out + 24);
	off = 28;
	/* IDB: type 1, length 20, link type, snap length */
	put_unaligned_le32(1, out + off);
	put_unaligned_le32(20, out + off + 4);
	out[off + 8] = (uint8_t)linktype;
	out[off + 9] = (uint8_t)(linktype >> 8);
	out[off + 10] = out[off + 11] = 0;
	put_unaligned_le32(SNAP, out + off + 12);
	put_unaligned_le32(20, out + off + 16);
	off += 20;
	for (i = 0; i < nrec; i++) {
		uint32_t cl = r[i].f.len < SNAP ? r[i].f.len : SNAP, pad = (4 - cl % 4) % 4;
		uint32_t blen = 32 + cl + pad;
		uint64_t ts = (uint64_t)BASE_SEC * 1000000 + r[i].t_us;

		if (off + blen > cap)
			break;
		memset(out + off, 0, blen);
		put_unaligned_le32(6, out + off);
		put_unaligned_le32(blen, out + off + 4);
		put_unaligned_le32(0, out + off + 8);
		put_unaligned_le32((uint32_t)(ts >> 32), out + off + 12);
		put_unaligned_le32((uint32_t)ts, out + off + 16);
		put_unaligned_le32(cl, out + off + 20);
		put_unaligned_le32(r[i].f.len, out + off + 24);
		memcpy(out + off + 28, r[i].f.b, cl);
		put_unaligned_le32(blen, out + off + blen - 4);
		off += blen;
	}
	return off;
}

/* pcapng of the first @nrec records of the small trace. */
static size_t pcapng_image(uint8_t *out, size_t cap, int linktype, int nrec)
{
	static struct rec r[NREC];

	build(r);
	return pcapng_recs(out, cap, linktype, r, nrec);
}

static int write_bad(const char *dir)
{
	static uint8_t img[65536], junk[2048];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t n, first;
	int rc = 0, i;

	/* pcap: the global header cut after 10 bytes */
	n = pcap_image(img, sizeof(img), DLT_EN10MB, 3);
	rc |= write_bytes(dir, "truncated_header.pcap", img, 10);
	/* pcap: 3 good records, the 4th cut inside its data */
	n = pcap_image(img, sizeof(img), DLT_EN10MB, 4);
	rc |= write_bytes(dir, "truncated_record.pcap", img, n - 20);
	/* pcap: the 3rd record's header cut short */
	first = pcap_image(img, sizeof(img), DLT_EN10MB, 2);
	pcap_image(img, sizeof(img), DLT_EN10MB, 3);
	rc |= write_bytes(dir, "truncated_record_header.pcap", img, first + 7);
	/* pcap: 2 good records, then a record claiming 1 MB of data */
	n = pcap_image(img, sizeof(img), DLT_EN10MB, 3);
	put_unaligned_le32(1u << 20, img + first + 8);
	put_unaligned_le32(1u << 20, img + first + 12);
	rc |= write_bytes(dir, "bad_caplen.pcap", img, n);
	/* pcap of 802.11 frames (a link type rxsim does not replay) */
	n = pcap_image(img, sizeof(img), 105 /* LINKTYPE_IEEE802_11 */, 3);
	rc |= write_bytes(dir, "linktype_802_11.pcap", img, n);
	/* not a capture at all */
	for (i = 0; i < (int)sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		junk[i] = (uint8_t)x;
	}
	rc |= write_bytes(dir, "garbage.pcap", junk, sizeof(junk));
	rc |= write_bytes(dir, "empty.pcap", "", 0);
	/* pcapng: cut in the middle of the 3rd packet block */
	n = pcapng_image(img, sizeof(img), 1, 3);
	rc |= write_bytes(dir, "truncated.pcapng", img, n - 30);
	/* pcapng: the 2nd packet block's length field is garbage */
	n = pcapng_image(img, sizeof(img), 1, 3);
	first = 28 + 20;
	first += 32 + ((img[first + 20] | img[first + 21] << 8) + 3) / 4 * 4;
	put_unaligned_le32(0x7fffff01, img + first + 4);
	rc |= write_bytes(dir, "bad_block.pcapng", img, n);
	/* pcapng of 802.11 frames */
	n = pcapng_image(img, sizeof(img), 105, 2);
	rc |= write_bytes(dir, "linktype_802_11.pcapng", img, n);

	/* CSV: one defect each, on line 4 (after a header and good lines) */
#define CSV_HEAD "t_ns,size,proto,src,src_port,dst,dst_port\n"
#define CSV_GOOD "0,64,udp,10.0.0.1,1000,192.168.0.1,9000\n" \
		 "50,64,udp,10.0.0.1,1000,192.168.0.1,9000\n"
	rc |= write_text(dir, "csv_fields.csv", CSV_HEAD
			 "0,64,udp,10.0.0.1,1000,192.168.0.1,9000\n# a comment\n"
			 "100,64,udp,10.0.0.1,1000,192.168.0.1\n");
	rc |= write_text(dir, "csv_time.csv", CSV_HEAD
			 "0,64,udp,10.0.0.1,1000,192.168.0.1,9000\n\n"
			 "1.5 us,64,udp,10.0.0.1,1000,192.168.0.1,9000\n");
	rc |= write_text(dir, "csv_size.csv", CSV_HEAD CSV_GOOD
			 "100,40,udp,10.0.0.1,1000,192.168.0.1,9000\n");
	rc |= write_text(dir, "csv_proto.csv", CSV_HEAD CSV_GOOD
			 "100,64,sctp,10.0.0.1,1000,192.168.0.1,9000\n");
	rc |= write_text(dir, "csv_addr.csv", CSV_HEAD CSV_GOOD
			 "100,64,udp,10.0.0.256,1000,192.168.0.1,9000\n");
	rc |= write_text(dir, "csv_port.csv", CSV_HEAD CSV_GOOD
			 "100,64,udp,10.0.0.1,1000,192.168.0.1,70000\n");
	rc |= write_text(dir, "csv_family.csv", CSV_HEAD CSV_GOOD
			 "100,64,udp,10.0.0.1,1000,2001:db8::1,9000\n");
	rc |= write_text(dir, "csv_header.csv", "time,size,proto,src,src_port,dst,dst_port\n"
			 "0,64,udp,10.0.0.1,1000,192.168.0.1,9000\n");
	/* binary junk named .csv: line 1 holds a NUL or control byte */
	rc |= write_bytes(dir, "csv_binary.csv", junk, 256);
#undef CSV_GOOD
#undef CSV_HEAD
	return rc;
}

/* ---- other link types ---- */

/*
 * @e (an Ethernet frame of the small trace) under @dlt: the Ethernet header
 * and any VLAN tags give way to the link type's own header (a cooked
 * capture shows the packet after the tag was stripped, as VLAN offload
 * does).  Returns 0 if the link type cannot carry it (ARP as raw IP).
 */
static int relink(const struct frame *e, int dlt, struct frame *o)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	uint32_t off = 12, h;
	uint16_t type = get_unaligned_be16(e->b + off);

	while (type == 0x8100) {
		off += 4;
		type = get_unaligned_be16(e->b + off);
	}
	off += 2;
	memset(o->b, 0, sizeof(o->b));
	switch (dlt) {
	case DLT_LINUX_SLL:
		/* pkttype PACKET_HOST, ARPHRD_ETHER, address length, address, protocol */
		put_unaligned_be16(0, o->b);
		put_unaligned_be16(1, o->b + 2);
		put_unaligned_be16(6, o->b + 4);
		memcpy(o->b + 6, mac, 6);
		put_unaligned_be16(type, o->b + 14);
		h = 16;
		break;
	case DLT_LINUX_SLL2:
		/* protocol, reserved, ifindex, ARPHRD_ETHER, PACKET_HOST, length, address */
		put_unaligned_be16(type, o->b);
		put_unaligned_be32(2, o->b + 4);
		put_unaligned_be16(1, o->b + 8);
		o->b[10] = 0;
		o->b[11] = 6;
		memcpy(o->b + 12, mac, 6);
		h = 20;
		break;
	case DLT_NULL:		/* little-endian host (macOS: AF_INET6 30) */
	case DLT_LOOP:		/* network order (OpenBSD: AF_INET6 24) */
		if (type != 0x0800 && type != 0x86dd)
			return 0;
		if (dlt == DLT_NULL)
			put_unaligned_le32(type == 0x0800 ? 2 : 30, o->b);
		else
			put_unaligned_be32(type == 0x0800 ? 2 : 24, o->b);
		h = 4;
		break;
	default:		/* DLT_RAW */
		if (type != 0x0800 && type != 0x86dd)
			return 0;
		h = 0;
		break;
	}
	memcpy(o->b + h, e->b + off, e->len - off);
	o->len = h + e->len - off;
	return 1;
}

static int write_links(const char *dir)
{
	static const struct {
		const char *name;
		int dlt;
	} links[] = {
		{ "small-sll2.pcap", DLT_LINUX_SLL2 },
		{ "small-sll.pcap", DLT_LINUX_SLL },
		{ "small-raw.pcap", DLT_RAW },
		{ "small-null.pcap", DLT_NULL },
		{ "small-loop.pcap", DLT_LOOP },
	};
	static struct rec r[NREC], o[NREC];
	static uint8_t img[65536];
	char path[4096];
	pcap_t *pd;
	pcap_dumper_t *d;
	int n = build(r), i, k, m;
	size_t len;

	for (k = 0; k < (int)(sizeof(links) / sizeof(links[0])); k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, links[k].name);
		d = open_dump(path, links[k].dlt, &pd);
		if (!d)
			return 1;
		for (i = 0; i < n; i++)
			if (relink(&r[i].f, links[k].dlt, &o[0].f))
				dump(d, r[i].t_us, o[0].f.b, o[0].f.len);
		pcap_dump_close(d);
		pcap_close(pd);
	}
	/* `tcpdump -i any --pcapng`: the same as pcapng */
	for (i = m = 0; i < n; i++) {
		o[m].t_us = r[i].t_us;
		m += relink(&r[i].f, DLT_LINUX_SLL2, &o[m].f);
	}
	len = pcapng_recs(img, sizeof(img), 276 /* LINKTYPE_LINUX_SLL2 */, o, m);
	return write_bytes(dir, "small-sll2.pcapng", img, len);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "traces"))
		return write_traces(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "bad"))
		return write_bad(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "links"))
		return write_links(argv[2]);
	fprintf(stderr, "usage: make_trace traces DIR | make_trace bad DIR | make_trace links DIR\n");
	return 2;
}
