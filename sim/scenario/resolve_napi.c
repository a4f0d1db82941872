/* SPDX-License-Identifier: MIT */
/*
 * resolve_napi.c - the NAPI mode keys against the kernel version they need
 * and against each other: threaded NAPI, deferred hard IRQs, IRQ
 * suspension, preferred and epoll busy polling.  A key set to a value other
 * than its default on a kernel without it is an error naming the version.
 *
 * Versions (the commit that added each knob):
 *   gro_flush_timeout sysfs          3.19 (3b47d30396ba): every supported kernel
 *   napi_defer_hard_irqs sysfs       5.7  (6f8b12d661d0)
 *   SO_PREFER_BUSY_POLL              5.11 (7fd3253a7de6)
 *   SO_BUSY_POLL_BUDGET              5.11 (7c951cafc0cb)
 *   /sys/class/net/IF/threaded       5.12 (5fdd2f0e5c64, 29863d41bb6e)
 *   EPIOCSPARAMS                     6.9  (18e2bf0edf4d)
 *   napi-set defer-hard-irqs, gro-flush-timeout (per NAPI), irq-suspend-timeout
 *                                    6.13 (86e25f40aa1e, 5dc51ec86df6)
 *   napi-set threaded (per NAPI)     6.17 (NETDEV_A_NAPI_THREADED)
 */
#include <stdio.h>

#include "rxsim/config.h"
#include "rxsim/scenario.h"

#define NEED(cond, ver, ...) do { \
	if ((cond) && sc->kernel < (ver)) { \
		int _n = snprintf(err->msg, sizeof(err->msg), "%s: ", sc->file); \
		_n += snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, __VA_ARGS__); \
		snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, \
			 " needs kernel %d.%d or later (kernel is %d.%d)", (ver) / 1000, \
			 (ver) % 1000, sc->kernel / 1000, sc->kernel % 1000); \
		return RXSIM_EINPUT; \
	} } while (0)

#define RERR(...) do { \
	int _n = snprintf(err->msg, sizeof(err->msg), "%s: ", sc->file); \
	snprintf(err->msg + _n, sizeof(err->msg) - (size_t)_n, __VA_ARGS__); \
	return RXSIM_EINPUT; } while (0)

int scenario_resolve_napi(struct scenario *sc, struct rxsim_err *err)
{
	uint32_t i, j, k;

	for (i = 0; i < sc->n_nics; i++) {
		struct nic_cfg *n = &sc->nics[i];

		NEED(n->threaded, KVER(5, 12), "/nics/%u/threaded:", i);
		NEED(n->napi_defer_hard_irqs, KVER(5, 7), "/nics/%u/napi_defer_hard_irqs:", i);
		NEED(n->irq_suspend_timeout, KVER(6, 13), "/nics/%u/irq_suspend_timeout:", i);
		for (j = 0; j < n->napi_thread_cpus.n; j++)
			if (n->napi_thread_cpus.cpu[j] >= sc->host.cpus)
				RERR("/nics/%u/napi_thread_cpus: CPU %u but host.cpus is %lld", i,
				     n->napi_thread_cpus.cpu[j], (long long)sc->host.cpus);
		for (j = 0; j < n->n_napi; j++) {
			struct napi_cfg *c = &n->napi[j];

			NEED(1, KVER(6, 13), "/nics/%u/napi/%u: napi-set (per-NAPI settings)", i, j);
			NEED(c->threaded != TRI_AUTO, KVER(6, 17), "/nics/%u/napi/%u/threaded:", i, j);
			if (c->queue >= n->queues)
				RERR("/nics/%u/napi/%u/queue: queue %lld but the NIC has %lld queue%s", i,
				     j, (long long)c->queue, (long long)n->queues,
				     n->queues == 1 ? "" : "s");
			for (k = 0; k < j; k++)
				if (n->napi[k].queue == c->queue)
					RERR("/nics/%u/napi/%u/queue: queue %lld is set twice", i, j,
					     (long long)c->queue);
		}
	}
	for (i = 0; i < sc->n_apps; i++) {
		struct app_cfg *a = &sc->apps[i];
		bool ep = a->mode == APP_EPOLL;

		NEED(a->prefer_busy_poll, ep ? KVER(6, 9) : KVER(5, 11), "/apps/%u/prefer_busy_poll:"
		     " %s", i, ep ? "EPIOCSPARAMS" : "SO_PREFER_BUSY_POLL");
		NEED(a->busy_poll_budget != 8, ep ? KVER(6, 9) : KVER(5, 11),
		     "/apps/%u/busy_poll_budget: %s", i, ep ? "EPIOCSPARAMS" : "SO_BUSY_POLL_BUDGET");
		NEED(a->busy_poll_usecs, KVER(6, 9), "/apps/%u/busy_poll_usecs: EPIOCSPARAMS", i);
		if (a->busy_poll_usecs && !ep)
			RERR("/apps/%u/busy_poll_usecs: an epoll parameter (mode \"epoll\"); "
			     "recvmsg readers use busy_poll (SO_BUSY_POLL)", i);
	}
	return 0;
}
