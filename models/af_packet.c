/* SPDX-License-Identifier: MIT */
/*
 * af_packet.c - tpacket_rcv() into a TPACKET_V3 ring and the process
 * reading it (net/packet/af_packet.c).
 *
 * - run_filter(): the socket's BPF program; a refused frame costs the
 *   filter only and is not counted anywhere.
 * - __packet_lookup_frame_in_block(): a frame goes into the current block
 *   if curr + ALIGN(len, 8) < end; else the block is retired (handed to the
 *   reader: prb_close_block -> sk_data_ready) and the next one opened, unless
 *   the reader still owns it: the queue freezes (tp_freeze_q_cnt) and
 *   frames are dropped (tp_drops) until the reader returns that block;
 *   the first frame after that opens it (thaws).
 * - The retire timer (tp_retire_blk_tov after a block is opened) hands a
 *   block holding frames to the reader even if it is not full.  It runs
 *   in timer softirq context; its CPU time is not charged.
 * - PACKET_STATISTICS: tp_packets counts the frames that passed the filter,
 *   recorded or dropped; tp_drops those that found no room (tcpdump's
 *   "packets dropped by kernel").
 * - The reader (libpcap's pcap_read_linux_mmap_v3): poll() until the block
 *   it expects is the user's, handle its frames, give it back, go on.
 *
 * TPACKET_V1/V2 rings (mode v1, v2): tp_frame_nr frames of tp_frame_size
 * bytes, tp_block_size / tp_frame_size of them per block (packet_set_ring).
 * - tpacket_rcv(): __packet_rcv_has_room() -> __tpacket_has_room(po, 0):
 *   the frame at rx_ring.head must be TP_STATUS_KERNEL, else the frame is
 *   dropped (tp_drops; later frames carry TP_STATUS_LOSING until the
 *   statistics are read).  A frame holds macoff + tp_snaplen bytes,
 *   tp_snaplen = min(len, snaplen) cut at frame_size - macoff (no
 *   PACKET_COPY_THRESH: libpcap does not set it); the status is set to
 *   TP_STATUS_USER, packet_increment_rx_head() moves head on, and
 *   sk_data_ready wakes a reader in poll() at once: no block, no timer,
 *   no freeze.
 * - The reader (libpcap's pcap_read_linux_mmap_v2): poll() while the frame
 *   it expects is the kernel's; then handle frames one by one, each given
 *   back (TP_STATUS_KERNEL) as soon as it is handled, until the next is
 *   the kernel's.  per_block is the cost of one such call (poll included),
 *   per_packet that of each frame.
 *
 * A plain packet socket (mode socket), no ring:
 * - packet_rcv(): after the filter, drop if sk_rmem_alloc >= sk_rcvbuf
 *   (tp_drops and sk_drops); else the shared skb is cloned (skb_clone keeps
 *   truesize), trimmed to the snaplen, charged to the socket
 *   (skb_set_owner_r: + truesize), queued on sk_receive_queue, and
 *   sk_data_ready wakes a reader blocked in recvmsg().  No copy here.
 * - The reader (libpcap's pcap_read_packet): one recvmsg() per packet:
 *   packet_recvmsg() dequeues the skb, copies it to user space, and
 *   skb_free_datagram() returns its truesize; then the packet is handled.
 * - PACKET_STATISTICS for V1/V2 and a plain socket is struct tpacket_stats:
 *   tp_packets (plus tp_drops, as getsockopt adds them) and tp_drops.
 *
 * PACKET_FANOUT (fanout_add, packet_rcv_fanout): the sockets of one group
 * leave ptype_all and the group's one prot_hook takes their place, so a
 * frame meets packet_rcv_fanout once per group, which picks one member
 * (fanout_demux_hash / _lb / _cpu / _rnd / _qm / _rollover) and runs that
 * member's own func: its filter, ring and counters; the other members do
 * not see the frame and cost nothing.  With PACKET_FANOUT_FLAG_ROLLOVER
 * (or type rollover) fanout_demux_rollover() moves a frame off a member
 * short of room (__packet_rcv_has_room: the ring slot a quarter of the ring
 * ahead, or a quarter of sk_rcvbuf) to the next member with room and no
 * pressure, counting PACKET_ROLLOVER_STATS.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/af_packet.h"
#include "rxsim/alloc.h"
#include "rxsim/config.h"
#include "rxsim/host.h"
#include "rxsim/jhash.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"
#include "rxsim/sock.h"

#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))

uint32_t tpacket_v3_slot(const struct tap_cfg *cfg, uint32_t blk_size, uint32_t len)
{
	/* tpacket_rcv(): netoff = TPACKET_ALIGN(tp_hdrlen + max(maclen, 16)),
	 * macoff = netoff - maclen; V3 caps snaplen at max_frame_len - macoff */
	uint32_t maclen = 14;
	uint32_t macoff = ALIGN_UP(TPACKET3_HDRLEN + 16, TPACKET_ALIGNMENT) - maclen;
	uint32_t snaplen = len < (uint64_t)cfg->snaplen ? len : (uint32_t)cfg->snaplen;
	uint32_t max_frame_len = blk_size - BLK_HDR_LEN;

	if (macoff + snaplen > max_frame_len)
		snaplen = max_frame_len - macoff;
	return ALIGN_UP(macoff + snaplen, V3_ALIGNMENT);
}

uint32_t tpacket_v12_snaplen(const struct tap_cfg *cfg, uint32_t frame_size, uint32_t len)
{
	uint32_t macoff = tpacket_macoff(cfg->mode);
	uint32_t snaplen = len < (uint64_t)cfg->snaplen ? len : (uint32_t)cfg->snaplen;

	/* tpacket_rcv(): if (macoff + snaplen > po->rx_ring.frame_size) */
	if (macoff + snaplen > frame_size)
		snaplen = frame_size > macoff ? frame_size - macoff : 0;
	return snaplen;
}

uint32_t tpacket_v12_auto_frame(int mode, int64_t snaplen)
{
	uint32_t frame = snaplen < TAP_ETH_MAX_FRAME ? (uint32_t)snaplen : TAP_ETH_MAX_FRAME;

	return ALIGN_UP(tpacket_macoff(mode) + frame, TPACKET_ALIGNMENT);
}

const char *af_packet_mode_name(int mode)
{
	static const char *const names[] = { "v3", "v2", "v1", "socket" };

	return mode >= 0 && mode < TAP_MODE__N ? names[mode] : "?";
}

static struct packet_tap *tap_of(struct exec *ex)
{
	return container_of(ex, struct packet_tap, task.exec);
}

static void tap_read(struct cpu *c, struct exec *ex);
static void tap_woken(struct cpu *c, struct exec *ex);

int af_packet_has_room(const struct packet_tap *t, uint32_t truesize)
{
	uint32_t len, idx;

	if (t->cfg->mode == TAP_SOCKET) {
		/* prot_hook.func != tpacket_rcv: avail against rcvbuf >> 2 */
		int64_t avail = t->sk_rcvbuf - t->sk_rmem_alloc - (int64_t)truesize;

		if (avail > (t->sk_rcvbuf >> 2))
			return ROOM_NORMAL;
		return avail > 0 ? ROOM_LOW : ROOM_NONE;
	}
	/* __tpacket_v3_has_room / __tpacket_has_room(po, ROOM_POW_OFF): the
	 * block (frame) len >> 2 after kactive_blk_num (head) is the
	 * kernel's; else (pow_off 0) that one itself */
	if (t->cfg->mode == TAP_V3) {
		len = t->blk_nr;
		idx = t->kactive;
	} else {
		len = t->frame_nr;
		idx = t->head;
	}
	if (!t->user[(idx + (len >> 2)) % len])
		return ROOM_NORMAL;
	return t->user[idx] ? ROOM_NONE : ROOM_LOW;
}

/* packet_rcv_has_room(): the answer also sets or clears the pressure. */
static int rcv_has_room(struct packet_tap *t, uint32_t truesize)
{
	int ret = af_packet_has_room(t, truesize);

	t->pressure = ret != ROOM_NORMAL;
	return ret;
}

/* packet_rcv_try_clear_pressure(): packet_poll() and packet_recvmsg(). */
static void try_clear_pressure(struct packet_tap *t)
{
	if (t->pressure && af_packet_has_room(t, 0) == ROOM_NORMAL)
		t->pressure = false;
}

/* prb_open_block(): empty, kernel-owned, its retire timer armed. */
static void open_block(struct host *h, struct packet_tap *t)
{
	t->frozen = false;
	t->num_pkts[t->kactive] = 0;
	t->nxt_offset = BLK_HDR_LEN;
	sim_reschedule(h->sim, &t->retire_ev, h->sim->now + t->cfg->retire_blk_tov);
}

/* prb_close_block(): the block is the user's; sk_data_ready wakes a reader
 * in poll().  Returns 1 if one was woken. */
static int close_block(struct host *h, struct packet_tap *t)
{
	t->user[t->kactive] = true;
	t->kactive = (t->kactive + 1) % t->blk_nr;
	if (t->polling) {
		t->polling = false;
		t->wakeups++;
		sched_wakeup(h, &t->task, tap_woken);
		return 1;
	}
	return 0;
}

/* prb_dispatch_next_block(): open kactive unless the reader holds it. */
static bool dispatch_next(struct host *h, struct packet_tap *t)
{
	if (t->user[t->kactive]) {
		t->frozen = true;	/* prb_freeze_queue() */
		t->tp_freeze_q_cnt++;
		sim_cancel(h->sim, &t->retire_ev);
		return false;
	}
	open_block(h, t);
	return true;
}

/* prb_retire_rx_blk_timer_expired() */
static void retire_timer(struct sim *sim, struct sim_event *ev)
{
	struct packet_tap *t = container_of(ev, struct packet_tap, retire_ev);
	struct host *h = sim_host(sim);

	if (t->frozen)
		return;
	if (t->num_pkts[t->kactive]) {
		t->blocks_timed_out++;
		close_block(h, t);
		dispatch_next(h, t);
		return;
	}
	sim_schedule(sim, ev, sim->now + t->cfg->retire_blk_tov);
}

/* sk_data_ready -> sock_def_readable: wakes the reader if it sleeps in
 * poll() or recvmsg(); the wake-up is charged to the receive path. */
static sim_time_t data_ready(struct host *h, struct cpu *c, struct packet_tap *t)
{
	if (!t->polling)
		return 0;
	t->polling = false;
	t->wakeups++;
	sched_wakeup(h, &t->task, tap_woken);
	return cost_draw(&h->sc->host.costs.wakeup, &c->rng);
}

/* tpacket_rcv() into a TPACKET_V1/V2 ring, from after run_filter(). */
static sim_time_t tpacket_rcv_v12(struct host *h, struct cpu *c, struct packet_tap *t,
				  uint32_t len, sim_time_t cost)
{
	const struct tap_cfg *cfg = t->cfg;
	uint32_t snaplen;

	if (t->user[t->head]) {
		/* __packet_rcv_has_room() == ROOM_NONE: "flooded, give up",
		 * tp_drops and drop_n_restore, no sk_data_ready (the reader
		 * owns every frame then: it is not in poll()). */
		t->tp_drops++;
		t->rcv_time += cost;
		return cost;
	}
	snaplen = tpacket_v12_snaplen(cfg, t->frame_size, len);
	cost += (sim_time_t)((double)cost_draw(&cfg->copy_per_kib, &c->rng) *
			     (double)snaplen / 1024.0);
	t->user[t->head] = true;	/* __packet_set_status(TP_STATUS_USER) */
	t->head = t->head + 1 < t->frame_nr ? t->head + 1 : 0;	/* packet_increment_rx_head */
	cost += data_ready(h, c, t);
	t->rcv_time += cost;
	return cost;
}

/* packet_rcv() of a socket without a ring, from after run_filter(). */
static sim_time_t packet_rcv_sock(struct host *h, struct cpu *c, struct packet_tap *t,
				  const struct packet *p, sim_time_t cost)
{
	const struct tap_cfg *cfg = t->cfg;
	uint32_t len = p->size - 4u, i;

	if (t->sk_rmem_alloc >= t->sk_rcvbuf) {
		/* drop_n_acct: before the clone, so the filter is all it cost */
		t->tp_drops++;
		t->sk_drops++;
		t->rcv_time += cost;
		return cost;
	}
	cost += cost_draw(&cfg->rcv, &c->rng);
	if (t->q_len == t->q_cap) {
		/* grow the ring, unwrapping it: happens log2(peak queue) times */
		uint32_t n = t->q_cap * 2, k;

		t->q = sim_xrealloc(t->q, n, sizeof(*t->q), "packet tap receive queue");
		for (k = 0; k < t->q_head; k++)
			t->q[t->q_cap + k] = t->q[k];
		t->q_cap = n;
	}
	i = t->q_head + t->q_len;
	if (i >= t->q_cap)
		i -= t->q_cap;
	t->q[i].truesize = p->truesize;
	t->q[i].len = len < (uint64_t)cfg->snaplen ? len : (uint32_t)cfg->snaplen;	/* pskb_trim */
	t->q_len++;
	t->sk_rmem_alloc += p->truesize;	/* skb_set_owner_r */
	if (t->sk_rmem_alloc > t->max_rmem_alloc)
		t->max_rmem_alloc = t->sk_rmem_alloc;
	cost += data_ready(h, c, t);
	t->rcv_time += cost;
	return cost;
}

sim_time_t af_packet_rcv(struct host *h, struct cpu *c, struct packet_tap *t,
			 const struct packet *p)
{
	const struct tap_cfg *cfg = t->cfg;
	uint32_t len = p->size - 4u, slot;	/* skb->len: the frame without FCS */
	sim_time_t cost;
	int woken = 0;

	t->seen++;
	cost = cost_draw(&cfg->filter, &c->rng);
	if (cfg->match_p < 1 && !(rng_unit(&t->rng) < cfg->match_p)) {
		t->filtered++;
		t->rcv_time += cost;
		return cost;
	}
	t->tp_packets++;
	if (cfg->mode == TAP_SOCKET)
		return packet_rcv_sock(h, c, t, p, cost);
	cost += cost_draw(&cfg->rcv, &c->rng);
	if (cfg->mode != TAP_V3)
		return tpacket_rcv_v12(h, c, t, len, cost);
	slot = tpacket_v3_slot(cfg, t->blk_size, len);
	if (t->frozen) {
		/* the block that froze the queue: still the reader's? */
		if (t->user[t->kactive]) {
			t->tp_drops++;
			t->rcv_time += cost;
			return cost;
		}
		open_block(h, t);
	}
	if (!(t->nxt_offset + slot < t->blk_size)) {
		woken = close_block(h, t);
		if (!dispatch_next(h, t)) {
			t->tp_drops++;
			goto out;
		}
	}
	t->nxt_offset += slot;
	t->num_pkts[t->kactive]++;
	cost += (sim_time_t)((double)cost_draw(&cfg->copy_per_kib, &c->rng) *
			     (double)(len < cfg->snaplen ? len : (uint32_t)cfg->snaplen) / 1024.0);
out:
	if (woken)
		cost += cost_draw(&h->sc->host.costs.wakeup, &c->rng);
	t->rcv_time += cost;
	return cost;
}

static void pause_end(struct sim *sim, struct sim_event *ev)
{
	struct task *task = container_of(ev, struct task, timer);

	sched_wakeup(sim_host(sim), task, tap_read);
}

static void tap_block_done(struct cpu *c, struct exec *ex)
{
	struct packet_tap *t = tap_of(ex);

	(void)c;
	t->read += t->reading;
	t->blocks_read++;
	t->reading = 0;
	t->user[t->rd] = false;		/* TP_STATUS_KERNEL: given back */
	t->rd = (t->rd + 1) % t->blk_nr;
	tap_read(c, ex);
}

/* pcap_read_linux_mmap_v2(): one frame handled, then given back. */
static void tap_frame_done(struct cpu *c, struct exec *ex)
{
	struct packet_tap *t = tap_of(ex);

	t->read++;
	t->user[t->rd] = false;		/* packet_mmap_release: TP_STATUS_KERNEL */
	t->rd = t->rd + 1 < t->frame_nr ? t->rd + 1 : 0;
	tap_read(c, ex);
}

static void tap_read_v12(struct cpu *c, struct packet_tap *t)
{
	const struct tap_cfg *cfg = t->cfg;
	sim_time_t cost;

	if (!t->user[t->rd]) {
		/* the call returns; the next one polls */
		t->in_read = false;
		t->polling = true;
		try_clear_pressure(t);	/* packet_poll */
		sched_block(c, &t->task);
		return;
	}
	cost = cost_draw(&cfg->per_packet, &c->rng);
	if (!t->in_read) {
		t->in_read = true;
		cost += cost_draw(&cfg->per_block, &c->rng);
	}
	cpu_charge(c, &t->task.exec, cost, tap_frame_done);
}

/* After the packet is handled: the next recvmsg(). */
static void tap_sock_handled(struct cpu *c, struct exec *ex)
{
	tap_read(c, ex);
}

/* packet_recvmsg() returned: skb_free_datagram() gave the truesize back. */
static void tap_recv_done(struct cpu *c, struct exec *ex)
{
	struct packet_tap *t = tap_of(ex);

	t->sk_rmem_alloc -= t->cur_truesize;	/* sock_rfree */
	t->cur_truesize = 0;
	t->read++;
	cpu_charge(c, ex, cost_draw(&t->cfg->per_packet, &c->rng), tap_sock_handled);
}

static void tap_read_sock(struct cpu *c, struct packet_tap *t)
{
	const struct tap_cfg *cfg = t->cfg;
	const struct tap_skb *skb;
	sim_time_t cost;

	if (!t->q_len) {
		/* skb_recv_datagram() sleeps until sk_data_ready */
		t->polling = true;
		sched_block(c, &t->task);
		return;
	}
	skb = &t->q[t->q_head];
	t->q_head = t->q_head + 1 < t->q_cap ? t->q_head + 1 : 0;
	t->q_len--;
	t->cur_truesize = skb->truesize;
	/* packet_recvmsg(): skb_recv_datagram() dequeued it (its memory goes
	 * back at skb_free_datagram) */
	try_clear_pressure(t);
	cost = cost_draw(&cfg->recv, &c->rng);
	cost += (sim_time_t)((double)cost_draw(&cfg->copy_per_kib, &c->rng) *
			     (double)skb->len / 1024.0);	/* skb_copy_datagram_msg */
	cpu_charge(c, &t->task.exec, cost, tap_recv_done);
}

static void tap_read(struct cpu *c, struct exec *ex)
{
	struct packet_tap *t = tap_of(ex);
	struct host *h = c->host;
	const struct tap_cfg *cfg = t->cfg;
	sim_time_t now = h->sim->now, cost;
	uint32_t i;

	while (t->pause_idx < cfg->n_pauses &&
	       now >= cfg->pauses[t->pause_idx].at + cfg->pauses[t->pause_idx].len)
		t->pause_idx++;
	if (t->pause_idx < cfg->n_pauses && now >= cfg->pauses[t->pause_idx].at) {
		sim_schedule(h->sim, &t->task.timer,
			     cfg->pauses[t->pause_idx].at + cfg->pauses[t->pause_idx].len);
		t->in_read = false;
		sched_block(c, &t->task);
		return;
	}
	if (cfg->mode == TAP_SOCKET) {
		tap_read_sock(c, t);
		return;
	}
	if (cfg->mode != TAP_V3) {
		tap_read_v12(c, t);
		return;
	}
	if (!t->user[t->rd]) {
		t->polling = true;
		try_clear_pressure(t);	/* packet_poll */
		sched_block(c, &t->task);
		return;
	}
	t->reading = t->num_pkts[t->rd];
	cost = cost_draw(&cfg->per_block, &c->rng);
	for (i = 0; i < t->reading; i++)
		cost += cost_draw(&cfg->per_packet, &c->rng);
	cpu_charge(c, ex, cost, tap_block_done);
}

/* Woken in poll(): packet_poll() runs again before poll() returns. */
static void tap_woken(struct cpu *c, struct exec *ex)
{
	struct packet_tap *t = tap_of(ex);

	if (t->cfg->mode != TAP_SOCKET)
		try_clear_pressure(t);
	tap_read(c, ex);
}

int af_packet_setup(struct host *h, struct packet_tap *t, const struct tap_cfg *cfg, int index)
{
	char name[64];
	int i, cpu;

	memset(t, 0, sizeof(*t));
	t->cfg = cfg;
	t->nic = -1;
	for (i = 0; i < h->nnics; i++)
		if (!strcmp(h->sc->nics[i].name, cfg->dev))
			t->nic = i;
	t->blk_size = (uint32_t)cfg->block_size;
	t->blk_nr = (uint32_t)cfg->block_nr;
	t->num_pkts = calloc(t->blk_nr, sizeof(*t->num_pkts));
	if (cfg->mode == TAP_V1 || cfg->mode == TAP_V2) {
		/* resolved by the loader to packet_set_ring's layout */
		assert(cfg->frame_size > 0 && cfg->frame_nr > 0);
		t->frame_size = (uint32_t)cfg->frame_size;
		t->frame_nr = (uint32_t)cfg->frame_nr;
		t->user = calloc(t->frame_nr, sizeof(*t->user));
	} else {
		t->user = calloc(t->blk_nr, sizeof(*t->user));
	}
	if (!t->num_pkts || !t->user)
		return -1;
	if (cfg->mode == TAP_SOCKET) {
		const struct sysctl_cfg *s = &h->sc->host.sysctl;

		/* sock_init_data(): rmem_default; SO_RCVBUF: __sock_set_rcvbuf() */
		t->sk_rcvbuf = cfg->rcvbuf < 0 ? s->rmem_default :
			sock_rcvbuf_from_setsockopt(cfg->rcvbuf, false, s->rmem_max);
		t->q_cap = 64;
		t->q = calloc(t->q_cap, sizeof(*t->q));
		if (!t->q)
			return -1;
	}
	rng_streamf(&t->rng, h->sim->seed, "tap/%d/filter", index);
	sim_event_init(&t->retire_ev, retire_timer, PRIO_SCHED);
	snprintf(name, sizeof(name), "%s", cfg->name);
	cpu = cfg->cpu >= 0 ? (int)cfg->cpu : index % h->ncpus;
	sched_task_init(h, &t->task, name, TASK_HOG, cpu, (int)cfg->cpu, ACCT_APP);
	t->task.owner = t;
	sim_event_init(&t->task.timer, pause_end, PRIO_SCHED);
	return 0;
}

void af_packet_start(struct host *h, struct packet_tap *t)
{
	t->kactive = 0;
	if (t->cfg->mode == TAP_V3)
		open_block(h, t);
	sched_start_runnable(h, &t->task, tap_read);
}

void af_packet_free(struct packet_tap *t)
{
	free(t->num_pkts);
	free(t->user);
	free(t->q);
	t->num_pkts = NULL;
	t->user = NULL;
	t->q = NULL;
}

/* PACKET_FANOUT */

const char *af_packet_fanout_name(int type)
{
	static const char *const names[] = { "hash", "lb", "cpu", "rnd", "qm", "rollover" };

	return type >= 0 && type < FANOUT_MODE__N ? names[type] : "?";
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* __skb_get_hash_symmetric(): the flow keys made symmetric by
 * __flow_hash_consistentify() (the lower address, then the lower port,
 * first) and hashed with a key drawn at boot (hashrnd; siphash since 5.10,
 * jhash2 before).  rxsim mixes the words with lookup3's final mix, keyed
 * by the run's seed: the same flow, either way round, gives one hash. */
uint32_t af_packet_hash_symmetric(const struct flow_tuple *tuple, uint32_t hashrnd)
{
	const int alen = tuple->family == FLOW_IPV6 ? 16 : 4;
	const uint8_t *lo = tuple->saddr, *hi = tuple->daddr;
	uint16_t plo = tuple->sport, phi = tuple->dport;
	int d = memcmp(tuple->saddr, tuple->daddr, (size_t)alen), i;
	uint32_t a, b, c;

	if (d > 0 || (d == 0 && tuple->sport > tuple->dport)) {
		lo = tuple->daddr;
		hi = tuple->saddr;
		plo = tuple->dport;
		phi = tuple->sport;
	}
	a = b = c = 0xdeadbeef + hashrnd;
	a += (uint32_t)tuple->family << 8 | tuple->proto;
	b += (uint32_t)plo << 16 | phi;
	for (i = 0; i < alen; i += 4) {
		c += be32(lo + i);
		a ^= be32(hi + i);
		jhash_mix(&a, &b, &c);
	}
	c = jhash_final(a, b, c);
	return c ? c : 1;	/* __flow_hash_from_keys: 0 means "no hash" */
}

/* fanout_flow_is_huge(): the frame's rxhash fills more than half of the
 * socket's history of recent frames; one random slot takes it. */
static bool fanout_flow_is_huge(struct packet_fanout *f, struct packet_tap *po,
				const struct packet *p)
{
	uint32_t victim, rxhash = p->hash;	/* skb_get_hash */
	int i, count = 0;

	for (i = 0; i < ROLLOVER_HLEN; i++)
		if (po->history[i] == rxhash)
			count++;
	victim = (uint32_t)rng_below(&f->rng, ROLLOVER_HLEN);
	po->history[victim] = rxhash;
	return count > (ROLLOVER_HLEN >> 1);
}

/* fanout_demux_rollover() */
static uint32_t fanout_demux_rollover(struct packet_fanout *f, const struct packet *p,
				      uint32_t idx, bool try_self, uint32_t num)
{
	struct packet_tap *po = f->arr[idx], *po_next, *po_skip = NULL;
	uint32_t i, j;
	int room = ROOM_NONE;

	if (try_self) {
		room = rcv_has_room(po, p->truesize);
		if (room == ROOM_NORMAL || (room == ROOM_LOW && !fanout_flow_is_huge(f, po, p)))
			return idx;
		po_skip = po;
	}
	i = j = po->rollover_sock < num - 1 ? po->rollover_sock : num - 1;
	do {
		po_next = f->arr[i];
		if (po_next != po_skip && !po_next->pressure &&
		    rcv_has_room(po_next, p->truesize) == ROOM_NORMAL) {
			if (i != j)
				po->rollover_sock = i;
			po->rollover_num++;
			if (room == ROOM_LOW)
				po->rollover_num_huge++;
			return i;
		}
		if (++i == num)
			i = 0;
	} while (i != j);
	po->rollover_num_failed++;
	return idx;
}

sim_time_t af_packet_rcv_fanout(struct host *h, struct cpu *c, struct packet_fanout *f,
				const struct packet *p)
{
	uint32_t num = f->num_members, idx = 0, hash;

	switch (f->type) {
	case FANOUT_HASH:
		/* fanout_demux_hash(): reciprocal_scale(hash, num) */
		hash = af_packet_hash_symmetric(&p->tuple, f->hashrnd);
		idx = (uint32_t)(((uint64_t)hash * num) >> 32);
		break;
	case FANOUT_LB:
		/* fanout_demux_lb(): atomic_inc_return(&f->rr_cur) % num */
		idx = ++f->rr_cur % num;
		break;
	case FANOUT_CPU:
		idx = (uint32_t)c->id % num;	/* smp_processor_id() % num */
		break;
	case FANOUT_RND:
		idx = (uint32_t)rng_below(&f->rng, num);	/* get_random_u32_below */
		break;
	case FANOUT_QM:
		/* fanout_demux_qm(): skb_get_queue_mapping() % num; the driver's
		 * skb_record_rx_queue() stored the rx queue + 1 there */
		idx = p->rxq == PKT_RXQ_NONE ? 0 : (uint32_t)(h->rxqs[p->rxq]->index + 1) % num;
		break;
	case FANOUT_ROLLOVER:
		idx = fanout_demux_rollover(f, p, 0, false, num);
		break;
	default:
		assert(0);
	}
	if (f->rollover)
		idx = fanout_demux_rollover(f, p, idx, true, num);
	return af_packet_rcv(h, c, f->arr[idx], p);
}

int af_packet_fanout_setup(struct host *h)
{
	struct rng boot;
	uint32_t hashrnd;
	int i, k, n = 0;

	/* __skb_get_hash_symmetric's key is one per boot
	 * (net_get_random_once), shared by every group */
	rng_stream(&boot, h->sim->seed, "fanout/hashrnd");
	hashrnd = rng_u32(&boot);

	for (i = 0; i < h->ntaps; i++) {
		const struct tap_cfg *cfg = h->taps[i].cfg;
		struct packet_fanout *f = NULL;

		if (cfg->fanout_group < 0)
			continue;
		for (k = 0; k < n; k++)
			if (h->fanouts[k].id == (uint32_t)cfg->fanout_group)
				f = &h->fanouts[k];
		if (!f) {
			if (!h->fanouts) {
				/* at most one group per tap */
				h->fanouts = calloc((size_t)h->ntaps, sizeof(*h->fanouts));
				if (!h->fanouts)
					return -1;
			}
			f = &h->fanouts[n++];
			h->nfanouts = n;
			f->id = (uint32_t)cfg->fanout_group;
			f->type = cfg->fanout_mode;
			f->rollover = cfg->fanout_rollover;
			f->arr = calloc((size_t)h->ntaps, sizeof(*f->arr));
			if (!f->arr)
				return -1;
			rng_streamf(&f->rng, h->sim->seed, "fanout/%u", f->id);
			f->hashrnd = hashrnd;
		}
		/* the loader checked that the members agree (fanout_add: -EINVAL) */
		assert(f->type == cfg->fanout_mode && f->rollover == cfg->fanout_rollover);
		assert(f->num_members < PACKET_FANOUT_MAX_LEGACY);
		f->arr[f->num_members++] = &h->taps[i];
		h->taps[i].fanout = f;
	}
	return 0;
}

void af_packet_fanout_free(struct host *h)
{
	int k;

	for (k = 0; h->fanouts && k < h->nfanouts; k++)
		free(h->fanouts[k].arr);
	free(h->fanouts);
	h->fanouts = NULL;
	h->nfanouts = 0;
}
