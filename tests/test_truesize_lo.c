/* SPDX-License-Identifier: MIT */
/*
 * test_truesize_lo.c - skb->truesize of a locally sent UDP datagram
 * (models/dev_virtual.c vdev_truesize, the default x86-64 6.x profile)
 * at every boundary, derived here independently from the kernel's
 * allocation rule; and admission of such datagrams into a socket over lo
 * for a grid of payloads and SO_RCVBUF values (kernel-rx-path.md 8.2, 8.3).
 *
 * The rule (include/linux/skbuff.h, net/core/skbuff.c __alloc_skb,
 * net/ipv4/ip_output.c __ip_append_data, mm/slab_common.c):
 *   head request   = payload + 8 (UDP) + 20 (IP) + hh_len 16 + 15
 *   object         = SKB_HEAD_ALIGN(request) = ALIGN(request, 64) + 320
 *   small head     if object <= SKB_SMALL_HEAD_CACHE_SIZE (576)
 *   else kmalloc   the next power of two (1024 .. 8192; 16384 page-backed)
 *   truesize       = object size + 256 (SKB_DATA_ALIGN(sizeof(sk_buff)))
 *   paged          when request >= SKB_MAX_ALLOC (16384 - 320): a small
 *                  head for the headers, the payload counted byte for byte
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "rxsim/dev_spec.h"
#include "rxsim/vdev.h"
#include "test_util.h"

static uint32_t kernel_truesize(uint32_t payload)
{
	uint32_t req = payload + 8 + 20 + 16 + 15, obj = ((req + 63) & ~63u) + 320, b;

	if (req >= 16384 - 320)
		return 576 + 256 + payload;
	if (obj <= 576)
		return 576 + 256;
	for (b = 1024; b < obj; b *= 2)
		;
	return b + 256;
}

static struct truesize_profile default_profile(void)
{
	struct truesize_profile ts;
	const char *why;

	ck_assert_int_eq(truesize_profile_parse("auto", &ts, &why), 0);
	return ts;
}

START_TEST(rule_gives_the_measured_table)
{
	/* the values measured on a 6.x kernel, from the rule above */
	static const uint32_t edge[][2] = {
		{ 197, 832 }, { 198, 1280 }, { 645, 1280 }, { 646, 2304 },
		{ 1669, 2304 }, { 1670, 4352 }, { 3717, 4352 }, { 3718, 8448 },
		{ 7813, 8448 }, { 7814, 16640 }, { 16004, 16640 }, { 16005, 16005 + 832 },
	};
	unsigned i;

	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		ck_assert_uint_eq(kernel_truesize(edge[i][0]), edge[i][1]);
}
END_TEST

START_TEST(profile_matches_the_rule_at_every_boundary)
{
	struct truesize_profile ts = default_profile();
	static const uint32_t bounds[] = { 197, 645, 1669, 3717, 7813, 16004 };
	unsigned i;
	uint32_t p;

	ck_assert_uint_eq(ts.n, 6);
	ck_assert_uint_eq(ts.over, 832);
	for (i = 0; i < 6; i++) {
		/* both sides of each boundary: payload = ip_len - 28 */
		ck_assert_uint_eq(vdev_truesize(&ts, bounds[i] + 28), kernel_truesize(bounds[i]));
		ck_assert_uint_eq(vdev_truesize(&ts, bounds[i] + 29),
				  kernel_truesize(bounds[i] + 1));
		ck_assert_uint_ne(kernel_truesize(bounds[i]), kernel_truesize(bounds[i] + 1));
	}
	/* and everywhere in between, up to 64 KiB */
	for (p = 0; p <= 65000; p++)
		if (vdev_truesize(&ts, p + 28) != kernel_truesize(p))
			ck_abort_msg("payload %u: profile %u, rule %u", p, vdev_truesize(&ts, p + 28),
				     kernel_truesize(p));
}
END_TEST

START_TEST(profile_text_is_checked_and_overridable)
{
	struct truesize_profile ts;
	const char *why;

	/* another kernel's table */
	ck_assert_int_eq(truesize_profile_parse("100:768,+768", &ts, &why), 0);
	ck_assert_uint_eq(vdev_truesize(&ts, 100 + 28), 768);
	ck_assert_uint_eq(vdev_truesize(&ts, 101 + 28), 101 + 768);
	ck_assert_int_eq(truesize_profile_parse("100:768", &ts, &why), -1);
	ck_assert_int_eq(truesize_profile_parse("200:832,100:900,+8", &ts, &why), -1);
	ck_assert_int_eq(truesize_profile_parse("x", &ts, &why), -1);
	ck_assert_int_eq(truesize_profile_parse("+832", &ts, &why), 0);
	ck_assert_uint_eq(vdev_truesize(&ts, 28), 832);
}
END_TEST

/*
 * A burst of 400 datagrams over lo from a sender on CPU 0; nobody reads.
 * Each is delivered at the local_bh_enable after its transmit, so the
 * socket sees them one by one.  sk_rcvbuf = max(2 * min(v, rmem_max),
 * 2304) (8.2); with truesize t (all equal):
 *   >= 6.18: accept while rmem + t <= rcvbuf, or rmem == 0:
 *            max(1, floor(rcvbuf / t))
 *   <= 6.14: accept while rmem <= rcvbuf (before adding):
 *            floor(rcvbuf / t) + 1
 */
static void check_admission(const char *kernel, uint32_t payload, uint32_t so_rcvbuf)
{
	struct model *m = model_load(
		"{ 'duration': '20ms', 'kernel': '%s', 'host': { 'cpus': 2 },"
		" 'nics': [ { 'name': 'eth0', 'queues': 1, 'irq_affinity': [0] } ],"
		" 'devices': [ { 'name': 'lo', 'type': 'lo' } ],"
		" 'senders': [ { 'device': 'lo', 'cpu': 0, 'dst_port': 9000, 'payload': %u,"
		"   'burst': 400, 'batch': 64 } ],"
		" 'sockets': [ { 'name': 's', 'port': 9000, 'rcvbuf': %u } ] }",
		kernel, payload, so_rcvbuf);
	uint64_t rcvbuf = 2 * (uint64_t)(so_rcvbuf < 212992 ? so_rcvbuf : 212992), want;
	uint64_t t = kernel_truesize(payload);
	struct host *h;

	if (rcvbuf < 2304)
		rcvbuf = 2304;
	if (!strcmp(kernel, "6.18"))
		want = rcvbuf / t ? rcvbuf / t : 1;
	else
		want = rcvbuf / t + 1;
	if (want > 400)
		want = 400;
	model_run(m);
	h = model_host(m);
	ck_assert_int_eq(h->socks[0].sk_rcvbuf, (int64_t)rcvbuf);
	if (h->socks[0].enqueued != want)
		ck_abort_msg("kernel %s payload %u SO_RCVBUF %u (rcvbuf %llu, truesize %llu): "
			     "%llu admitted, want %llu", kernel, payload, so_rcvbuf,
			     (unsigned long long)rcvbuf, (unsigned long long)t,
			     (unsigned long long)h->socks[0].enqueued, (unsigned long long)want);
	ck_assert_uint_eq(h->udp.RcvbufErrors, 400 - want);
	ck_assert_int_eq(h->socks[0].sk_rmem_alloc, (int64_t)(want * t));
	model_free(m);
}

START_TEST(admission_over_lo_grid)
{
	static const uint32_t payloads[] = { 64, 197, 198, 1000, 1669, 1670, 8000, 20000 };
	static const uint32_t bufs[] = { 1000, 4096, 16384, 106496 };
	unsigned i, j;

	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++)
		for (j = 0; j < sizeof(bufs) / sizeof(bufs[0]); j++) {
			check_admission("6.18", payloads[i], bufs[j]);
			check_admission("6.12", payloads[i], bufs[j]);
		}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("truesize_lo");
	TCase *tc = tcase_create("truesize");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, rule_gives_the_measured_table);
	tcase_add_test(tc, profile_matches_the_rule_at_every_boundary);
	tcase_add_test(tc, profile_text_is_checked_and_overridable);
	tcase_add_test(tc, admission_over_lo_grid);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
