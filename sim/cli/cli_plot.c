/* SPDX-License-Identifier: MIT */
/*
 * cli_plot.c - `rxsim plot KIND DATA --out FILE`: run gnuplot on one of the
 * scripts in plots/.  The figure appears whole or not at all: gnuplot writes
 * a temporary file beside FILE (with FILE's extension, from which the script
 * picks the terminal), renamed over FILE once gnuplot succeeded.  This
 * command does not use libev, so it waits for gnuplot with waitpid().
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "rxsim/csv.h"

extern char **environ;

struct plot_kind {
	const char *name;
	const char *data;	/* what DATA is */
	const char *column;	/* a column DATA must have, or NULL */
	const char *help;
};

static const struct plot_kind kinds[] = {
	{ "timeseries", "timeseries.csv", "t_ns", "rates, drops by place, queue occupancy" },
	{ "cpu", "timeseries.csv", "t_ns", "where each CPU's time went, over time" },
	{ "queues", "timeseries_long.csv", "object",
	  "packets per rx queue and receive work per CPU, over time (RSS imbalance)" },
	{ "latency_cdf", "latency.csv", "quantile", "latency distribution and tail, per stage" },
	{ "latency_stages", "latency.csv", "quantile", "stage latencies stacked at p50, p90, p99" },
	{ "load_curve", "sweep CSV", "delivered_pps", "rates and drops against the 1st column" },
	{ "sweep_latency", "sweep CSV", "lat_e2e_p99_ns",
	  "latency p50/p99/p99.9 against the 1st column" },
	{ "heatmap", "sweep CSV", NULL, "--column (delivered_ratio) over columns 1, 2" },
	{ "tcp", "timeseries.csv", "tcp_goodput_bps",
	  "TCP goodput, receive window and receive memory, over time" },
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))
#define PATH_MAX_LEN 4096

static const char usage_head[] =
	"Usage: rxsim plot KIND DATA --out FILE.png|FILE.svg|FILE.pdf [--title TEXT]\n"
	"\n"
	"Draw a figure with gnuplot and the script plots/KIND.gp.  DATA is a file\n"
	"written by 'rxsim run --out DIR' or 'rxsim sweep'; the terminal (PNG or SVG\n"
	"of 1000x600, or PDF of 10x6 in) follows the extension of FILE, which is\n"
	"replaced only when gnuplot succeeded.\n"
	"\n"
	"Kinds:\n";

static const char usage_tail[] =
	"\n"
	"Options:\n"
	"  -o, --out FILE         the figure to write (.png, .svg or .pdf); required\n"
	"  -t, --title TEXT       figure title (default: the DATA path)\n"
	"  -c, --column NAME      heatmap: the result column for the colour\n"
	"                         (default delivered_ratio)\n"
	"  -h, --help             show this help\n"
	"\n"
	"The scripts are looked up in $RXSIM_DATADIR/plots, the installed data\n"
	"directory, then the source tree; each also runs alone:\n"
	"  gnuplot -c plots/KIND.gp DATA OUT.png|OUT.svg|OUT.pdf [TITLE]\n"
	"\n"
	"Exit status: 0 success; 2 bad command line or DATA; 3 gnuplot missing or\n"
	"failed, or the figure could not be written; 130 interrupted.\n";

static void print_usage(FILE *f)
{
	size_t i;

	fputs(usage_head, f);
	for (i = 0; i < NKINDS; i++)
		fprintf(f, "  %-15s %-15s %s\n", kinds[i].name, kinds[i].data, kinds[i].help);
	fputs(usage_tail, f);
}

static const struct plot_kind *find_kind(const char *name)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

/* DATA must be a readable regular file: the scripts read it several times. */
static int check_data(const char *path)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st)) {
		fprintf(stderr, "rxsim plot: %s: %s\n", path, strerror(errno));
		return EXIT_INPUT;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "rxsim plot: %s: not a regular file\n", path);
		return EXIT_INPUT;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "rxsim plot: %s: %s\n", path, strerror(errno));
		return EXIT_INPUT;
	}
	fclose(f);
	return EXIT_OK;
}

/* Numbers, or empty fields: rxsim writes a missing value (a latency
 * percentile of an interval that delivered nothing) as an empty field, which
 * gnuplot skips.  The key column (field @key) must be a number. */
static bool all_numbers(const char *line, size_t len, size_t key)
{
	const char *p = line, *next;
	size_t fl, i = 0;

	for (; p; p = next, i++) {
		next = csv_next_field(p, line + len, &fl);
		if (fl == 0 && i != key)
			continue;
		if (!csv_is_number(p, fl))
			return false;
	}
	return true;
}

/*
 * Does the header line of DATA name @column, and is every row after it
 * whole: as many fields as the header, numbers where @numeric, a final
 * newline?  rxsim writes whole lines only, so anything else is a damaged or
 * foreign file, which gnuplot would draw with a gap and a warning.
 */
static int check_column(const char *path, const char *column, const char *what, bool numeric)
{
	size_t n = strlen(column), cap = 0, len, fl, nhead = 0, nf, key = 0;
	FILE *f = fopen(path, "r");
	bool found = false;
	char *line = NULL;
	ssize_t got;
	long lineno = 1, rows = 0;
	int status = EXIT_OK;

	if (!f) {
		fprintf(stderr, "rxsim plot: %s: %s\n", path, strerror(errno));
		return EXIT_INPUT;
	}
	if (getline(&line, &cap, f) >= 0) {
		const char *p, *next;

		line[strcspn(line, "\r\n")] = '\0';
		len = strlen(line);
		nhead = csv_count_fields(line, len);
		for (p = line; p && !found; p = next) {
			next = csv_next_field(p, line + len, &fl);
			found = fl == n && !strncmp(p, column, n);
			if (!found)
				key++;
		}
	}
	if (!found) {
		fprintf(stderr, "rxsim plot: %s: no column '%s' in the header (expected %s)\n",
			path, column, what);
		status = EXIT_INPUT;
	}
	while (!status && (got = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (line[got - 1] != '\n') {
			fprintf(stderr, "rxsim plot: %s:%ld: the last line has no newline "
				"(truncated file?)\n", path, lineno);
			status = EXIT_INPUT;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		rows++;
		len = strlen(line);
		nf = csv_count_fields(line, len);
		if (nf != nhead) {
			fprintf(stderr, "rxsim plot: %s:%ld: %zu field%s, the header has %zu\n",
				path, lineno, nf, nf == 1 ? "" : "s", nhead);
			status = EXIT_INPUT;
		} else if (numeric && !all_numbers(line, len, key)) {
			fprintf(stderr, "rxsim plot: %s:%ld: expected numbers only (%s)\n", path,
				lineno, what);
			status = EXIT_INPUT;
		}
	}
	free(line);
	fclose(f);
	if (!status && !rows) {
		fprintf(stderr, "rxsim plot: %s: no data rows after the header\n", path);
		status = EXIT_INPUT;
	}
	return status;
}

/* @dir + "/plots/" + @kind + ".gp" if it is readable. */
static bool try_script(char *buf, size_t size, const char *dir, const char *kind)
{
	int n;

	if (!dir || !*dir)
		return false;
	n = snprintf(buf, size, "%s/plots/%s.gp", dir, kind);
	return n > 0 && (size_t)n < size && !access(buf, R_OK);
}

static bool find_script(char *buf, size_t size, const char *kind)
{
	if (try_script(buf, size, getenv("RXSIM_DATADIR"), kind))
		return true;
#ifdef RXSIM_DATADIR
	if (try_script(buf, size, RXSIM_DATADIR, kind))
		return true;
#endif
#ifdef RXSIM_SOURCE_DIR
	if (try_script(buf, size, RXSIM_SOURCE_DIR, kind))
		return true;
#endif
	return false;
}

/*
 * gnuplot treats some file names specially ("<cmd", "|cmd", "-", "+", "$block"):
 * a relative path is given to it as "./path".
 */
static int gnuplot_path(char *buf, size_t size, const char *path)
{
	int n = snprintf(buf, size, "%s%s", path[0] == '/' ? "" : "./", path);

	return n > 0 && (size_t)n < size ? 0 : -1;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/*
 * Run gnuplot with @argv (stdin from /dev/null, stdout to our stderr) and
 * wait for it.  Returns EXIT_OK, EXIT_INPUT (the script rejected the data:
 * it exits with status 2), EXIT_INTERNAL or EXIT_INTERRUPTED.
 */
static int run_gnuplot(char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	int status = 0, rc;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa))
		return EXIT_INTERNAL;
	if (posix_spawnattr_init(&attr)) {
		posix_spawn_file_actions_destroy(&fa);
		return EXIT_INTERNAL;
	}
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGPIPE);
	rc = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
	if (!rc)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(&attr, &dfl);
	if (!rc)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (rc) {
		fprintf(stderr, "rxsim plot: posix_spawn setup: %s\n", strerror(rc));
		status = EXIT_INTERNAL;
		goto out;
	}

	interrupted = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);	/* no SA_RESTART: waitpid returns EINTR */
	sigaction(SIGTERM, &sa, &old_term);
	fflush(NULL);
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	if (rc) {
		if (rc == ENOENT)
			fprintf(stderr, "rxsim plot: %s not found in PATH (install gnuplot-nox)\n",
				argv[0]);
		else
			fprintf(stderr, "rxsim plot: cannot run %s: %s\n", argv[0], strerror(rc));
		status = EXIT_INTERNAL;
		goto restore;
	}
	for (;;) {
		int ws;

		if (waitpid(pid, &ws, 0) < 0) {
			if (errno == EINTR) {
				/* A terminal ^C reached gnuplot too; a kill(1) did not. */
				kill(pid, SIGTERM);
				continue;
			}
			fprintf(stderr, "rxsim plot: waitpid: %s\n", strerror(errno));
			status = EXIT_INTERNAL;
			break;
		}
		if (interrupted) {
			status = EXIT_INTERRUPTED;
		} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) {
			status = EXIT_OK;
		} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
			/* a libc whose posix_spawnp reports exec failures this way */
			fprintf(stderr, "rxsim plot: %s not found in PATH (install gnuplot-nox)\n",
				argv[0]);
			status = EXIT_INTERNAL;
		} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 2) {
			status = EXIT_INPUT;
		} else if (WIFEXITED(ws)) {
			fprintf(stderr, "rxsim plot: gnuplot failed (exit status %d)\n",
				WEXITSTATUS(ws));
			status = EXIT_INTERNAL;
		} else {
			fprintf(stderr, "rxsim plot: gnuplot killed by signal %d\n",
				WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
			status = EXIT_INTERNAL;
		}
		break;
	}
restore:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
out:
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return status;
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, 't' },
		{ "column", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *title = NULL, *column = NULL, *ext;
	char script[PATH_MAX_LEN], data[PATH_MAX_LEN], placeholder[PATH_MAX_LEN];
	char tmp[PATH_MAX_LEN + 8], gp_tmp[PATH_MAX_LEN + 16];
	const struct plot_kind *kind;
	char *gp_argv[10];
	struct stat st;
	int c, fd, n, status;
	size_t i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:t:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'c':
			column = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("plot", "option '%s' needs an argument",
					       argv[optind - 1]);
		default:
			return cli_usage_error("plot", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("plot", "missing KIND");
	kind = find_kind(argv[optind]);
	if (!kind) {
		fprintf(stderr, "rxsim plot: unknown kind '%s'; known kinds:", argv[optind]);
		for (i = 0; i < NKINDS; i++)
			fprintf(stderr, " %s", kinds[i].name);
		fprintf(stderr, "\nTry 'rxsim plot --help'.\n");
		return EXIT_INPUT;
	}
	if (optind + 1 >= argc)
		return cli_usage_error("plot", "missing DATA (a %s)", kind->data);
	if (optind + 2 < argc)
		return cli_usage_error("plot", "%s takes one DATA file, got %d", kind->name,
				       argc - optind - 1);
	if (!out)
		return cli_usage_error("plot", "missing --out FILE.png|FILE.svg|FILE.pdf");
	if (ends_with(out, ".png"))
		ext = ".png";
	else if (ends_with(out, ".svg"))
		ext = ".svg";
	else if (ends_with(out, ".pdf"))
		ext = ".pdf";
	else
		return cli_usage_error("plot", "--out %s: the name must end in .png, .svg or .pdf",
				       out);
	if (column && strcmp(kind->name, "heatmap"))
		return cli_usage_error("plot", "--column applies to heatmap only");
	if (!stat(out, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "rxsim plot: %s: is a directory\n", out);
		return EXIT_INPUT;
	}

	status = check_data(argv[optind + 1]);
	/* sweep CSVs and the long file hold names as well as numbers */
	if (!status && kind->column)
		status = check_column(argv[optind + 1], kind->column, kind->data,
				      strstr(kind->data, "sweep") == NULL &&
				      strcmp(kind->name, "queues") != 0);
	if (!status && !strcmp(kind->name, "heatmap"))
		status = check_column(argv[optind + 1], column ? column : "delivered_ratio",
				      "a result column of a sweep CSV", false);
	if (status)
		return status;
	if (gnuplot_path(data, sizeof(data), argv[optind + 1])) {
		fprintf(stderr, "rxsim plot: %s: path too long\n", argv[optind + 1]);
		return EXIT_INPUT;
	}
	if (!find_script(script, sizeof(script), kind->name)) {
		fprintf(stderr, "rxsim plot: cannot find plots/%s.gp (set RXSIM_DATADIR to the "
			"directory that holds plots/)\n", kind->name);
		return EXIT_INTERNAL;
	}

	/*
	 * mkstemp() reserves OUT.tmp.XXXXXX; gnuplot writes OUT.tmp.XXXXXX.png,
	 * created here first (O_EXCL) so that it is ours and gets the umask.
	 */
	n = snprintf(placeholder, sizeof(placeholder), "%s.tmp.XXXXXX", out);
	if (n < 0 || (size_t)n >= sizeof(placeholder) - strlen(ext)) {
		fprintf(stderr, "rxsim plot: %s: path too long\n", out);
		return EXIT_INPUT;
	}
	fd = mkstemp(placeholder);
	if (fd < 0) {
		fprintf(stderr, "rxsim plot: %s: cannot create: %s\n", out, strerror(errno));
		return EXIT_INTERNAL;
	}
	close(fd);
	snprintf(tmp, sizeof(tmp), "%s%s", placeholder, ext);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		fprintf(stderr, "rxsim plot: %s: cannot create: %s\n", tmp, strerror(errno));
		unlink(placeholder);
		return EXIT_INTERNAL;
	}
	close(fd);
	if (gnuplot_path(gp_tmp, sizeof(gp_tmp), tmp)) {
		fprintf(stderr, "rxsim plot: %s: path too long\n", out);
		status = EXIT_INPUT;
		goto fail;
	}

	n = 0;
	gp_argv[n++] = "gnuplot";
	gp_argv[n++] = "-d";		/* no ~/.gnuplot: the same figure for everyone */
	gp_argv[n++] = "-c";
	gp_argv[n++] = script;
	gp_argv[n++] = data;
	gp_argv[n++] = gp_tmp;
	gp_argv[n++] = (char *)(title ? title : argv[optind + 1]);
	if (column)
		gp_argv[n++] = (char *)column;
	gp_argv[n] = NULL;
	status = run_gnuplot(gp_argv);
	if (status)
		goto fail;
	if (stat(tmp, &st) || st.st_size == 0) {
		fprintf(stderr, "rxsim plot: gnuplot wrote nothing to %s\n", tmp);
		status = EXIT_INTERNAL;
		goto fail;
	}
	if (rename(tmp, out)) {
		fprintf(stderr, "rxsim plot: %s: cannot write: %s\n", out, strerror(errno));
		status = EXIT_INTERNAL;
		goto fail;
	}
	unlink(placeholder);
	return EXIT_OK;
fail:
	unlink(tmp);
	unlink(placeholder);
	return status;
}
