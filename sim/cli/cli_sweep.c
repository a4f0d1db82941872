/* SPDX-License-Identifier: MIT */
/*
 * cli_sweep.c - `rxsim sweep`: a scenario over a grid of parameter values,
 * one CSV row per point; locally in worker processes (sim/sweep_run.c),
 * one point at a time (--point), or as shell commands for another engine
 * (--emit-jobs) whose files `rxsim merge` joins.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/units.h"
#include "sweep.h"

static const char usage[] =
	"Usage: rxsim sweep SCENARIO.json [--set PATH=A,B,C|FROM..TO/STEPS[log]]...\n"
	"                   [OPTIONS]\n"
	"\n"
	"Simulate SCENARIO at every point of a grid of parameter values and write one\n"
	"CSV row per point: the swept values (time in ns, rates in pps, bandwidth in\n"
	"bit/s, sizes in bytes, booleans 0/1; where that is not the unit of a plain\n"
	"number of the key, the column says it: nics.0.coalesce.rx-usecs_ns), the seed,\n"
	"then the results (offered_pps, delivered_pps, drops_*, lat_e2e_*_ns,\n"
	"interrupts, ...; cpu_*_share is the mean over CPUs, cpu_*_share_max that of\n"
	"the busiest CPU, cpu_idle_share_min the least idle), then each --column.\n"
	"The grid is the product of the axes, the first varying slowest; the\n"
	"scenario's \"sweep\" section gives axes too ({\"PATH\": [V, ...] or\n"
	"\"FROM..TO/STEPS\"}), before those of the command line.  Every point is\n"
	"validated before any runs.\n"
	"\n"
	"Options:\n"
	"  -s, --set PATH=A,B,C   sweep PATH over a list; commas inside (), [] and {} do\n"
	"                         not split (\"uniform(1us,2us)\", \"[0,1]\")\n"
	"  -s, --set PATH=FROM..TO/STEPS[log]\n"
	"                         STEPS values from FROM to TO, both included, evenly or\n"
	"                         (log) geometrically spaced, rounded to the parameter's\n"
	"                         resolution; units allowed: 100kpps..1Mpps/10\n"
	"  -s, --set PATH=VALUE   one value: a plain override at every point\n"
	"      --seed N           override the scenario seed\n"
	"  -r, --reps N           run each point N times with seeds SEED..SEED+N-1; each\n"
	"                         result is then a mean followed by NAME_ci95, the\n"
	"                         half-width of its 95% confidence interval (Student t)\n"
	"  -j, --jobs N           worker processes (default: the number of online CPUs)\n"
	"  -o, --out FILE         write the CSV to FILE, atomically (default: -, stdout)\n"
	"      --resume           keep the rows of an existing --out FILE (matched by\n"
	"                         swept values and seed) and run only the missing points\n"
	"  -e, --expect BOUND     PATH<=VALUE or PATH>=VALUE on a summary value, checked\n"
	"                         at every point, as in 'rxsim run'; repeatable\n"
	"  -c, --column PATH      one more result column: a number of the summary JSON\n"
	"                         (drops.total, cpus.1.share.app), or one array NAME[]\n"
	"                         over its elements with :max, :min, :sum or :mean\n"
	"                         (cpus[].share.softirq:max: the busiest CPU); the\n"
	"                         column is named PATH as written; repeatable\n"
	"      --keep DIR         keep each run's summary JSON as DIR/point-I.json\n"
	"                         (DIR/point-I-rep-R.json with --reps), without wall\n"
	"                         time; DIR is created if missing\n"
	"      --emit-jobs DIR    validate, then print one shell command per point that\n"
	"                         writes DIR/point-I.csv (GNU parallel, a Slurm array);\n"
	"                         'rxsim merge DIR/point-*.csv' joins them into the CSV a\n"
	"                         local sweep writes\n"
	"      --point I          run only point I (0-based); write '# point I of N', the\n"
	"                         header and its row\n"
	"  -q, --quiet            no progress bar\n"
	"  -v, --verbose          report each finished point on stderr\n"
	"  -h, --help             show this help\n"
	"\n"
	"A failed point is reported on stderr with its parameters, in point order;\n"
	"its row keeps empty result fields.  On SIGINT the workers are stopped and\n"
	"the completed rows are written, followed by '# incomplete: K of N points'.\n"
	"A progress bar is drawn when stderr is a terminal.\n"
	"\n"
	"Exit status: 0 success; 1 an expect bound failed at some point; 2 bad input\n"
	"(scenario, axis, value of a point); 3 a point failed (worker crashed, internal\n"
	"error) or the output could not be written; 130 interrupted.\n";

/* A whole number of at least 1 (--reps, --jobs; --point takes 0 apart). */
static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	return units_parse_count(s, max, out) || *out < 1 ? -1 : 0;
}

/* A word for sh: bare when safe, else in single quotes. */
static void shell_word(struct sweep_buf *b, const char *s)
{
	const char *p;

	if (*s && !s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			       "0123456789_@%+=:,./-")]) {
		swb_puts(b, s);
		return;
	}
	swb_put(b, "'", 1);
	for (p = s; *p; p++) {
		if (*p == '\'')
			swb_puts(b, "'\\''");
		else
			swb_put(b, p, 1);
	}
	swb_put(b, "'", 1);
}

static char *absolute(const char *path)
{
	char cwd[PATH_MAX];
	char *r;

	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	r = malloc(strlen(cwd) + strlen(path) + 2);
	if (r)
		sprintf(r, "%s/%s", cwd, path);
	return r;
}

static char *self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return strdup("rxsim");
	buf[n] = '\0';
	return strdup(buf);
}

/* @path, created if missing (not its parents); 0, or an error with @err. */
static int make_dir(const char *path, const char *shown, struct rxsim_err *err)
{
	struct stat st;

	if (!stat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			return 0;
		snprintf(err->msg, sizeof(err->msg), "--keep %s: not a directory", shown);
		return RXSIM_EINPUT;
	}
	if (mkdir(path, 0777)) {
		snprintf(err->msg, sizeof(err->msg), "--keep %s: cannot create: %s", shown,
			 strerror(errno));
		return RXSIM_EINTERNAL;
	}
	return 0;
}

struct cmdline {
	const char *scenario;
	const char **sets;	/* every --set as written, in order */
	int nsets;
	const char *seed;
	const char **expects;	/* every --expect as written */
	int nexpects;
	const char **columns;	/* every --column as written */
	int ncolumns;
	const char *keep;	/* --keep DIR, absolute */
	unsigned long reps;
};

static int emit_jobs(const struct sweep *sw, const struct cmdline *cl, const char *dir)
{
	char *exe = self_exe(), *scen = absolute(cl->scenario), *adir = absolute(dir);
	struct sweep_buf b = { 0 };
	struct stat st;
	uint64_t i;
	int k, status = EXIT_OK;

	if (!exe || !scen || !adir) {
		status = EXIT_INTERNAL;
		goto out;
	}
	if (!stat(adir, &st)) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "rxsim: %s: not a directory\n", dir);
			status = EXIT_INPUT;
			goto out;
		}
	} else if (mkdir(adir, 0777)) {
		fprintf(stderr, "rxsim: %s: cannot create: %s\n", dir, strerror(errno));
		status = EXIT_INTERNAL;
		goto out;
	}
	for (i = 0; i < sw->npoints; i++) {
		char num[32], out[4200];

		b.len = 0;
		shell_word(&b, exe);
		swb_puts(&b, " sweep ");
		shell_word(&b, scen);
		for (k = 0; k < cl->nsets; k++) {
			swb_puts(&b, " --set ");
			shell_word(&b, cl->sets[k]);
		}
		if (cl->seed) {
			swb_puts(&b, " --seed ");
			shell_word(&b, cl->seed);
		}
		if (cl->reps > 1)
			swb_printf(&b, " --reps %lu", cl->reps);
		for (k = 0; k < cl->nexpects; k++) {
			swb_puts(&b, " --expect ");
			shell_word(&b, cl->expects[k]);
		}
		for (k = 0; k < cl->ncolumns; k++) {
			swb_puts(&b, " --column ");
			shell_word(&b, cl->columns[k]);
		}
		if (cl->keep) {
			swb_puts(&b, " --keep ");
			shell_word(&b, cl->keep);
		}
		snprintf(num, sizeof(num), "%" PRIu64, i);
		swb_printf(&b, " --point %s --out ", num);
		snprintf(out, sizeof(out), "%s/point-%s.csv", adir, num);
		shell_word(&b, out);
		swb_put(&b, "\n", 1);
		if (b.oom) {
			status = EXIT_INTERNAL;
			goto out;
		}
		fputs(b.s, stdout);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rxsim: stdout: write error\n");
		status = EXIT_INTERNAL;
	}
out:
	swb_free(&b);
	free(exe);
	free(scen);
	free(adir);
	return status;
}

/* Write @text to @path ("-": stdout) or through an already opened outfile. */
static int finish_output(struct outfile *of, const char *path, bool committed_ok)
{
	struct rxsim_err err = { { 0 } };

	if (!strcmp(path, "-")) {
		if (fflush(stdout) || ferror(stdout)) {
			fprintf(stderr, "rxsim: stdout: write error\n");
			return -1;
		}
		return 0;
	}
	if (!committed_ok) {
		outfile_abort(of);
		return -1;
	}
	if (outfile_commit(of, &err)) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int worst(int a, int b)
{
	/* 3 (rxsim failed) > 2 (bad input) > 1 (expect) > 0 */
	return a > b ? a : b;
}

static int run_point(const struct sweep *sw, uint64_t point, const char *out)
{
	struct sweep_result res;
	struct outfile of = { .f = NULL };
	struct rxsim_err err = { { 0 } };
	FILE *f = stdout;
	uint32_t r;
	int status;

	memset(&res, 0, sizeof(res));
	if (strcmp(out, "-")) {
		if (outfile_open(&of, out, &err)) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			return EXIT_INTERNAL;
		}
		f = of.f;
	}
	for (r = 0; r < sw->reps; r++) {
		struct sweep_buf proto = { 0 };
		int st = sweep_run_one(sw, point, r, &proto);

		sweep_result_add(sw, &res, point, r, proto.oom ? "" : proto.s, st, NULL, stderr);
		swb_free(&proto);
	}
	status = res.status;
	if (sweep_result_finish(sw, &res) ||
	    sweep_write_point(sw, point, sw->points[point].key, f) || fputs(res.row_tail, f) < 0) {
		finish_output(&of, out, false);
		sweep_result_free(&res, sw->reps);
		fprintf(stderr, "rxsim: %s: write error\n", out);
		return EXIT_INTERNAL;
	}
	sweep_result_free(&res, sw->reps);
	if (finish_output(&of, out, true))
		return EXIT_INTERNAL;
	return status;	/* sweep_status values are the exit codes */
}

static int run_local(const struct sweep *sw, const char *out, bool resume, unsigned jobs,
		     bool quiet, bool verbose)
{
	struct sweep_result *res = calloc(sw->npoints, sizeof(*res));
	char **rows = calloc(sw->npoints, sizeof(*rows));
	bool *skip = calloc(sw->npoints, sizeof(*skip));
	struct outfile of = { .f = NULL };
	struct rxsim_err err = { { 0 } };
	struct sweep_run_opts o = { .jobs = jobs, .progress = cli_progress_wanted(quiet),
				    .verbose = verbose };
	struct sweep_run_stats st;
	FILE *f = stdout;
	uint64_t i;
	int status = EXIT_OK, rc;

	memset(&st, 0, sizeof(st));
	if (!res || !rows || !skip) {
		status = EXIT_INTERNAL;
		goto out;
	}
	if (resume) {
		rc = sweep_resume_load(sw, out, rows, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = cli_exit_for(rc);
			goto out;
		}
		for (i = 0; i < sw->npoints; i++)
			skip[i] = rows[i] != NULL;
	}
	if (strcmp(out, "-")) {
		if (outfile_open(&of, out, &err)) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = EXIT_INTERNAL;
			goto out;
		}
		f = of.f;
	}
	if (sweep_supervise(sw, res, skip, &o, &st)) {
		finish_output(&of, out, false);
		status = EXIT_INTERNAL;
		goto out;
	}
	/* Merge by point index, never in completion order. */
	for (i = 0; i < sw->npoints; i++) {
		if (rows[i] || !res[i].row_tail)
			continue;
		rows[i] = malloc(strlen(sw->points[i].key) + strlen(res[i].row_tail) + 1);
		if (!rows[i]) {
			finish_output(&of, out, false);
			status = EXIT_INTERNAL;
			goto out;
		}
		sprintf(rows[i], "%s%s", sw->points[i].key, res[i].row_tail);
		status = worst(status, res[i].status);
	}
	if (sweep_write_csv(sw, rows, f)) {
		finish_output(&of, out, false);
		fprintf(stderr, "rxsim: %s: write error\n", out);
		status = EXIT_INTERNAL;
		goto out;
	}
	if (finish_output(&of, out, true))
		status = EXIT_INTERNAL;
	if (st.crashed || st.fork_failed)
		status = EXIT_INTERNAL;
	if (st.interrupted)
		status = EXIT_INTERRUPTED;
out:
	for (i = 0; res && i < sw->npoints; i++)
		sweep_result_free(&res[i], sw->reps);
	for (i = 0; rows && i < sw->npoints; i++)
		free(rows[i]);
	free(res);
	free(rows);
	free(skip);
	return status;
}

int cmd_sweep(int argc, char **argv)
{
	enum { OPT_SEED = 256, OPT_RESUME, OPT_EMIT, OPT_POINT, OPT_KEEP };
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "reps", required_argument, NULL, 'r' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "expect", required_argument, NULL, 'e' },
		{ "emit-jobs", required_argument, NULL, OPT_EMIT },
		{ "point", required_argument, NULL, OPT_POINT },
		{ "column", required_argument, NULL, 'c' },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmdline cl = { .reps = 1 };
	const char **all_sets = calloc((size_t)argc + 2, sizeof(*all_sets));
	struct expect_cfg *extra = calloc((size_t)argc + 1, sizeof(*extra));
	const char *out = "-", *emit = NULL, *point_arg = NULL, *keep_arg = NULL;
	char *keep_abs = NULL;
	char seedset[64];
	bool resume = false, quiet = false, verbose = false;
	unsigned long jobs = 0, point = 0;
	struct sweep sw;
	struct rxsim_err err = { { 0 } };
	int c, rc, brc, status = EXIT_OK, nall = 0;
	long ncpu;

	memset(&sw, 0, sizeof(sw));
	cl.sets = calloc((size_t)argc + 1, sizeof(*cl.sets));
	cl.expects = calloc((size_t)argc + 1, sizeof(*cl.expects));
	cl.columns = calloc((size_t)argc + 1, sizeof(*cl.columns));
	if (!all_sets || !extra || !cl.sets || !cl.expects || !cl.columns) {
		status = EXIT_INTERNAL;
		goto out;
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:r:j:o:e:c:qvh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			cl.sets[cl.nsets++] = optarg;
			break;
		case OPT_SEED:
			cl.seed = optarg;
			break;
		case 'r':
			if (parse_count(optarg, 100000, &cl.reps)) {
				status = cli_usage_error("sweep", "--reps %s: expected an integer "
							 "1..100000", optarg);
				goto out;
			}
			break;
		case 'j':
			if (parse_count(optarg, 4096, &jobs)) {
				status = cli_usage_error("sweep", "--jobs %s: expected an integer "
							 "1..4096", optarg);
				goto out;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_RESUME:
			resume = true;
			break;
		case 'e':
			brc = rxsim_parse_bound(optarg, &extra[cl.nexpects]);
			if (brc) {
				status = cli_usage_error("sweep", "--expect %s: %s", optarg,
							 rxsim_bound_expected(brc));
				goto out;
			}
			cl.expects[cl.nexpects++] = optarg;
			break;
		case OPT_EMIT:
			emit = optarg;
			break;
		case 'c': {
			char why[200];

			if (sweep_column_syntax(optarg, why, sizeof(why))) {
				status = cli_usage_error("sweep", "--column %s: %s", optarg, why);
				goto out;
			}
			cl.columns[cl.ncolumns++] = optarg;
			break;
		}
		case OPT_KEEP:
			free(keep_abs);
			keep_abs = absolute(optarg);
			if (!keep_abs) {
				status = EXIT_INTERNAL;
				goto out;
			}
			keep_arg = optarg;
			break;
		case OPT_POINT:
			point_arg = optarg;
			if (!strcmp(optarg, "0"))
				point = 0;
			else if (parse_count(optarg, ULONG_MAX - 1, &point)) {
				status = cli_usage_error("sweep", "--point %s: expected a point "
							 "index 0..N-1", optarg);
				goto out;
			}
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			goto out;
		default:
			status = cli_usage_error("sweep", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind != argc - 1) {
		status = cli_usage_error("sweep", optind >= argc ? "missing SCENARIO" :
					 "expected one SCENARIO, got %d", argc - optind);
		goto out;
	}
	cl.scenario = argv[optind];
	if (resume && !strcmp(out, "-")) {
		status = cli_usage_error("sweep", "--resume needs --out FILE");
		goto out;
	}
	if (emit && (point_arg || resume || strcmp(out, "-"))) {
		status = cli_usage_error("sweep", "--emit-jobs prints commands: no --point, "
					 "--resume or --out with it");
		goto out;
	}
	if (emit && !strcmp(cl.scenario, "-")) {
		status = cli_usage_error("sweep", "--emit-jobs needs a scenario file, not stdin");
		goto out;
	}
	if (point_arg && resume) {
		status = cli_usage_error("sweep", "--point runs one point: no --resume with it");
		goto out;
	}
	for (c = 0; c < cl.nsets; c++)
		all_sets[nall++] = cl.sets[c];
	if (cl.seed) {
		snprintf(seedset, sizeof(seedset), "seed=%s", cl.seed);
		all_sets[nall++] = seedset;
	}

	sw.name = strcmp(cl.scenario, "-") ? cl.scenario : "<stdin>";
	sw.reps = (uint32_t)cl.reps;
	sw.expect = extra;
	sw.nexpect = (uint32_t)cl.nexpects;
	sw.columns = cl.columns;
	sw.ncolumns = (uint32_t)cl.ncolumns;
	cl.keep = sw.keep = keep_abs;
	rc = sweep_read_file(cl.scenario, &sw.text, &sw.len, &err);
	if (!rc)
		rc = sweep_plan(&sw, all_sets, nall, &err);
	if (!rc)
		rc = sweep_columns_known(&sw, &err);
	if (!rc && keep_abs)
		rc = make_dir(keep_abs, keep_arg, &err);
	if (rc) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = cli_exit_for(rc);
		goto out_sw;
	}
	if (emit) {
		status = emit_jobs(&sw, &cl, emit);
		goto out_sw;
	}
	if (point_arg) {
		if (point >= sw.npoints) {
			status = cli_usage_error("sweep", "--point %s: the sweep has points "
						 "0..%" PRIu64, point_arg, sw.npoints - 1);
			goto out_sw;
		}
		status = run_point(&sw, point, out);
		goto out_sw;
	}
	if (!jobs) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = ncpu > 0 ? (unsigned long)ncpu : 1;
	}
	status = run_local(&sw, out, resume, (unsigned)jobs, quiet, verbose);
out_sw:
	sweep_free(&sw);
	free(sw.text);
out:
	free(all_sets);
	free(extra);
	free(cl.sets);
	free(cl.expects);
	free(cl.columns);
	free(keep_abs);
	return status;
}
