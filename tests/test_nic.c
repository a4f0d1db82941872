/* SPDX-License-Identifier: MIT */
/*
 * test_nic.c - the NIC descriptor ring and on-chip FIFO while the
 * CPU cannot poll (ixgbe_desc_unused, ixgbe/igb_clean_rx_irq).
 *
 * The CPU is held off by a hard IRQ cost of 1 ms: the first frame's
 * interrupt starts the handler, the vector stays masked until the poll
 * completes, and no poll (hence no refill) runs until the handler is done.
 * Traffic is 64-byte frames at a constant 1 Mpps from t = 0, so frame k
 * (k = 0, 1, ...) reaches the NIC at k us + 57.6 ns ((64 + 8) * 8 bits at
 * 10 Gbit/s).  There is no socket: polled packets end as NoPorts drops,
 * which keeps the receive side out of the picture.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "test_util.h"

/* A burst of @n frames (1 Mpps from 0) into a ring of @ring descriptors. */
static struct model *burst_model(int n, int ring, const char *driver, const char *drop_en,
				 const char *fifo, int refill_batch, const char *driver_rx,
				 const char *stop)
{
	char stopbuf[32];

	if (!stop) {
		/* frames at 0, 1, ..., n-1 us; the next one would be at n us */
		snprintf(stopbuf, sizeof(stopbuf), "%d.5us", n - 1);
		stop = stopbuf;
	}
	return model_load(
		"{ 'duration': '5ms', 'seed': 1,"
		"  'host': { 'cpus': 2, 'costs': { 'hardirq': '1ms', 'softirq_entry': '500ns',"
		"     'driver_rx': '%s', 'refill': '0ns', 'ip_udp_rx': '0ns', 'wakeup': '0ns' } },"
		"  'nics': [{ 'name': 'eth0', 'queues': 1, 'driver': '%s', 'speed': '10Gbps', 'rx_ring': %d,"
		"     'refill_batch': %d, 'dma_delay': '0ns', 'drop_en': '%s', %s"
		"     'coalesce': { 'style': 'eqe', 'rx-usecs': 0, 'rx-frames': 1 },"
		"     'irq_affinity': [0] }],"
		"  'traffic': [{ 'dst_port': 9000, 'rate': '1Mpps', 'arrival': 'constant',"
		"     'size': 64, 'stop': '%s' }] }",
		driver_rx, driver, ring, refill_batch, drop_en, fifo, stop);
}

START_TEST(drop_en_keeps_one_slot_empty)
{
	/* ixgbe_desc_unused(): a ring of R descriptors gives the NIC R - 1.
	 * All N frames arrive (by 200 us) before the first poll (after 1 ms),
	 * so with DROP_EN the first R - 1 take a descriptor and the other
	 * N - (R - 1) are dropped at once; the poll later takes the R - 1. */
	static const struct { int ring, n; } cases[] = {
		{ 8, 200 }, { 64, 200 }, { 128, 200 }, { 201, 200 }, { 200, 200 }, { 512, 200 },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ring = cases[i].ring, n = cases[i].n;
		int kept = n < ring - 1 ? n : ring - 1;
		struct model *m = burst_model(n, ring, "generic", "on", "", 16 < ring - 1 ? 16 : ring - 1,
					      "100ns", NULL);
		struct host *h;
		struct rxq *q;

		model_run(m);
		h = model_host(m);
		q = model_rxq(m, 0);
		ck_assert_uint_eq(h->offered, (uint64_t)n);
		ck_assert_msg(q->ring_drops == (uint64_t)(n - kept),
			      "ring %d, %d frames: ring_drops %llu, expected %d", ring, n,
			      (unsigned long long)q->ring_drops, n - kept);
		ck_assert_uint_eq(h->drops[DROP_NIC_RING], (uint64_t)(n - kept));
		ck_assert_uint_eq(h->drops[DROP_NIC_FIFO], 0);
		ck_assert_uint_eq(q->rx_packets, (uint64_t)kept);
		ck_assert_uint_eq(q->polled, (uint64_t)kept);
		ck_assert_uint_eq(h->drops[DROP_NO_SOCKET], (uint64_t)kept);
		/* the ring is whole again at the end */
		ck_assert_uint_eq(q->posted, q->count - 1);
		model_free(m);
	}
}
END_TEST

START_TEST(fifo_holds_frames_without_descriptor)
{
	/* DROP_EN off: frames without a descriptor wait in the on-chip buffer
	 * while it has room for the whole frame.  Ring 64 (63 usable), FIFO
	 * 1343 bytes = room for floor(1343 / 64) = 20 frames of 64 bytes;
	 * of 200 frames 63 get descriptors, 20 wait, 117 overflow.  The FIFO
	 * frames take descriptors as the poll refills them, so all 83 are
	 * polled in the end. */
	struct model *m = burst_model(200, 64, "generic", "off", "'rx_fifo': 1343,", 16,
				      "100ns", NULL);
	struct host *h;
	struct rxq *q;

	model_run(m);
	h = model_host(m);
	q = model_rxq(m, 0);
	ck_assert_uint_eq(h->offered, 200);
	ck_assert_uint_eq(q->ring_drops, 0);
	ck_assert_uint_eq(q->fifo_drops, 200 - 63 - 20);
	ck_assert_uint_eq(h->drops[DROP_NIC_FIFO], 117);
	ck_assert_uint_eq(q->polled, 83);
	ck_assert_uint_eq(q->fifo.len, 0);
	ck_assert_int_eq(q->fifo_bytes, 0);
	model_free(m);
}
END_TEST

START_TEST(fifo_state_while_held)
{
	/* Same, looked at just before the handler ends (1 ms): 63 frames in the
	 * ring, 20 * 64 = 1280 bytes in the FIFO, no descriptor left. */
	struct model *m = burst_model(200, 64, "generic", "off", "'rx_fifo': 1343,", 16,
				      "100ns", NULL);
	struct rxq *q;

	model_start(m);
	model_until(m, 1000 * SIM_US);
	q = model_rxq(m, 0);
	ck_assert_uint_eq(q->posted, 0);
	ck_assert_uint_eq(q->filled.len, 63);
	ck_assert_uint_eq(q->fifo.len, 20);
	ck_assert_int_eq(q->fifo_bytes, 1280);
	ck_assert_uint_eq(q->fifo_drops, 117);
	ck_assert_uint_eq(q->polled, 0);
	model_until(m, m->sc.duration);
	model_assert_conserved(m);
	model_free(m);
}
END_TEST

START_TEST(igb_single_queue_defaults_to_fifo)
{
	/* igb with one queue: DROP_EN is off (ixgbe/igb set it only with more
	 * than one queue), the 32 KiB packet buffer holds floor(32768 / 64) =
	 * 512 frames, so none of the 137 frames without a descriptor is lost;
	 * each of them is counted in rx_no_buffer_count (RNBC) on arrival. */
	struct model *m = burst_model(200, 64, "igb", "auto", "", 16, "100ns", NULL);
	struct rxq *q;

	model_run(m);
	q = model_rxq(m, 0);
	ck_assert(!q->drop_en);
	ck_assert_int_eq(q->fifo_cap, 32768);
	ck_assert_uint_eq(q->ring_drops + q->fifo_drops, 0);
	ck_assert_uint_eq(q->no_buffer, 200 - 63);
	ck_assert_uint_eq(q->polled, 200);
	model_free(m);
}
END_TEST

/*
 * Descriptors go back to the NIC only inside a poll, in batches
 * (IXGBE_RX_BUFFER_WRITE).  Ring 64 (63 usable), 1400 frames at 1 Mpps
 * (k us + 57.6 ns, k = 0..1399), driver_rx 10 us, all other costs zero but
 * softirq_entry 0.5 us (so no refill coincides with an arrival).
 *   Frames 0..62 fill the ring.  The poll starts at
 *   T0 = 57.6 ns + 1 ms (handler) + 0.5 us = 1000.5576 us and takes one
 *   frame per 10 us.
 *   batch 16: before the 17th frame is looked at (T0 + 160 us = 1160.5576
 *   us) 16 descriptors return; frames 1161..1176 take them.  Again at
 *   T0 + 320 us = 1320.5576 us: frames 1321..1336.  The next return
 *   (T0 + 480 us) is after the last frame.  Kept 63 + 16 + 16 = 95.
 *   batch 1: a descriptor returns before each next frame is looked at,
 *   at T0 + j * 10 us (j = 1..39 before 1399.0576 us): one frame each
 *   (1011, 1021, ...).  Kept 63 + 39 = 102.  (The poll's 64th frame is
 *   only reached at T0 + 630 us, so one poll covers the whole window.)
 */
START_TEST(refill_in_batches_during_poll)
{
	struct model *m = burst_model(1400, 64, "generic", "on", "", 16, "10us", NULL);
	struct rxq *q;

	model_start(m);
	/* just before the first batch returns: none posted, 16 cleaned */
	model_until(m, 1160557600 - 1);
	q = model_rxq(m, 0);
	ck_assert_uint_eq(q->posted, 0);
	ck_assert_uint_eq(q->cleaned, 16);
	ck_assert_uint_eq(q->refills, 0);
	ck_assert_uint_eq(q->ring_drops, 1161 - 63);	/* frames 63..1160 */
	/* just after: 16 posted, none taken by the NIC yet (next frame at
	 * 1161.0576 us); the poll went on to the 17th frame at once */
	model_until(m, 1160557600 + 1);
	ck_assert_uint_eq(q->posted, 16);
	ck_assert_uint_eq(q->cleaned, 1);
	ck_assert_uint_eq(q->polled, 17);
	ck_assert_uint_eq(q->refills, 1);
	model_until(m, m->sc.duration);
	model_assert_conserved(m);
	ck_assert_uint_eq(model_host(m)->offered, 1400);
	ck_assert_uint_eq(q->ring_drops, 1400 - 95);
	model_free(m);

	m = burst_model(1400, 64, "generic", "on", "", 1, "10us", NULL);
	model_run(m);
	q = model_rxq(m, 0);
	ck_assert_uint_eq(model_host(m)->offered, 1400);
	ck_assert_uint_eq(q->ring_drops, 1400 - 102);
	model_free(m);
}
END_TEST

START_TEST(refill_count_per_poll)
{
	/* One poll of N frames with batch 16: the check comes before each
	 * descriptor is looked at (ixgbe/igb clean_rx_irq), plus a final
	 * partial refill at the end (igb_clean_rx_irq):
	 *   N = 16: one refill before looking for the 17th, none at the end;
	 *   N = 20: at 16, and the remaining 4 at the end           -> 2;
	 *   N = 63: at 16, 32, 48, and 15 at the end                 -> 4. */
	static const struct { int n, refills; } cases[] = { { 16, 1 }, { 20, 2 }, { 63, 4 } };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model *m = burst_model(cases[i].n, 512, "generic", "on", "", 16, "100ns",
					      NULL);
		struct rxq *q;

		model_run(m);
		q = model_rxq(m, 0);
		ck_assert_uint_eq(q->napi.polls, 1);
		ck_assert_msg(q->refills == (uint64_t)cases[i].refills,
			      "%d frames: %llu refills, expected %d", cases[i].n,
			      (unsigned long long)q->refills, cases[i].refills);
		model_free(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nic");
	TCase *tc = tcase_create("overflow");
	TCase *tc2 = tcase_create("refill");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, drop_en_keeps_one_slot_empty);
	tcase_add_test(tc, fifo_holds_frames_without_descriptor);
	tcase_add_test(tc, fifo_state_while_held);
	tcase_add_test(tc, igb_single_queue_defaults_to_fifo);
	suite_add_tcase(s, tc);
	tcase_add_test(tc2, refill_in_batches_during_poll);
	tcase_add_test(tc2, refill_count_per_poll);
	suite_add_tcase(s, tc2);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
