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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/af_packet.h"
#include "rxsim/config.h"
#include "rxsim/host.h"
#include "rxsim/nic.h"
#include "rxsim/packet.h"

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

static struct packet_tap *tap_of(struct exec *ex)
{
	return container_of(ex, struct packet_tap, task.exec);
}

static void tap_read(struct cpu *c, struct exec *ex);

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
		sched_wakeup(h, &t->task, tap_read);
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
	cost += cost_draw(&cfg->rcv, &c->rng);
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
		sched_block(c, &t->task);
		return;
	}
	if (!t->user[t->rd]) {
		t->polling = true;
		sched_block(c, &t->task);
		return;
	}
	t->reading = t->num_pkts[t->rd];
	cost = cost_draw(&cfg->per_block, &c->rng);
	for (i = 0; i < t->reading; i++)
		cost += cost_draw(&cfg->per_packet, &c->rng);
	cpu_charge(c, ex, cost, tap_block_done);
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
	t->user = calloc(t->blk_nr, sizeof(*t->user));
	if (!t->num_pkts || !t->user)
		return -1;
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
	open_block(h, t);
	sched_start_runnable(h, &t->task, tap_read);
}

void af_packet_free(struct packet_tap *t)
{
	free(t->num_pkts);
	free(t->user);
	t->num_pkts = NULL;
	t->user = NULL;
}
