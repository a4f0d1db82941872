/* SPDX-License-Identifier: MIT */
/*
 * bench.c - how fast rxsim simulates: for the fixed scenarios of
 * tools/bench/, simulated packets per wall second, events per second,
 * events per packet, simulated time over wall time and the peak resident
 * memory.  Each scenario runs in its own child process so that its peak
 * memory is its own.
 *
 *   rxsim_bench [--long] [--runs N] [NAME...]   (cmake --build build --target bench)
 *
 * Without names it runs flood64, rps8x8 and replay; --long adds "long"
 * (1e9 packets, a few minutes).  Each scenario runs N times (default 3;
 * "long" once) and the fastest run is reported: on a shared machine the
 * slower runs measure the neighbours, not rxsim.  Every run simulates the
 * same events, so only the wall time differs.
 */
#define _DEFAULT_SOURCE
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

static const char *const names[] = { "flood64", "rps8x8", "replay", "long" };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Child: run one scenario @runs times and print the figures of the fastest
 * run (no newline). */
static int run_one(const char *path, int runs)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = malloc(sizeof(*r));
	struct scenario sc;
	double t0, wall = 0, secs;
	uint64_t pkts;
	int i;

	if (!r || scenario_load(path, NULL, 0, &sc, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 2;
	}
	for (i = 0; i < runs; i++) {
		if (i)
			rxsim_run_free(r);
		t0 = now_s();
		if (rxsim_run(r, &sc, NULL, &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 3;
		}
		if (!i || now_s() - t0 < wall)
			wall = now_s() - t0;
	}
	pkts = r->host.offered;
	secs = (double)r->sim.now / (double)SIM_S;
	printf("%12.3f %12.3f %8.2f %9.4f %11" PRIu64 " %10" PRIu64 " ",
	       (double)pkts / wall / 1e6, (double)r->sim.events / wall / 1e6,
	       pkts ? (double)r->sim.events / (double)pkts : 0.0, secs / wall, pkts,
	       r->host.pkts.peak);
	fflush(stdout);
	rxsim_run_free(r);
	scenario_free(&sc);
	free(r);
	return 0;
}

static bool wanted(const char *name, int argc, char **argv, bool with_long)
{
	int i, named = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--long"))
			continue;
		if (!strcmp(argv[i], "--runs")) {
			i++;
			continue;
		}
		named++;
		if (!strcmp(argv[i], name))
			return true;
	}
	return !named && (strcmp(name, "long") || with_long);
}

int main(int argc, char **argv)
{
	const char *src = getenv("RXSIM_SOURCE_DIR") ? getenv("RXSIM_SOURCE_DIR") : RXSIM_SOURCE_DIR;
	bool with_long = false;
	int i, k, runs = 3, status = 0;

	for (i = 1; i < argc; i++) {
		with_long |= !strcmp(argv[i], "--long");
		if (!strcmp(argv[i], "--runs")) {
			char *end;
			long n = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;

			if (n < 1 || n > 1000 || *end) {
				fprintf(stderr, "bench: --runs takes a count from 1 to 1000\n");
				return 2;
			}
			runs = (int)n;
		}
	}
	printf("rxsim benchmark: one core, each scenario in its own process (%s/tools/bench),"
	       " the fastest of %d runs (long: 1)\n", src, runs);
	printf("%-8s %12s %12s %8s %9s %11s %10s %10s\n", "scenario", "Mpkts/wall-s",
	       "Mevents/s", "ev/pkt", "sim/wall", "packets", "pool-peak", "maxRSS-MiB");
	for (k = 0; k < (int)(sizeof(names) / sizeof(names[0])); k++) {
		char path[4096];
		struct rusage ru;
		pid_t pid;
		int st;

		if (!wanted(names[k], argc, argv, with_long))
			continue;
		snprintf(path, sizeof(path), "%s/tools/bench/%s.json", src, names[k]);
		printf("%-8s ", names[k]);
		fflush(NULL);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 3;
		}
		if (pid == 0)
			_exit(run_one(path, strcmp(names[k], "long") ? runs : 1));
		if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("failed\n");
			status = 1;
			continue;
		}
		printf("%10.1f\n", (double)ru.ru_maxrss / 1024.0);
	}
	return status;
}
