/* SPDX-License-Identifier: MIT */
/*
 * cli_run.c - `rxsim run`: load, simulate, report, check expectations.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "rxsim/estimate.h"
#include "rxsim/quote.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/units.h"

static const char usage[] =
	"Usage: rxsim run SCENARIO.json [OPTIONS]\n"
	"\n"
	"Simulate SCENARIO and print a summary: drops by place and kernel counter,\n"
	"latency end to end and per stage, CPU time per CPU, conservation check.\n"
	"\n"
	"Options:\n"
	"  -s, --set PATH=VALUE   override a scenario key (e.g. nics.0.rx_ring=1024,\n"
	"                         host.sysctl.net.core.netdev_budget=600); repeatable\n"
	"      --seed N           override the scenario seed (integer 0..2^63-1, exact)\n"
	"  -o, --out DIR          write DIR/summary.json, DIR/timeseries.csv (one row per\n"
	"                         output.interval), DIR/timeseries_long.csv (the same per\n"
	"                         queue, CPU and socket: t_ns,object,metric,value) and\n"
	"                         DIR/latency.csv (quantiles of each latency stage); DIR\n"
	"                         is created if missing\n"
	"      --json             print the summary JSON on stdout instead of text\n"
	"      --trace FILE       write a timeline (Chrome trace-event JSON; open it in\n"
	"                         Perfetto) of output.trace_from + output.trace_for\n"
	"      --packet-trace FILE  write each stage's time of 1 packet in\n"
	"                         output.packet_sample (CSV)\n"
	"  -e, --expect BOUND     PATH<=VALUE or PATH>=VALUE on a summary value, e.g.\n"
	"                         drops.total<=0 or latency_ns.e2e.p99<=100us; repeatable\n"
	"      --max-memory SIZE  refuse (exit 2) a scenario whose estimated memory\n"
	"                         passes SIZE (e.g. 8GiB; default half the RAM;\n"
	"                         \"unlimited\": no limit)\n"
	"      --max-output SIZE  the same for the estimated size of the outputs\n"
	"                         (default half the free space where they go)\n"
	"  -q, --quiet            print nothing on success, and no progress line\n"
	"  -h, --help             show this help\n"
	"\n"
	"When stderr is a terminal (and TERM is not dumb), a run that takes more than\n"
	"a tenth of a second shows its progress there: simulated time, %, ETA.\n"
	"\n"
	"Exit status: 0 success; 1 an expect bound failed; 2 bad input; 3 internal error;\n"
	"130 interrupted (SIGINT, SIGTERM or SIGHUP: no output file is left behind).\n";

/* --max-memory/--max-output: a size, or "unlimited" (0) */
static int parse_limit(const char *s, uint64_t *out)
{
	int64_t v;
	const char *why;

	if (!strcmp(s, "unlimited")) {
		*out = 0;
		return 0;
	}
	if (units_parse(s, UNIT_SIZE, 1, &v, &why) || v <= 0)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

/* Refuse before anything is built what the limits cannot hold. */
static int check_limits(const struct scenario *sc, const char *out, bool timeline, bool packets,
			const uint64_t *max_mem, const uint64_t *max_out, struct rxsim_err *err)
{
	struct estimate_outputs eo = { .timeseries = out != NULL, .timeline = timeline,
				       .packets = packets };
	struct estimate est;
	struct stat st;
	const char *where = out && !stat(out, &st) ? out : ".";

	rxsim_estimate(sc, &eo, &est);
	return rxsim_check_limits(sc, &est, max_mem ? *max_mem : rxsim_default_max_memory(),
				  max_out ? *max_out : rxsim_default_max_output(where), err);
}

/* mkdir -p: the output directory and any missing parents. */
static int ensure_dir(const char *dir, struct rxsim_err *err)
{
	char path[4096];
	struct stat st;
	size_t i, n = strlen(dir);

	if (!stat(dir, &st)) {
		if (S_ISDIR(st.st_mode))
			return 0;
		snprintf(err->msg, sizeof(err->msg), "%s: not a directory", dir);
		return RXSIM_EINPUT;
	}
	if (n >= sizeof(path)) {
		snprintf(err->msg, sizeof(err->msg), "%.100s...: path too long", dir);
		return RXSIM_EINPUT;
	}
	memcpy(path, dir, n + 1);
	for (i = 1; i < n; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (stat(path, &st) && mkdir(path, 0777) && errno != EEXIST) {
			snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", path,
				 strerror(errno));
			return RXSIM_EINTERNAL;
		}
		path[i] = '/';
	}
	if (mkdir(dir, 0777) && errno != EEXIST) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", dir, strerror(errno));
		return RXSIM_EINTERNAL;
	}
	return 0;
}

/* --seed N: an integer, exactly (a JSON number would go through a double),
 * checked by the seed's own row.  0 with @v, or -1 with the message printed. */
static int check_seed(const char *file, const char *seed, int64_t *v)
{
	const struct param *p;
	char msg[400];

	for (p = scenario_root.params; p->key && strcmp(p->key, "seed"); p++)
		;
	if (!p->key || !param_parse_shown(p, seed, NULL, v, msg, sizeof(msg)))
		return 0;
	fprintf(stderr, "rxsim: %s: /seed: %s (from --seed)\n", strcmp(file, "-") ? file : "<stdin>",
		msg);
	return -1;
}

/* Set by SIGINT/SIGTERM/SIGHUP; the simulation looks at it (sim.stop_flag). */
static volatile sig_atomic_t interrupted;
static struct timespec first_signal;	/* only the handler touches it */

/*
 * Async-signal-safe: sets the flag, nothing else.  The run then stops
 * within a second (the engine, the sources and the set-up look at it).  A
 * signal coming a second or more after the first means something hangs: it
 * kills at once, as the user asked, after unlinking the temporaries.  (Sooner ones
 * are the same signal twice: timeout(1) signals the child and its group.)
 */
static void on_signal(int sig)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (interrupted && now.tv_sec - first_signal.tv_sec >= 2) {
		/* the process ends here: its temporaries go first */
		outfile_remove_temporaries();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (!interrupted)
		first_signal = now;
	interrupted = 1;
}

/* The progress line of a long run on a terminal. */
struct progress {
	struct timespec t0, last;
	bool drawn;
};

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Called between slices of simulated time; draws at most 10 times a
 * second, the first time once the run has taken a tenth of a second. */
static void progress_cb(void *arg, sim_time_t now, sim_time_t end)
{
	struct progress *p = arg;
	struct timespec t;
	double frac = end > 0 ? (double)now / (double)end : 1, el;
	unsigned long eta;
	char bar[21];
	int i;

	clock_gettime(CLOCK_MONOTONIC, &t);
	if (seconds_between(&p->last, &t) < 0.1)
		return;
	p->last = t;
	el = seconds_between(&p->t0, &t);
	eta = frac > 0 ? (unsigned long)(el * (1 - frac) / frac + 0.5) : 0;
	for (i = 0; i < 20; i++)
		bar[i] = i < (int)(20 * frac) ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\rrxsim run [%s] %.1f of %.1f ms %3.0f%%  ETA %lu:%02lu:%02lu ",
		bar, (double)now / (double)SIM_MS, (double)end / (double)SIM_MS, 100 * frac,
		eta / 3600, eta / 60 % 60, eta % 60);
	fflush(stderr);
	p->drawn = true;
}

/* Stop the run cleanly on SIGINT, SIGTERM or SIGHUP (a closed terminal):
 * temporary output files are removed, nothing is committed, exit 130. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "trace", required_argument, NULL, 'T' },
		{ "packet-trace", required_argument, NULL, 'P' },
		{ "expect", required_argument, NULL, 'e' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "max-memory", required_argument, NULL, 'M' },
		{ "max-output", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **sets = calloc((size_t)argc + 1, sizeof(*sets));
	struct expect_cfg *extra = calloc((size_t)argc + 1, sizeof(*extra));
	char seedset[64];
	int nsets = 0, nextra = 0, c, rc, brc, failed = 0, status = EXIT_OK;
	const char *out = NULL, *seed = NULL;
	bool json = false, quiet = false;
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	struct rxsim_run *r = NULL;
	struct rxsim_outputs outs = { .timeseries = NULL };
	struct outfile ts_file = { .f = NULL }, tsl_file = { .f = NULL };
	struct outfile tl_file = { .f = NULL }, pt_file = { .f = NULL };
	struct outfile sum_file = { .f = NULL }, lat_file = { .f = NULL };
	const char *trace_path = NULL, *packets_path = NULL;
	cJSON *summary = NULL;
	char *text = NULL;
	struct progress prog = { .drawn = false };
	uint64_t max_mem = 0, max_out = 0;
	bool have_max_mem = false, have_max_out = false;

	if (!sets || !extra)
		return EXIT_INTERNAL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:o:e:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sets[nsets++] = optarg;
			break;
		case 'S':
			seed = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'T':
			trace_path = optarg;
			break;
		case 'P':
			packets_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'e':
			brc = rxsim_parse_bound(optarg, &extra[nextra]);
			if (brc) {
				status = cli_usage_error("run", "--expect %s: %s", optarg,
							 rxsim_bound_expected(brc));
				goto out;
			}
			nextra++;
			break;
		case 'q':
			quiet = true;
			break;
		case 'M':
		case 'O':
			if (parse_limit(optarg, c == 'M' ? &max_mem : &max_out)) {
				status = cli_usage_error("run", "--max-%s %s: expected a size (e.g. "
							 "8GiB) or \"unlimited\"",
							 c == 'M' ? "memory" : "output", optarg);
				goto out;
			}
			*(c == 'M' ? &have_max_mem : &have_max_out) = true;
			break;
		case 'h':
			fputs(usage, stdout);
			goto out;
		default:
			status = cli_option_error("run", c, argv, opts);
			goto out;
		}
	}
	if (optind != argc - 1) {
		status = cli_usage_error("run", optind >= argc ? "missing SCENARIO" :
					 "expected one SCENARIO, got %d", argc - optind);
		goto out;
	}
	if (seed) {
		int64_t v = 0;

		if (check_seed(argv[optind], seed, &v)) {
			status = EXIT_INPUT;
			goto out;
		}
		/* a JSON string is taken exactly; last, so it wins over --set seed= */
		snprintf(seedset, sizeof(seedset), "seed=\"%lld\"", (long long)v);
		sets[nsets++] = seedset;
	}
	rc = scenario_load(argv[optind], sets, nsets, &sc, &err);
	if (rc) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = cli_exit_for(rc);
		goto out;
	}
	if (nextra) {
		uint32_t bad = 0;
		char near[128];

		rc = rxsim_expect_known(&sc, extra, (uint32_t)nextra, &bad, near, sizeof(near));
		if (rc) {
			const struct expect_cfg *e = &extra[rc > 0 ? bad : 0];

			char arg[320], q[400];
			size_t off = 0;

			/* the argument as typed, escaped: it stays one line */
			snprintf(arg, sizeof(arg), "%s%s%s", e->path, e->has_max ? "<=" : ">=",
				 e->has_max ? e->max_text : e->min_text);
			q[0] = 0;
			msg_escape_append(q, sizeof(q), &off, arg);
			if (rc < 0)
				fprintf(stderr, "rxsim: out of memory\n");
			else if (near[0])
				fprintf(stderr, "rxsim: --expect %s: unknown summary value "
					"(did you mean \"%s\"?)\n", q, near);
			else
				fprintf(stderr, "rxsim: --expect %s: unknown summary value (names "
					"are those of the summary JSON, e.g. drops.total, "
					"latency_ns.e2e.p99)\n", q);
			status = rc < 0 ? EXIT_INTERNAL : EXIT_INPUT;
			goto out_sc;
		}
	}
	rc = check_limits(&sc, out, trace_path != NULL, packets_path != NULL,
			  have_max_mem ? &max_mem : NULL, have_max_out ? &max_out : NULL, &err);
	if (rc) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = cli_exit_for(rc);
		goto out_sc;
	}
	catch_signals();
	outs.stop_flag = &interrupted;
	r = malloc(sizeof(*r));
	if (!r) {
		status = EXIT_INTERNAL;
		goto out_sc;
	}
	if (out) {
		char path[4096];

		rc = ensure_dir(out, &err);
		snprintf(path, sizeof(path), "%s/timeseries.csv", out);
		if (!rc)
			rc = outfile_open(&ts_file, path, &err);
		snprintf(path, sizeof(path), "%s/timeseries_long.csv", out);
		if (!rc)
			rc = outfile_open(&tsl_file, path, &err);
		if (rc) {
			outfile_abort(&ts_file);
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = cli_exit_for(rc);
			free(r);
			r = NULL;
			goto out_sc;
		}
		outs.timeseries = ts_file.f;
		outs.timeseries_long = tsl_file.f;
	}
	if (trace_path || packets_path) {
		rc = trace_path ? outfile_open(&tl_file, trace_path, &err) : 0;
		if (!rc && packets_path)
			rc = outfile_open(&pt_file, packets_path, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = cli_exit_for(rc);
			outfile_abort(&ts_file);
			outfile_abort(&tsl_file);
			outfile_abort(&tl_file);
			free(r);
			r = NULL;
			goto out_sc;
		}
		outs.timeline = tl_file.f;
		outs.packets = pt_file.f;
	}
	if (cli_progress_wanted(quiet)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.t0);
		prog.last = prog.t0;
		outs.progress = progress_cb;
		outs.progress_arg = &prog;
	}
	rc = rxsim_run(r, &sc, &outs, &err);
	if (prog.drawn) {
		fprintf(stderr, "\r%79s\r", "");
		fflush(stderr);
	}
	if (rc || interrupted) {
		if (rc == RXSIM_EINTERRUPTED || interrupted) {
			fprintf(stderr, "rxsim: %s: interrupted\n", sc.file);
			status = EXIT_INTERRUPTED;
		} else {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = cli_exit_for(rc);
		}
		goto out_run;
	}
	summary = rxsim_summary(r, true);
	rc = rxsim_check_expect(summary, sc.expect, sc.n_expect, stderr, &err);
	if (rc >= 0) {
		failed = rc;
		rc = rxsim_check_expect(summary, extra, (uint32_t)nextra, stderr, &err);
	}
	if (rc < 0) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = EXIT_INPUT;
		goto out_run;
	}
	failed += rc;
	if (out) {
		char path[4096];

		text = cJSON_Print(summary);
		snprintf(path, sizeof(path), "%s/summary.json", out);
		rc = text ? outfile_open(&sum_file, path, &err) : RXSIM_EINTERNAL;
		if (!rc && fputs(text, sum_file.f) == EOF)
			rc = RXSIM_EINTERNAL;
		snprintf(path, sizeof(path), "%s/latency.csv", out);
		if (!rc)
			rc = outfile_open(&lat_file, path, &err);
		if (!rc)
			rxsim_write_latency_csv(lat_file.f, r);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", text ? err.msg : "out of memory");
			status = EXIT_INTERNAL;
			goto out_run;
		}
	}
	/* the whole set or nothing: a full disk must not leave half a run */
	{
		struct outfile *set[] = { &tl_file, &pt_file, &ts_file, &tsl_file, &sum_file,
					  &lat_file };

		if (interrupted) {
			fprintf(stderr, "rxsim: %s: interrupted\n", sc.file);
			status = EXIT_INTERRUPTED;
			goto out_run;
		}
		if (outfile_commit_set(set, (int)(sizeof(set) / sizeof(set[0])), &err)) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = EXIT_INTERNAL;
			goto out_run;
		}
	}
	if (json) {
		if (!text)
			text = cJSON_Print(summary);
		if (text)
			printf("%s\n", text);
	} else if (!quiet) {
		rxsim_print_summary(stdout, r);
	}
	status = failed ? EXIT_EXPECT : EXIT_OK;
out_run:
	outfile_abort(&ts_file);
	outfile_abort(&tsl_file);
	outfile_abort(&tl_file);
	outfile_abort(&pt_file);
	outfile_abort(&sum_file);
	outfile_abort(&lat_file);
	cJSON_free(text);
	cJSON_Delete(summary);
	rxsim_run_free(r);
	free(r);
out_sc:
	scenario_free(&sc);
out:
	free(sets);
	free(extra);
	return status;
}
