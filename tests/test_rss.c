/* SPDX-License-Identifier: MIT */
/*
 * test_rss.c - Toeplitz hash, rx-flow-hash fields, indirection table and
 * key parsing (models/rss.c).
 *
 * Expected hashes are the published RSS verification suite ("Verifying the
 * RSS Hash Calculation", Microsoft NDIS documentation) computed with its
 * 40-byte sample key 6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:
 * 2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa (rxsim's
 * "default" key).  The suite's table lists destination before source; the
 * hash input is always src address, dst address, src port, dst port, so the
 * rows below are written src -> dst.  "2-tuple" is the suite's "IPv4 only" /
 * "IPv6 only" column, "4-tuple" the "with TCP" column.
 *
 * Every other expected value is derived by hand in the comment next to it.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_util.h"
#include "rxsim/flow.h"
#include "rxsim/nic.h"
#include "rxsim/rss.h"

struct vec {
	int family;
	const char *src, *dst;
	uint16_t sport, dport;
	uint32_t h2, h4;	/* addresses only / with ports */
};

static const struct vec vecs[] = {
	{ FLOW_IPV4, "66.9.149.187", "161.142.100.80", 2794, 1766, 0x323e8fc2, 0x51ccc178 },
	{ FLOW_IPV4, "199.92.111.2", "65.69.140.83", 14230, 4739, 0xd718262a, 0xc626b0ea },
	{ FLOW_IPV4, "24.19.198.95", "12.22.207.184", 12898, 38024, 0xd2d0a5de, 0x5c2b394a },
	{ FLOW_IPV4, "38.27.205.30", "209.142.163.6", 48228, 2217, 0x82989176, 0xafc7327f },
	{ FLOW_IPV4, "153.39.163.191", "202.188.127.2", 44251, 1303, 0x5d1809c5, 0x10e828a2 },
	{ FLOW_IPV6, "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766,
	  0x2cc18cd5, 0x40207d3d },
	{ FLOW_IPV6, "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739,
	  0x0f0c461c, 0xdde51bbf },
	{ FLOW_IPV6, "3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf", 44251,
	  38024, 0x4b61e985, 0x02d1feef },
};
#define NVEC (sizeof(vecs) / sizeof(vecs[0]))

static const char *const default_key_text =
	"6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:"
	"ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa";

static void tuple_of(const struct vec *v, int proto, struct flow_tuple *t)
{
	int af = v->family == FLOW_IPV6 ? AF_INET6 : AF_INET;

	memset(t, 0, sizeof(*t));
	t->family = (uint8_t)v->family;
	t->proto = (uint8_t)proto;
	ck_assert_int_eq(inet_pton(af, v->src, t->saddr), 1);
	ck_assert_int_eq(inet_pton(af, v->dst, t->daddr), 1);
	t->sport = v->sport;
	t->dport = v->dport;
}

/* The raw hash input, built here byte by byte (not through rss_hash). */
static unsigned input_of(const struct vec *v, bool ports, uint8_t *in)
{
	struct flow_tuple t;
	unsigned alen = v->family == FLOW_IPV6 ? 16 : 4, n;

	tuple_of(v, FLOW_TCP, &t);
	memcpy(in, t.saddr, alen);
	memcpy(in + alen, t.daddr, alen);
	n = 2 * alen;
	if (ports) {
		in[n++] = (uint8_t)(v->sport >> 8);
		in[n++] = (uint8_t)(v->sport & 0xff);
		in[n++] = (uint8_t)(v->dport >> 8);
		in[n++] = (uint8_t)(v->dport & 0xff);
	}
	return n;
}

static void rss_default(struct rss *r)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->key, rss_default_key, RSS_KEY_LEN);
}

/* --- the key ------------------------------------------------------------- */

START_TEST(default_key_is_the_verification_key)
{
	uint8_t key[RSS_KEY_LEN];

	ck_assert_int_eq(rss_parse_key(default_key_text, key), 0);
	ck_assert_mem_eq(key, rss_default_key, RSS_KEY_LEN);
}
END_TEST

/* --- Toeplitz on raw bytes -------------------------------------------------- */

START_TEST(toeplitz_verification_suite)
{
	uint8_t in[36];
	unsigned n;

	for (unsigned i = 0; i < NVEC; i++) {
		n = input_of(&vecs[i], false, in);
		ck_assert_msg(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, n) == vecs[i].h2,
			      "vector %u (%s -> %s) 2-tuple: got 0x%08x, want 0x%08x", i,
			      vecs[i].src, vecs[i].dst,
			      rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, n), vecs[i].h2);
		n = input_of(&vecs[i], true, in);
		ck_assert_msg(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, n) == vecs[i].h4,
			      "vector %u (%s -> %s) 4-tuple: got 0x%08x, want 0x%08x", i,
			      vecs[i].src, vecs[i].dst,
			      rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, n), vecs[i].h4);
	}
}
END_TEST

START_TEST(toeplitz_single_bits_select_key_windows)
{
	/*
	 * One set input bit b XORs in key bits [b, b+32) (MSB first):
	 *   b = 0:  key bytes 0..3                    = 0x6d5a56da
	 *   b = 7:  0x6d5a56da << 7 | 0x25 >> 1      = 0xad2b6d00 | 0x12 = 0xad2b6d12
	 *   b = 8:  key bytes 1..4                    = 0x5a56da25
	 *   b = 31: 0x6d5a56da255b0ec2 >> 1, low 32   = 0x12ad8761
	 *           (0xda255b0ec2 >> 1 = 0x6d12ad8761)
	 * An all-zero input gives 0.
	 */
	uint8_t in[12] = { 0 };

	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12), 0);
	in[0] = 0x80;
	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12), 0x6d5a56da);
	in[0] = 0x01;
	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12), 0xad2b6d12);
	in[0] = 0;
	in[1] = 0x80;
	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12), 0x5a56da25);
	in[1] = 0;
	in[3] = 0x01;
	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12), 0x12ad8761);
	/* both b = 0 and b = 31: XOR of the two windows */
	in[0] = 0x80;
	ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, in, 12),
			  0x6d5a56dau ^ 0x12ad8761u);
}
END_TEST

START_TEST(toeplitz_is_linear)
{
	/* The hash is an XOR of key windows, one per set bit, so for inputs of
	 * equal length h(a ^ b) = h(a) ^ h(b); checked on pairs of vectors. */
	uint8_t a[36], b[36], x[36];
	unsigned na, nb, j;

	for (unsigned i = 0; i + 1 < NVEC; i++) {
		na = input_of(&vecs[i], true, a);
		nb = input_of(&vecs[i + 1], true, b);
		if (na != nb)
			continue;
		for (j = 0; j < na; j++)
			x[j] = a[j] ^ b[j];
		ck_assert_uint_eq(rss_toeplitz(rss_default_key, RSS_KEY_LEN, x, na),
				  vecs[i].h4 ^ vecs[i + 1].h4);
	}
}
END_TEST

/* --- rss_hash: which fields are hashed ------------------------------------ */

START_TEST(hash_tcp_always_hashes_ports)
{
	struct rss r;
	struct flow_tuple t;

	rss_default(&r);
	for (unsigned i = 0; i < NVEC; i++) {
		tuple_of(&vecs[i], FLOW_TCP, &t);
		r.udp4_ports = r.udp6_ports = false;
		ck_assert_uint_eq(rss_hash(&r, &t), vecs[i].h4);
		r.udp4_ports = r.udp6_ports = true;
		ck_assert_uint_eq(rss_hash(&r, &t), vecs[i].h4);
	}
}
END_TEST

START_TEST(hash_udp_follows_rxfh_flags)
{
	/* rx-flow-hash udp4 sd: addresses only; sdfn: with ports; udp6 likewise,
	 * and each flag concerns its own family only. */
	struct rss r;
	struct flow_tuple t;

	rss_default(&r);
	for (unsigned i = 0; i < NVEC; i++) {
		bool v6 = vecs[i].family == FLOW_IPV6;

		tuple_of(&vecs[i], FLOW_UDP, &t);
		r.udp4_ports = r.udp6_ports = false;
		ck_assert_uint_eq(rss_hash(&r, &t), vecs[i].h2);
		r.udp4_ports = r.udp6_ports = true;
		ck_assert_uint_eq(rss_hash(&r, &t), vecs[i].h4);
		/* only udp4 sdfn */
		r.udp4_ports = true;
		r.udp6_ports = false;
		ck_assert_uint_eq(rss_hash(&r, &t), v6 ? vecs[i].h2 : vecs[i].h4);
		/* only udp6 sdfn */
		r.udp4_ports = false;
		r.udp6_ports = true;
		ck_assert_uint_eq(rss_hash(&r, &t), v6 ? vecs[i].h4 : vecs[i].h2);
	}
}
END_TEST

START_TEST(hash_uses_the_configured_key)
{
	/* An all-zero key makes every window 0, so every hash is 0. */
	struct rss r;
	struct flow_tuple t;

	memset(&r, 0, sizeof(r));
	r.udp4_ports = true;
	tuple_of(&vecs[0], FLOW_UDP, &t);
	ck_assert_uint_eq(rss_hash(&r, &t), 0);
}
END_TEST

/* --- indirection table -------------------------------------------------- */

START_TEST(indir_default_is_round_robin)
{
	/* ethtool_rxfh_indir_default(i, n) = i % n, for several sizes and n. */
	static const uint32_t sizes[] = { 64, 128, 512 };
	static const uint32_t ns[] = { 1, 2, 3, 5, 8, 16 };
	struct rss r;

	for (unsigned s = 0; s < 3; s++)
		for (unsigned k = 0; k < 6; k++) {
			memset(&r, 0xff, sizeof(r));
			rss_indir_fill(&r, sizes[s], ns[k], NULL, 0);
			ck_assert_uint_eq(r.indir_size, sizes[s]);
			for (uint32_t i = 0; i < sizes[s]; i++)
				ck_assert_msg(r.indir[i] == i % ns[k], "size %u n %u: indir[%u] = %u",
					      sizes[s], ns[k], i, r.indir[i]);
		}
}
END_TEST

START_TEST(indir_default_counts)
{
	/* 128 entries over 3 queues: i % 3 == 0 for i = 0, 3, ..., 126 (43),
	 * == 1 for 1..127 (43), == 2 for 2..125 (42). */
	struct rss r;
	uint32_t cnt[3] = { 0 };

	rss_indir_fill(&r, 128, 3, NULL, 0);
	for (uint32_t i = 0; i < 128; i++)
		cnt[r.indir[i]]++;
	ck_assert_uint_eq(cnt[0], 43);
	ck_assert_uint_eq(cnt[1], 43);
	ck_assert_uint_eq(cnt[2], 42);
}
END_TEST

START_TEST(queue_is_indir_of_hash_mod_size)
{
	/*
	 * queue = indir[hash % size]; for a power-of-two table that is the low
	 * bits (hash & (size - 1)).  With 128 entries:
	 *   0x51ccc178 & 127 = 0x78 = 120; 8 queues: 120 % 8 = 0; 3 queues: 0
	 *   0x323e8fc2 & 127 = 0x42 =  66; 8 queues: 2;            3 queues: 0
	 *   0xc626b0ea & 127 = 0x6a = 106; 8 queues: 2;            3 queues: 1
	 *   0x5c2b394a & 127 = 0x4a =  74; 8 queues: 2;            3 queues: 2
	 */
	struct rss r;

	rss_indir_fill(&r, 128, 8, NULL, 0);
	ck_assert_uint_eq(rss_queue(&r, 0x51ccc178), 0);
	ck_assert_uint_eq(rss_queue(&r, 0x323e8fc2), 2);
	ck_assert_uint_eq(rss_queue(&r, 0xc626b0ea), 2);
	ck_assert_uint_eq(rss_queue(&r, 0x5c2b394a), 2);
	rss_indir_fill(&r, 128, 3, NULL, 0);
	ck_assert_uint_eq(rss_queue(&r, 0x51ccc178), 0);
	ck_assert_uint_eq(rss_queue(&r, 0x323e8fc2), 0);
	ck_assert_uint_eq(rss_queue(&r, 0xc626b0ea), 1);
	ck_assert_uint_eq(rss_queue(&r, 0x5c2b394a), 2);
	/* an explicit table: entry 120 -> queue 5, everything else 0 */
	memset(r.indir, 0, sizeof(r.indir));
	r.indir[120] = 5;
	ck_assert_uint_eq(rss_queue(&r, 0x51ccc178), 5);
	ck_assert_uint_eq(rss_queue(&r, 0x51ccc178 + 1), 0);
	ck_assert_uint_eq(rss_queue(&r, 0x51ccc178 + 128), 5);
}
END_TEST

/* Counts per queue, and checks each queue's entries form one run in
 * queue order (ethtool's weight fill gives contiguous runs). */
static void weight_counts(const struct rss *r, uint32_t nq, uint32_t *cnt)
{
	for (uint32_t q = 0; q < nq; q++)
		cnt[q] = 0;
	for (uint32_t i = 0; i < r->indir_size; i++) {
		ck_assert_uint_lt(r->indir[i], nq);
		if (i)
			ck_assert_uint_le(r->indir[i - 1], r->indir[i]);
		cnt[r->indir[i]]++;
	}
}

START_TEST(indir_weights_proportional_runs)
{
	/*
	 * ethtool -X weight (fill_indir_table in ethtool.c): entry i goes to the
	 * first queue j with i < size * (w0 + .. + wj) / sum (integer division),
	 * i.e. run j ends at floor(size * cumulative_j / sum).
	 *   1 2 1 on 128: sum 4, ends 32, 96, 128     -> 32, 64, 32
	 *   1 0 3 on 128: sum 4, ends 32, 32, 128     -> 32,  0, 96
	 *   1 1 1 on 128: sum 3, ends 42, 85, 128     -> 42, 43, 43
	 *   3 1   on 512: sum 4, ends 384, 512        -> 384, 128
	 *   0 0 5 2 on 64: sum 7, ends 0, 0, 45, 64   -> 0, 0, 45, 19
	 */
	static const struct {
		uint32_t size, nq;
		uint16_t w[4];
		uint32_t want[4];
	} cases[] = {
		{ 128, 3, { 1, 2, 1 }, { 32, 64, 32 } },
		{ 128, 3, { 1, 0, 3 }, { 32, 0, 96 } },
		{ 128, 3, { 1, 1, 1 }, { 42, 43, 43 } },
		{ 512, 2, { 3, 1 }, { 384, 128 } },
		{ 64, 4, { 0, 0, 5, 2 }, { 0, 0, 45, 19 } },
	};
	struct rss r;
	uint32_t c[4];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rss_indir_fill(&r, cases[i].size, cases[i].nq, cases[i].w, cases[i].nq);
		ck_assert_uint_eq(r.indir_size, cases[i].size);
		weight_counts(&r, cases[i].nq, c);
		for (uint32_t q = 0; q < cases[i].nq; q++)
			ck_assert_msg(c[q] == cases[i].want[q], "case %u: queue %u has %u, want %u",
				      i, q, c[q], cases[i].want[q]);
	}
}
END_TEST

/* --- rss_parse_key -------------------------------------------------------- */

START_TEST(parse_key_accepts_40_bytes)
{
	uint8_t key[RSS_KEY_LEN];
	char flat[128];
	const char *s;
	char *d;

	memset(key, 0, sizeof(key));
	ck_assert_int_eq(rss_parse_key(default_key_text, key), 0);
	ck_assert_mem_eq(key, rss_default_key, RSS_KEY_LEN);
	/* validation only */
	ck_assert_int_eq(rss_parse_key(default_key_text, NULL), 0);
	/* upper case, and without colons (documented as optional) */
	for (s = default_key_text, d = flat; *s; s++)
		if (*s != ':')
			*d++ = (char)(*s >= 'a' && *s <= 'f' ? *s - 'a' + 'A' : *s);
	*d = '\0';
	memset(key, 0, sizeof(key));
	ck_assert_int_eq(rss_parse_key(flat, key), 0);
	ck_assert_mem_eq(key, rss_default_key, RSS_KEY_LEN);
	/* 0x00..0x27 */
	{
		char buf[160];
		int n = 0;

		for (int i = 0; i < RSS_KEY_LEN; i++)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n, i ? ":%02x" : "%02x", i);
		ck_assert_int_eq(rss_parse_key(buf, key), 0);
		for (int i = 0; i < RSS_KEY_LEN; i++)
			ck_assert_uint_eq(key[i], (unsigned)i);
	}
}
END_TEST

START_TEST(parse_key_rejects_bad_lengths_and_digits)
{
	char buf[200];
	int n;

	/* 39 bytes: the default key without its last ":fa" */
	n = snprintf(buf, sizeof(buf), "%s", default_key_text);
	buf[n - 3] = '\0';
	ck_assert_int_eq(rss_parse_key(buf, NULL), -1);
	/* 41 bytes */
	snprintf(buf, sizeof(buf), "%s:00", default_key_text);
	ck_assert_int_eq(rss_parse_key(buf, NULL), -1);
	/* non-hex digits, in the first and in the last byte */
	snprintf(buf, sizeof(buf), "%s", default_key_text);
	buf[0] = 'g';
	ck_assert_int_eq(rss_parse_key(buf, NULL), -1);
	snprintf(buf, sizeof(buf), "%s", default_key_text);
	buf[n - 1] = 'x';
	ck_assert_int_eq(rss_parse_key(buf, NULL), -1);
	/* a one-digit byte */
	snprintf(buf, sizeof(buf), "%s", default_key_text);
	buf[1] = ':';	/* "6::5a:..." */
	ck_assert_int_eq(rss_parse_key(buf, NULL), -1);
	ck_assert_int_eq(rss_parse_key("", NULL), -1);
	ck_assert_int_eq(rss_parse_key("default", NULL), -1);
}
END_TEST

/* --- the NIC: nic_rx_frame() hashes and picks the queue ------------------- */

/*
 * A frame of the first IPv4 vector as UDP (66.9.149.187:2794 ->
 * 161.142.100.80:1766) offered to an 8-queue NIC with the default key and
 * the default 128-entry table (i % 8):
 *   ixgbe (UDP hashed on addresses only): 0x323e8fc2 & 127 = 66 -> queue 2
 *   mlx5 (UDP 4-tuple), or ixgbe with rxfh_udp4 sdfn:
 *                                         0x51ccc178 & 127 = 120 -> queue 0
 *   weights 0 0 0 0 0 0 0 1: every entry is queue 7.
 */
static unsigned queue_of(const char *driver, const char *extra, uint32_t *hash)
{
	struct model *m = model_load("{ 'host': { 'cpus': 8 }, 'nics': [ { 'name': 'eth0',"
				     " 'driver': '%s', 'queues': 8 %s } ] }", driver, extra);
	struct packet *p;
	struct flow_tuple t;
	unsigned rxq;

	model_start(m);
	ck_assert_uint_eq(model_host(m)->nics[0].rss.indir_size, 128);
	p = mq_pkt(m, 0);
	tuple_of(&vecs[0], FLOW_UDP, &t);
	p->tuple = t;
	nic_rx_frame(model_host(m), &model_host(m)->nics[0], p);
	*hash = p->hash;
	rxq = p->rxq;
	/* the frame is now the queue's (DMA in flight) */
	ck_assert_uint_eq(model_host(m)->rxqs[rxq]->dma.len, 1);
	model_free(m);
	return rxq;
}

START_TEST(nic_dispatch_by_driver_fields)
{
	uint32_t hash;

	ck_assert_uint_eq(queue_of("ixgbe", "", &hash), 2);
	ck_assert_uint_eq(hash, 0x323e8fc2);
	ck_assert_uint_eq(queue_of("mlx5", "", &hash), 0);
	ck_assert_uint_eq(hash, 0x51ccc178);
	ck_assert_uint_eq(queue_of("ixgbe", ", 'rxfh_udp4': 'sdfn'", &hash), 0);
	ck_assert_uint_eq(hash, 0x51ccc178);
	ck_assert_uint_eq(queue_of("mlx5", ", 'rxfh_udp4': 'sd'", &hash), 2);
	ck_assert_uint_eq(hash, 0x323e8fc2);
	/* the key given as text is the same key */
	{
		char extra[256];

		snprintf(extra, sizeof(extra), ", 'rss_key': '%s'", default_key_text);
		ck_assert_uint_eq(queue_of("ixgbe", extra, &hash), 2);
		ck_assert_uint_eq(hash, 0x323e8fc2);
	}
	ck_assert_uint_eq(queue_of("ixgbe", ", 'indir_weights': [0,0,0,0,0,0,0,1]", &hash), 7);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rss");
	TCase *tc_hash = tcase_create("toeplitz");
	TCase *tc_fields = tcase_create("fields");
	TCase *tc_indir = tcase_create("indirection");
	TCase *tc_key = tcase_create("key");
	SRunner *sr;
	int failed;

	tcase_add_test(tc_hash, default_key_is_the_verification_key);
	tcase_add_test(tc_hash, toeplitz_verification_suite);
	tcase_add_test(tc_hash, toeplitz_single_bits_select_key_windows);
	tcase_add_test(tc_hash, toeplitz_is_linear);
	suite_add_tcase(s, tc_hash);

	tcase_add_test(tc_fields, hash_tcp_always_hashes_ports);
	tcase_add_test(tc_fields, hash_udp_follows_rxfh_flags);
	tcase_add_test(tc_fields, hash_uses_the_configured_key);
	suite_add_tcase(s, tc_fields);

	tcase_add_test(tc_indir, indir_default_is_round_robin);
	tcase_add_test(tc_indir, indir_default_counts);
	tcase_add_test(tc_indir, queue_is_indir_of_hash_mod_size);
	tcase_add_test(tc_indir, indir_weights_proportional_runs);
	tcase_add_test(tc_indir, nic_dispatch_by_driver_fields);
	suite_add_tcase(s, tc_indir);

	tcase_add_test(tc_key, parse_key_accepts_40_bytes);
	tcase_add_test(tc_key, parse_key_rejects_bad_lengths_and_digits);
	suite_add_tcase(s, tc_key);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
