/* SPDX-License-Identifier: MIT */
/*
 * softirq.h - when softirqs run and who runs them (kernel/softirq.c), and
 * the NET_RX action they run (net/core/dev.c net_rx_action).
 */
#ifndef RXSIM_SOFTIRQ_H
#define RXSIM_SOFTIRQ_H

#include <stdbool.h>

struct host;
struct cpu;

#define NET_RX_SOFTIRQ	3
#define NET_RXF		(1u << NET_RX_SOFTIRQ)

/* __raise_softirq_irqoff() */
void softirq_raise(struct cpu *cpu, unsigned int nr);
/* wakeup_softirqd() */
void softirq_wakeup_ksoftirqd(struct host *h, struct cpu *cpu);
/* irq_exit() / local_bh_enable(): run pending softirqs inline if allowed.
 * Returns true if an inline episode was started. */
bool softirq_invoke_inline(struct host *h, struct cpu *cpu, bool from_bh_enable);
/* ksoftirqd_running() of 4.9-6.4: inline softirqs wait for ksoftirqd. */
bool softirq_should_defer(const struct host *h, const struct cpu *cpu);
/* net_rx_action() has returned: the rest of the handle_softirqs() round. */
void softirq_action_done(struct host *h, struct cpu *cpu);

/* net_rx_action() on @cpu, inside the episode in progress there. */
void net_rx_action(struct host *h, struct cpu *cpu);

#endif
