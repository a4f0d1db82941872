/* SPDX-License-Identifier: MIT */
/*
 * tcp.h - TCP connections: the receiving socket (tcp_sock as the kernel keeps
 * it for an established connection), the remote sender that closes the loop
 * through the receiver's ACKs and window, and the TcpExt / Tcp counters.
 *
 * The handshake is not simulated as packets: a connection is established at
 * its traffic source's start with the values tcp_select_initial_window()
 * and tcp_init_buffer_space() give (models/tcp_sock.c).
 */
#ifndef RXSIM_TCP_H
#define RXSIM_TCP_H

#include <stdbool.h>
#include <stdint.h>

#include "rxsim/config.h"
#include "rxsim/cpu.h"
#include "rxsim/rng.h"
#include "rxsim/engine.h"
#include "rxsim/hist.h"
#include "rxsim/packet.h"

struct host;
struct scenario;
struct cpu;
struct exec;
struct tcp_reader;

/* include/net/tcp.h TCPHDR_* */
#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04
#define TCPHDR_PSH 0x08
#define TCPHDR_ACK 0x10

/* Ethernet 14 + IPv4 20 + TCP 20 + timestamps 12 + FCS 4 around the payload:
 * a 1448-byte MSS fills a 1518-byte frame. */
#define TCP_FRAME_OVERHEAD 70
#define TCP_DEFAULT_SCALING_RATIO 128	/* 50%: include/net/tcp.h */
#define TCP_RMEM_TO_WIN_SCALE 8
#define TCP_MAX_QUICKACKS 16
#define TCP_MIN_MSS 536			/* TCP_MSS_DEFAULT: initial rcv_mss */
#define SKB_STRUCT_SIZE 256		/* SKB_DATA_ALIGN(sizeof(struct sk_buff)) */

/* /proc/net/snmp Tcp: the receiving host's view. */
struct tcp_mib {
	uint64_t PassiveOpens;
	uint64_t AttemptFails;
	uint64_t CurrEstab;
	uint64_t InSegs;
	uint64_t OutSegs;
	uint64_t InErrs;
};

/* /proc/net/netstat TcpExt, the receive-side fields (names as printed). */
#define TCP_EXT_FIELDS(X) \
	X(PruneCalled) X(RcvPruned) X(OfoPruned) X(DelayedACKs) X(DelayedACKLost) \
	X(TCPRcvCoalesce) X(TCPOFOQueue) X(TCPOFODrop) X(TCPOFOMerge) X(TCPRcvCollapsed) \
	X(TCPRcvQDrop) X(TCPBacklogCoalesce) X(TCPBacklogDrop) X(TCPZeroWindowDrop) X(TCPToZeroWindowAdv) \
	X(TCPFromZeroWindowAdv) X(TCPWantZeroWindowAdv) X(TCPMemoryPressures) \
	X(TCPAbortOnMemory) X(TCPPureAcks) X(TCPHPAcks)

struct tcp_ext {
#define X(n) uint64_t n;
	TCP_EXT_FIELDS(X)
#undef X
};

/* One ACK on its way back to the sender. */
struct tcp_ack_rec {
	sim_time_t t;		/* reaches the sender */
	uint32_t ack;		/* rcv_nxt */
	uint32_t wnd;		/* advertised window in bytes (unscaled) */
	sim_time_t tsecr;	/* echoed send time of the segment it answers */
	uint32_t sack[2][2];	/* SACK blocks [start, end): the latest arrival's, the
				 * lowest (start == end: none) */
	uint32_t resp;		/* bytes of a reply it carries (0: a pure ACK) */
};

/* The remote end: a sender with congestion control (models/tcp_sender.c). */
struct tcp_sender {
	uint32_t iss;
	uint32_t snd_una, snd_nxt, snd_max;
	uint32_t snd_wnd;		/* the receiver's last advertised window, bytes */
	uint32_t mss;
	uint32_t cwnd, ssthresh;	/* segments */
	uint32_t cwnd_cnt;		/* additive increase counter (tcp_cong_avoid_ai) */
	uint32_t dupacks;
	uint32_t recover;		/* snd_max when recovery began */
	uint32_t high_rxt;		/* retransmitted up to, in recovery */
	/* SACK scoreboard: one flag per segment, by (seq - iss) / mss, a ring
	 * of sb_cap (a power of two) covering snd_una .. snd_max */
	uint8_t *sb;
	uint32_t sb_cap;
	uint32_t sacked_out;
	uint32_t highest_sack;
	bool in_recovery;
	int backoff;
	/* CUBIC (net/ipv4/tcp_cubic.c) */
	uint32_t last_max_cwnd;
	sim_time_t epoch_start;
	double K;
	uint32_t origin_point;
	sim_time_t srtt, rttvar, rto;
	sim_time_t min_rtt;
	uint64_t app_limit;		/* bytes the application has written so far */
	uint32_t pushed_seq;		/* tp->pushed_seq: the last PSH forced_push() set */
	uint32_t max_window;		/* tp->max_window: the largest window advertised */
	sim_time_t tx_free_at;		/* the sender's own NIC is free from */
	sim_time_t phase;		/* send_rate: where in a message period it starts */
	uint64_t tx_rem;
	struct sim_event rto_ev;
	struct sim_event app_ev;	/* application-limited: more data to write */
	struct sim_event ack_ev;	/* the oldest ACK in the pipe arrives */
	struct tcp_ack_rec *pipe;	/* ring of ACKs in flight */
	uint32_t pipe_head, pipe_len, pipe_cap;
	uint64_t segs_sent, retrans, fast_retrans, timeouts, probes;
	uint64_t bytes_sent;
	uint64_t rtt_samples;
	sim_time_t rtt_sum;
	bool zero_window;		/* persist timer armed */
	/* tcp_chrono (tcpi_rwnd_limited): time the receive window held it back */
	bool rwnd_limited;
	sim_time_t chrono_start;
	sim_time_t rwnd_limited_ps;
	/* pattern request_response (models/tcp_rr.c) */
	bool rr;
	bool req_out;			/* a request waits for its reply */
	sim_time_t req_sent;		/* when the application wrote it */
	uint64_t transactions;
	sim_time_t rr_lat_sum, rr_lat_max;
	struct rng rr_rng;		/* think times */
};

struct tcp_sock {
	struct tcp_host *th;
	const struct sock_cfg *cfg;	/* the listener it was accepted on */
	int listener;			/* index of that listener */
	uint32_t index;
	uint16_t src;			/* traffic source and flow it belongs to */
	uint32_t flow;
	struct flow_tuple tuple;
	uint32_t hash;

	/* receive sequence space (struct tcp_sock) */
	uint32_t irs;
	uint32_t rcv_nxt, rcv_wup, rcv_wnd, copied_seq;
	uint32_t rcv_ssthresh, window_clamp, advmss, rcv_mss;
	uint8_t rcv_wscale, scaling_ratio;
	bool rcvbuf_locked;		/* SO_RCVBUF: SOCK_RCVBUF_LOCK */
	int64_t sk_rcvbuf, sk_sndbuf;
	int64_t sk_rmem_alloc, sk_forward_alloc;
	int64_t backlog_len;		/* sk->sk_backlog.len */
	int64_t rcvlowat;
	sim_time_t ts_recent;		/* tsval of the last in-order segment (echoed) */
	struct pktq rcvq;		/* sk_receive_queue, segments in order */
	uint32_t tail_frags;		/* segments coalesced into the tail skb */
	uint32_t head_off;		/* bytes of the head segment already copied */
	struct pktq ofoq;		/* out_of_order_queue, sorted by seq */
	struct pktq backlog;		/* sk_backlog while the reader owns it */
	uint32_t backlog_tail_frags;	/* segments coalesced into its tail */
	bool owned;			/* sock_owned_by_user(): inside recvmsg */
	/* delayed ACK (struct inet_connection_sock icsk_ack) */
	uint8_t quick;
	uint8_t pingpong;		/* icsk_ack.pingpong: replies sent within ato */
	bool ack_pending;		/* ICSK_ACK_SCHED */
	bool ack_timer;			/* ICSK_ACK_TIMER */
	bool ack_now;			/* ICSK_ACK_NOW */
	bool comp_sack;			/* the timer is the compressed-SACK one */
	sim_time_t ato;
	sim_time_t lrcvtime;
	uint32_t dup_ack_counter, compressed_rcv_nxt;
	uint32_t last_ofo_seq;		/* the latest out-of-order arrival (its SACK block) */
	struct sim_event delack_ev;
	int16_t delack_cpu;		/* the CPU whose timer base holds it */
	bool delack_queued;		/* expired, its softirq work waiting */
	struct tcp_sock *delack_next;
	/* tcp_rcv_space_adjust() */
	uint32_t rcvq_space, rcvq_seq;
	sim_time_t rcvq_time;
	sim_time_t rcv_rtt;		/* tp->rcv_rtt_est.rtt_us, as the receiver sees it */
	/* readers */
	struct tcp_reader *waiter;	/* blocked in recv on this socket */
	bool on_ready;			/* on its epoll instance's ready list */
	struct tcp_sock *ready_next;
	struct tcp_reader *ep;		/* the epoll thread watching it */
	bool ep_edge_armed;		/* EPOLLET: an event is due on the next arrival */

	struct tcp_sender snd;

	/* request_response: where the request being served ends (its framing,
	 * as the application knows it), and whether it is answered */
	uint32_t rr_req_end;
	uint32_t rr_reply_bytes;
	bool rr_unanswered;
	uint64_t replies;

	/* per-connection results */
	uint64_t segs_in, bytes_in;	/* accepted into the socket */
	uint64_t segs_read, bytes_read;
	uint64_t acks_sent, delayed_acks;
	uint64_t bytes_read_ts;		/* at the start of the time-series interval */
	int64_t max_rmem_alloc;
	uint32_t max_rcv_wnd, min_rcv_wnd_adv;
	uint64_t zero_wnd_acks;
};

/* A thread reading TCP connections (models/tcp_app.c). */
struct tcp_reader {
	struct task task;
	const struct app_cfg *cfg;
	struct tcp_host *th;
	struct rng rng;
	struct tcp_sock **socks;	/* the connections it reads */
	uint32_t nsocks;
	struct tcp_sock *sk;		/* being read */
	struct tcp_sock *ready_head, *ready_tail;	/* epoll ready list */
	bool in_epoll_wait;
	bool waiting;
	int64_t got;			/* bytes in this call */
	int64_t copying;		/* bytes of the copy being charged */
	uint32_t pause_idx;
	uint64_t calls, bytes, sleeps, epoll_waits;
};

/* The timer softirq of one CPU: expired delayed-ACK timers whose
 * tcp_delack_timer_handler() waits for CPU time (models/tcp_output.c). */
struct tcp_timer_cpu {
	struct irq_desc desc;
	struct tcp_sock *head, *tail;
};

struct tcp_host {
	struct host *h;
	struct tcp_timer_cpu *timer_cpus;	/* one per CPU */
	int cpu_now;			/* the CPU running TCP receive code now */
	struct tcp_sock *conns;
	uint32_t nconns;
	int32_t *src_conn;		/* first connection of each traffic source, -1 */
	struct tcp_reader *readers;
	uint32_t nreaders;
	int16_t *port_listener;		/* TCP port -> first listener, -1 */
	int16_t *listener_next;		/* SO_REUSEPORT group */
	int64_t tcp_rmem[3], tcp_wmem[3], tcp_mem[3];
	int64_t memory_allocated;	/* tcp_memory_allocated, pages */
	int64_t max_memory_allocated;
	bool memory_pressure;
	struct tcp_mib mib;
	struct tcp_ext ext;
	uint64_t rcvd;			/* segments that found a connection */
	uint64_t enqueued;		/* into a receive or out-of-order queue */
	uint64_t read_segs;
	uint64_t bytes_read;
	uint64_t bytes_trimmed;		/* received twice: the overlap cut off a segment */
	struct hist *rr_lat;		/* request -> reply at the client; NULL: no
					 * request_response traffic */
};

/* ---- models/tcp_sock.c: window arithmetic (include/net/tcp.h) ---- */

/* tcp_win_from_space(): 6.6+ scales by scaling_ratio/256, before by
 * tcp_adv_win_scale (1: half). */
int64_t tcp_win_from_space(int kver, uint8_t ratio, int adv_win_scale, int64_t space);
/* tcp_space_from_win(): the inverse, for the autotuning. */
int64_t tcp_space_from_win(int kver, uint8_t ratio, int adv_win_scale, int64_t win);
/* __tcp_select_window(): the window the receiver would offer now. */
uint32_t tcp__select_window(const struct host *h, struct tcp_sock *tp);
/* tcp_select_window(): what the next ACK carries (bytes), updating rcv_wnd/rcv_wup. */
uint32_t tcp_select_window(struct host *h, struct tcp_sock *tp);
/* tcp_select_initial_window() and tcp_init_buffer_space() for a new connection. */
void tcp_sock_init_window(struct host *h, struct tcp_sock *tp);
/* tcp_receive_window(): what remains of the last advertised window. */
static inline uint32_t tcp_receive_window(const struct tcp_sock *tp)
{
	int32_t win = (int32_t)(tp->rcv_wup + tp->rcv_wnd - tp->rcv_nxt);

	return win < 0 ? 0 : (uint32_t)win;
}

/* inet_csk_in_pingpong_mode(): replies within ato of the data make the
 * connection interactive, and its ACKs wait for the next reply.  The
 * threshold was 3 from 5.1 (4a41f453bedf) until 4d8f24eeedc5 (6.0) reverted
 * it to 1 (the net.ipv4.tcp_pingpong_thresh default of 6.7). */
static inline bool tcp_in_pingpong_mode(int kver, const struct tcp_sock *tp)
{
	return tp->pingpong >= (kver >= KVER(5, 1) && kver < KVER(6, 0) ? 3 : 1);
}

/* Move or schedule a timer.  (sim_cancel + sim_schedule rather than
 * sim_reschedule: a caller more of the latter changes how the hot
 * interrupt path is inlined.) */
static inline void tcp__resched(struct sim *sim, struct sim_event *ev, sim_time_t at)
{
	if (sim_event_pending(ev))
		sim_cancel(sim, ev);
	sim_schedule(sim, ev, at);
}

int tcp_setup(struct host *h, char *msg, size_t len);
void tcp_start(struct host *h);
void tcp_teardown(struct host *h);
/* The connection a segment belongs to (__inet_lookup_established), or NULL. */
struct tcp_sock *tcp_lookup(struct host *h, const struct packet *p);
uint64_t tcp_in_flight(const struct host *h);
/* Segments that found a connection (tcp_v4_rcv past the lookup). */
uint64_t tcp_segments_in(const struct host *h);
int tcp_check_conservation(const struct host *h, char *msg, size_t len);

/* ---- models/tcp_input.c ---- */

/* Receive state of a connection just established (irs, delayed ACK timer). */
void tcp__input_init(struct host *h, struct tcp_sock *tp);

/* tcp_v4_rcv() from softirq on @c; returns what proto_rcv_cost() charges. */
int tcp_v4_rcv(struct host *h, struct cpu *c, struct packet *p);
/* __release_sock(): the reader processes the backlog; returns the segments
 * processed and adds the ACKs it sent to *@acks. */
uint32_t tcp_release_sock(struct host *h, struct tcp_sock *tp, uint32_t *acks);
/* tcp_rcv_space_adjust() after a read. */
void tcp_rcv_space_adjust(struct host *h, struct tcp_sock *tp);
/* tcp_cleanup_rbuf() after @copied bytes were read; true if it sent an ACK. */
bool tcp_cleanup_rbuf(struct host *h, struct tcp_sock *tp, int64_t copied);
/* Bytes a reader can take now (sk_receive_queue). */
int64_t tcp_readable(const struct tcp_sock *tp);
/* tcp_recvmsg_locked(): copy up to @len bytes; returns bytes taken. */
int64_t tcp_recv_copy(struct host *h, struct tcp_sock *tp, int64_t len);

/* ---- models/tcp_output.c ---- */

/* tcp_send_ack(): an ACK leaves for the sender now. */
void tcp_send_ack(struct host *h, struct tcp_sock *tp);
/* The application's reply of @bytes leaves now, carrying the ACK
 * (tcp_sendmsg -> tcp_write_xmit -> tcp_transmit_skb -> tcp_event_ack_sent). */
void tcp_send_reply(struct host *h, struct tcp_sock *tp, uint32_t bytes);
/* tcp_send_delayed_ack(): arm the delayed-ACK timer (or send if it is late)
 * on the CPU in th->cpu_now. */
void tcp_send_delayed_ack(struct host *h, struct tcp_sock *tp);
/* The per-CPU timer softirq work items; 0 or -1. */
int tcp_timers_setup(struct host *h, struct tcp_host *th);

/* ---- models/tcp_sender.c ---- */

void tcp_sender_init(struct host *h, struct tcp_sock *tp, const struct traffic_cfg *cfg);
void tcp_sender_start(struct host *h, struct tcp_sock *tp);
void tcp_sender_free(struct tcp_sock *tp);
/* Time the sender was held back by the receive window (tcpi_rwnd_limited). */
sim_time_t tcp_sender_rwnd_limited(const struct host *h, const struct tcp_sock *tp);
/* Queue an ACK to reach the sender after the return delay. */
void tcp_sender_ack_in(struct host *h, struct tcp_sock *tp, const struct tcp_ack_rec *a);

/* ---- models/tcp_rr.c: request/response connections ---- */

void tcp_rr_init(struct host *h, struct tcp_sock *tp, const struct traffic_cfg *cfg);
/* The application's turn: write the next request (from the sender's app_ev). */
void tcp_rr_write(struct host *h, struct tcp_sock *tp);
/* The reply reached the client. */
void tcp_rr_reply_in(struct host *h, struct tcp_sock *tp);
/* The host application has read the whole request and not answered it. */
static inline bool tcp_rr_due(const struct tcp_sock *tp)
{
	return tp->rr_unanswered && (int32_t)(tp->copied_seq - tp->irs - tp->rr_req_end) >= 0;
}
/* Bytes of the reply to the request just read. */
uint32_t tcp_rr_reply_size(const struct host *h, const struct tcp_sock *tp);

/* ---- models/tcp_app.c ---- */

bool tcp_app_reads_tcp(const struct scenario *sc, const struct app_cfg *cfg);
int tcp_readers_setup(struct host *h, struct tcp_host *th);
void tcp_readers_start(struct host *h, struct tcp_host *th);
/* tcp_data_ready(): wake the reader of @tp; returns how many were woken. */
int tcp_data_ready(struct host *h, struct tcp_sock *tp);

#endif
