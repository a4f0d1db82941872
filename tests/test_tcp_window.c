/* SPDX-License-Identifier: MIT */
/*
 * test_tcp_window.c - the receive window arithmetic of include/net/tcp.h and
 * net/ipv4/tcp_output.c on hand-built sockets: tcp_win_from_space() for
 * 6.6+ (scaling_ratio) and before (tcp_adv_win_scale), the handshake values
 * of tcp_select_initial_window(), the offered window of
 * __tcp_select_window() with its zero-window rule, tcp_select_window()
 * never shrinking, and the autotuning step of tcp_rcv_space_adjust().
 * Every expected value is worked by hand in the comment beside it.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "rxsim/tcp.h"

struct fake {
	struct scenario sc;
	struct sock_cfg sk;
	struct sim sim;
	struct host h;
	struct tcp_host th;
	struct tcp_sock tp;
};

/* A host of kernel @kver with the default TCP sysctls and one socket. */
static void fake_init(struct fake *f, int kver)
{
	memset(f, 0, sizeof(*f));
	f->sc.kernel = kver;
	f->sc.host.sysctl.rmem_max = 212992;
	f->sc.host.sysctl.tcp_adv_win_scale = 1;
	f->sc.host.sysctl.tcp_moderate_rcvbuf = true;
	f->sc.host.sysctl.tcp_rmem_v[0] = 4096;
	f->sc.host.sysctl.tcp_rmem_v[1] = 131072;
	f->sc.host.sysctl.tcp_rmem_v[2] = 6291456;
	f->sc.host.sysctl.tcp_wmem_v[1] = 16384;
	f->sk.rcvbuf = -1;
	f->h.sc = &f->sc;
	f->h.kver = kver;
	f->h.sim = &f->sim;
	f->h.tcp = &f->th;
	f->th.h = &f->h;
	f->th.tcp_rmem[2] = 6291456;
	f->tp.th = &f->th;
	f->tp.cfg = &f->sk;
	f->tp.advmss = 1448;
}

START_TEST(win_from_space_by_version)
{
	/* 6.6+: space * ratio >> 8 */
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 18), 128, 1, 131072), 65536);
	/* 131072 * 160 / 256 = 81920 (ratio of a 1448-byte segment in 2304 bytes) */
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 18), 160, 1, 131072), 81920);
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 6), 160, 1, 6291456), 3932160);
	/* a negative space floors: -1000 * 128 / 256 = -500 exactly, -1001 -> -500.5 -> -501 */
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 18), 128, 1, -1000), -500);
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 18), 128, 1, -1001), -501);
	/* before 6.6 the ratio plays no part: space - space >> scale */
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 1), 160, 1, 131072), 65536);
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 1), 160, 2, 131072), 98304);
	/* scale <= 0: space >> -scale */
	ck_assert_int_eq(tcp_win_from_space(KVER(6, 1), 160, -2, 131072), 32768);
	/* the inverse, for the autotuning: 81920 << 8 / 160 = 131072 */
	ck_assert_int_eq(tcp_space_from_win(KVER(6, 18), 160, 1, 81920), 131072);
	ck_assert_int_eq(tcp_space_from_win(KVER(6, 1), 160, 1, 65536), 131072);
}
END_TEST

START_TEST(initial_window_default_buffer)
{
	struct fake f;

	fake_init(&f, KVER(6, 18));
	tcp_sock_init_window(&f.h, &f.tp);
	/* B = tcp_rmem[1] = 131072, r = 128: win(B) = 65536, rounded down to
	 * advmss: 45 * 1448 = 65160 */
	ck_assert_int_eq(f.tp.sk_rcvbuf, 131072);
	ck_assert_uint_eq(f.tp.rcv_wnd, 65160);
	/* ws from max(65160, tcp_rmem[2] 6291456, rmem_max 212992) = 2^22.58:
	 * ilog2 22 - 15 = 7 */
	ck_assert_uint_eq(f.tp.rcv_wscale, 7);
	/* unlocked clamp 65535 << 14, then no more than 65535 << 7 = 8388480 */
	ck_assert_uint_eq(f.tp.window_clamp, 8388480);
	ck_assert_uint_eq(f.tp.rcv_ssthresh, 65160);
	/* rcvq_space = min(65160, 65160, 10 * 1448) = 14480; rcv_mss 536 */
	ck_assert_uint_eq(f.tp.rcvq_space, 14480);
	ck_assert_uint_eq(f.tp.rcv_mss, 536);
	ck_assert(!f.tp.rcvbuf_locked);
}
END_TEST

START_TEST(initial_window_so_rcvbuf)
{
	struct fake f;

	fake_init(&f, KVER(6, 18));
	f.sk.rcvbuf = 65536;
	tcp_sock_init_window(&f.h, &f.tp);
	/* SO_RCVBUF 65536: B = 2 * 65536, locked; clamp = win(B) = 65536;
	 * window rounded to 45 * 1448 = 65160 */
	ck_assert(f.tp.rcvbuf_locked);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 131072);
	ck_assert_uint_eq(f.tp.rcv_wnd, 65160);
	/* ws from min(max(65160, 6291456, 212992), clamp 65536) = 2^16: 16 - 15 = 1 */
	ck_assert_uint_eq(f.tp.rcv_wscale, 1);
	ck_assert_uint_eq(f.tp.window_clamp, 65536);
}
END_TEST

/* __tcp_select_window() for B = 131072, ws 7, rcv_mss 1448, a large
 * rcv_ssthresh, at several sk_rmem_alloc. */
static uint32_t offered(int kver, uint8_t ratio, int adv, int64_t rmem)
{
	struct fake f;

	fake_init(&f, kver);
	f.sc.host.sysctl.tcp_adv_win_scale = adv;
	f.tp.sk_rcvbuf = 131072;
	f.tp.scaling_ratio = ratio;
	f.tp.rcv_wscale = 7;
	f.tp.rcv_mss = 1448;
	f.tp.window_clamp = 8388480;
	f.tp.rcv_ssthresh = 1000000;
	f.tp.sk_rmem_alloc = rmem;
	return tcp__select_window(&f.h, &f.tp);
}

START_TEST(advertised_window)
{
	/* 6.18, r = 128: allowed = full = 65536 */
	ck_assert_uint_eq(offered(KVER(6, 18), 128, 1, 0), 65536);
	/* rmem 40000: free = (91072 * 128) >> 8 = 45536 >= 32768, aligned up to
	 * 128: 356 * 128 = 45568 */
	ck_assert_uint_eq(offered(KVER(6, 18), 128, 1, 40000), 45568);
	/* rmem 80000: free = 25536 < 32768: rounded down to 128, 199 * 128 =
	 * 25472 >= allowed / 16 = 4096 and >= mss */
	ck_assert_uint_eq(offered(KVER(6, 18), 128, 1, 80000), 25472);
	/* rmem 125000: free = 3036 < 4096: zero window */
	ck_assert_uint_eq(offered(KVER(6, 18), 128, 1, 125000), 0);
	/* r = 160: allowed 81920; rmem 80000: free = 51072 * 160 / 256 =
	 * 31920 < 40960, rounded down: 249 * 128 = 31872 */
	ck_assert_uint_eq(offered(KVER(6, 18), 160, 1, 80000), 31872);
	/* 6.1 with tcp_adv_win_scale 2: allowed = 131072 - 32768 = 98304;
	 * rmem 80000: free = 51072 - 12768 = 38304 < 49152, down to 299 * 128 = 38272 */
	ck_assert_uint_eq(offered(KVER(6, 1), 160, 2, 0), 98304);
	ck_assert_uint_eq(offered(KVER(6, 1), 160, 2, 80000), 38272);
	/* 6.1 ignores the ratio: with scale 1 it is the 6.18 r = 128 case */
	ck_assert_uint_eq(offered(KVER(6, 1), 200, 1, 80000), 25472);
}
END_TEST

START_TEST(select_window_never_shrinks)
{
	struct fake f;
	uint32_t w;

	fake_init(&f, KVER(6, 18));
	f.tp.sk_rcvbuf = 131072;
	f.tp.scaling_ratio = 128;
	f.tp.rcv_wscale = 7;
	f.tp.rcv_mss = 1448;
	f.tp.window_clamp = 8388480;
	f.tp.rcv_ssthresh = 1000000;
	f.tp.rcv_wnd = 65536;
	f.tp.sk_rmem_alloc = 125000;
	/* the sender may still send 65536 - 0: offering 0 would shrink the
	 * window; 65536 (aligned to 128) is announced instead */
	w = tcp_select_window(&f.h, &f.tp);
	ck_assert_uint_eq(w, 65536);
	ck_assert_uint_eq(f.th.ext.TCPWantZeroWindowAdv, 1);
	ck_assert_uint_eq(f.th.ext.TCPToZeroWindowAdv, 0);
	/* the sender filled it: nothing remains, zero is announced */
	f.tp.rcv_nxt = 65536;
	w = tcp_select_window(&f.h, &f.tp);
	ck_assert_uint_eq(w, 0);
	ck_assert_uint_eq(f.th.ext.TCPToZeroWindowAdv, 1);
	/* the reader emptied the queue: 65536 again, from zero */
	f.tp.sk_rmem_alloc = 0;
	w = tcp_select_window(&f.h, &f.tp);
	ck_assert_uint_eq(w, 65536);
	ck_assert_uint_eq(f.th.ext.TCPFromZeroWindowAdv, 1);
}
END_TEST

/* Autotuning after a reader that keeps up copied @n bytes in one RTT. */
static void adjust(struct fake *f, uint32_t n)
{
	f->sim.now += 10 * SIM_MS;
	f->tp.copied_seq += n;
	f->tp.rcv_nxt = f->tp.copied_seq;	/* nothing left queued */
	tcp_rcv_space_adjust(&f->h, &f->tp);
}

START_TEST(autotuning_sequence)
{
	struct fake f;

	fake_init(&f, KVER(6, 18));
	tcp_sock_init_window(&f.h, &f.tp);
	f.tp.scaling_ratio = 160;
	f.tp.rcv_rtt = 10 * SIM_MS;
	f.sc.host.sysctl.tcp_moderate_rcvbuf = true;
	/* RTT 1: n = 28960 > o = 14480: rcvwin = 2n + 2 * floor(2n (n - o) / o)
	 * = 57920 + 2 * 57920 = 173760; B = 173760 * 256 / 160 = 278016 */
	adjust(&f, 28960);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 278016);
	ck_assert_uint_eq(f.tp.window_clamp, 173760);
	ck_assert_uint_eq(f.tp.rcvq_space, 28960);
	/* RTT 2: n = 57920, o = 28960: 115840 + 2 * 115840 = 347520 -> 556032 */
	adjust(&f, 57920);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 556032);
	/* RTT 3: the same amount: no growth (copied <= o), B never shrinks */
	adjust(&f, 57920);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 556032);
	/* RTT 4: n = 4 MiB: far beyond tcp_rmem[2]: B = 6291456 */
	adjust(&f, 4194304);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 6291456);
	/* before 6.18: 16 * advmss of cushion: n = 28960, o = 14480:
	 * rcvwin = 57920 + 23168 = 81088, + 2 * 81088 = 243264; pre-6.6
	 * tcp_adv_win_scale 1: B = 2 * 243264 = 486528 */
	fake_init(&f, KVER(6, 1));
	tcp_sock_init_window(&f.h, &f.tp);
	f.tp.rcv_rtt = 10 * SIM_MS;
	adjust(&f, 28960);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 486528);
	/* SO_RCVBUF turns it off */
	fake_init(&f, KVER(6, 18));
	f.sk.rcvbuf = 65536;
	tcp_sock_init_window(&f.h, &f.tp);
	f.tp.rcv_rtt = 10 * SIM_MS;
	adjust(&f, 28960);
	ck_assert_int_eq(f.tp.sk_rcvbuf, 131072);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tcp_window");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, win_from_space_by_version);
	tcase_add_test(tc, initial_window_default_buffer);
	tcase_add_test(tc, initial_window_so_rcvbuf);
	tcase_add_test(tc, advertised_window);
	tcase_add_test(tc, select_window_never_shrinks);
	tcase_add_test(tc, autotuning_sequence);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
