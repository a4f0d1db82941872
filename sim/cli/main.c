/* SPDX-License-Identifier: MIT */
/*
 * main.c - `rxsim COMMAND [OPTIONS] ARGS`: global options, then dispatch.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rxsim/scenario.h"

static const char usage[] =
	"Usage: rxsim [-h|--help] [-V|--version] COMMAND [OPTIONS] ARGS\n"
	"\n"
	"A deterministic discrete-event simulator of the Linux receive path, from the\n"
	"wire through NIC rings, interrupts, NAPI and softirq, to sockets and readers.\n"
	"\n"
	"Commands:\n"
	"  run SCENARIO.json     simulate a scenario and report drops, latency, CPU time\n"
	"  sweep SCENARIO.json --set PATH=A,B,C|FROM..TO/STEPS...\n"
	"                        run a grid of parameter values, one CSV row per point\n"
	"  merge FILE...         join the point files of 'sweep --emit-jobs' into one CSV\n"
	"  check SCENARIO.json...  validate scenarios without running them\n"
	"  params [PATTERN]      list every scenario key with its default, unit and help\n"
	"  plot KIND DATA --out FILE.png|svg|pdf  draw a figure of run or sweep output\n"
	"  import SNAPSHOT       a scenario from a snapshot of tools/rxsim-snapshot\n"
	"  calibrate BEFORE AFTER  per-packet costs from two snapshots under load\n"
	"  compare SCENARIO BEFORE AFTER  simulated against measured counters\n"
	"\n"
	"'rxsim COMMAND --help' describes a command.\n"
	"\n"
	"Exit status: 0 success; 1 an expect bound failed; 2 bad command line, scenario\n"
	"or input file; 3 internal error (broken invariant, output not written);\n"
	"130 interrupted.\n";

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rxsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'rxsim %s --help'.\n", cmd);
	return EXIT_INPUT;
}

/*
 * The message for what getopt_long() (optstring with a leading ':')
 * returned as ':' or '?': the option named as the user wrote it, '-Z'
 * rather than the whole cluster "-qZ".
 */
int cli_option_error(const char *cmd, int c, char **argv, const struct option *opts)
{
	const char *word = argv[optind - 1];
	size_t n = strcspn(word, "=");
	char name[64];

	if (!strncmp(word, "--", 2) && (c == ':' || !optopt || word[n]))
		snprintf(name, sizeof(name), "%.*s", (int)(n < 60 ? n : 60), word);
	else
		snprintf(name, sizeof(name), "-%c", optopt);
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' requires an argument", name);
	if (optopt && name[1] == '-') {
		for (; opts->name; opts++)
			if (opts->val == optopt && opts->has_arg == no_argument &&
			    !strncmp(opts->name, name + 2, strlen(name + 2)))
				return cli_usage_error(cmd, "option '--%s' does not take an argument",
						       opts->name);
	}
	return cli_usage_error(cmd, "unknown option '%s'", name);
}

bool cli_progress_wanted(bool quiet)
{
	const char *term = getenv("TERM");

	return !quiet && isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
}

int cli_exit_for(int rc)
{
	if (rc == RXSIM_EINPUT)
		return EXIT_INPUT;
	if (rc)
		return EXIT_INTERNAL;
	return EXIT_OK;
}

/*
 * What a command printed may still sit in stdout's buffer, and a full disk
 * or a closed pipe shows only when it is flushed or closed: a data output
 * that failed is an output failure (exit 3), never a success.
 */
static int close_stdout(int status)
{
	int bad = fflush(stdout) != 0 || ferror(stdout);
	int e = errno;

	if (fclose(stdout) && !bad) {
		bad = 1;
		e = errno;
	}
	/* a command that failed already said why (often this very error) */
	if (!bad || status == EXIT_INTERNAL)
		return status;
	fprintf(stderr, "rxsim: stdout: write error: %s\n", strerror(e ? e : EIO));
	return status == EXIT_INTERRUPTED ? status : EXIT_INTERNAL;
}

static int dispatch(const char *cmd, int argc, char **argv)
{
	if (!strcmp(cmd, "run"))
		return cmd_run(argc, argv);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc, argv);
	if (!strcmp(cmd, "params"))
		return cmd_params(argc, argv);
	if (!strcmp(cmd, "plot"))
		return cmd_plot(argc, argv);
	if (!strcmp(cmd, "sweep"))
		return cmd_sweep(argc, argv);
	if (!strcmp(cmd, "merge"))
		return cmd_merge(argc, argv);
	if (!strcmp(cmd, "import"))
		return cmd_import(argc, argv);
	if (!strcmp(cmd, "calibrate"))
		return cmd_calibrate(argc, argv);
	if (!strcmp(cmd, "compare"))
		return cmd_compare(argc, argv);
	fprintf(stderr, "rxsim: unknown command '%s'\nTry 'rxsim --help'.\n", cmd);
	return EXIT_INPUT;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return close_stdout(EXIT_OK);
		case 'V':
			printf("rxsim %s\n", RXSIM_VERSION);
			return close_stdout(EXIT_OK);
		default:
			fprintf(stderr, "rxsim: unknown option '%s'\nTry 'rxsim --help'.\n",
				argv[optind - 1]);
			return EXIT_INPUT;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "rxsim: missing command\nTry 'rxsim --help'.\n");
		return EXIT_INPUT;
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: full reset before the command's own loop */
	return close_stdout(dispatch(cmd, argc, argv));
}
