/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the commands of the rxsim program.  Only the CLI maps error
 * classes to exit codes and writes to the terminal.
 */
#ifndef RXSIM_CLI_H
#define RXSIM_CLI_H

enum {
	EXIT_OK = 0,
	EXIT_EXPECT = 1,	/* the run completed but an expect bound failed */
	EXIT_INPUT = 2,		/* bad command line, scenario, or input file */
	EXIT_INTERNAL = 3,	/* rxsim failed: invariant, fork, output */
	EXIT_INTERRUPTED = 130,
};

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_params(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_compare(int argc, char **argv);

/* "rxsim CMD: msg" + "Try 'rxsim CMD --help'." on stderr; returns EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_exit_for(int rc);
/* Draw progress on stderr: not --quiet, stderr a terminal, TERM not "dumb". */
_Bool cli_progress_wanted(_Bool quiet);
struct option;
/* The usage error for what getopt_long() (optstring with a leading ':')
 * returned as ':' or '?', naming the option as the user wrote it. */
int cli_option_error(const char *cmd, int c, char **argv, const struct option *opts);

struct cJSON;
struct snap;
struct rxsim_err;
/* BEFORE AFTER (or one directory holding before/ and after/) opened into
 * @b and @a; *@used: how many arguments they took.  0, or the exit code
 * after printing why. */
int cli_snap_pair(const char *cmd, int argc, char **argv, int *used, struct snap *b,
		  struct snap *a, struct rxsim_err *err);

#endif
