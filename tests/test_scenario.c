/* SPDX-License-Identifier: MIT */
/*
 * test_scenario.c - the scenario loader (sim/scenario/scenario.c) and what it shares
 * with the rest: JSON syntax errors with line:column, "got" as written,
 * numbers without %.17g noise, exact seeds, kernel versions, element checks
 * naming their key, --set paths, and expect paths checked before a run.
 *
 * Messages are compared whole where the wording is the contract (the
 * tests/bad corpus checks the CLI the same way).
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/cpulist.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

#define NIC "\"nics\": [{ \"name\": \"eth0\" }]"

struct loaded {
	int rc;
	struct scenario sc;
	struct rxsim_err err;
};

/* Load @json (sets optional); keeps the scenario for inspection. */
static struct loaded *load_sets(const char *json, const char *const *sets, int nsets)
{
	struct loaded *l = calloc(1, sizeof(*l));

	ck_assert_ptr_nonnull(l);
	l->rc = scenario_load_buffer("t.json", json, strlen(json), sets, nsets, &l->sc, &l->err);
	return l;
}

static struct loaded *load(const char *json)
{
	return load_sets(json, NULL, 0);
}

static void done(struct loaded *l)
{
	if (!l->rc)
		scenario_free(&l->sc);
	free(l);
}

/* @json must fail with exactly @msg (after "t.json"). */
static void fails_with(const char *json, const char *msg)
{
	struct loaded *l = load(json);
	char want[600];

	snprintf(want, sizeof(want), "t.json%s", msg);
	ck_assert_msg(l->rc == RXSIM_EINPUT, "accepted: %s", json);
	ck_assert_str_eq(l->err.msg, want);
	done(l);
}

static void set_fails_with(const char *json, const char *set, const char *msg)
{
	struct loaded *l = load_sets(json, &set, 1);
	char want[600];

	snprintf(want, sizeof(want), "t.json%s", msg);
	ck_assert_msg(l->rc == RXSIM_EINPUT, "accepted --set %s", set);
	ck_assert_str_eq(l->err.msg, want);
	done(l);
}

/* ---- JSON syntax ---------------------------------------------------------- */

START_TEST(syntax_control_character_in_string)
{
	fails_with("{ \"nics\": [{ \"name\": \"eth\t0\" }] }",
		   ":1:26: invalid JSON: control character in string");
}
END_TEST

START_TEST(syntax_unterminated_string_points_at_its_quote)
{
	fails_with("{\n  \"nics\": [{ \"name\": \"eth0 }]\n}\n",
		   ":2:22: invalid JSON near '\"eth0 }]'");
}
END_TEST

START_TEST(syntax_snippet_stops_at_the_line_end)
{
	fails_with("{\n  \"name\": \"x\",\n}\n", ":3:1: invalid JSON near '}'");
	fails_with("{\n  // c\n}", ":2:3: invalid JSON near '// c'");
	fails_with("{ \"a\": 1 }\n}\n", ":2:1: invalid JSON near '}'");
}
END_TEST

START_TEST(syntax_columns_count_characters)
{
	/* "é" is two bytes, one column */
	fails_with("{ \"é\": x }", ":1:8: invalid JSON near 'x }'");
}
END_TEST

START_TEST(syntax_end_of_input)
{
	fails_with("", ":1:1: invalid JSON: unexpected end of input");
	fails_with("{ \"nics\": [", ":1:12: invalid JSON: unexpected end of input");
}
END_TEST

START_TEST(syntax_bad_number_and_escape)
{
	fails_with("{ \"seed\": 01 }", ":1:12: invalid JSON near '1 }'");
	fails_with("{ \"seed\": -x }", ":1:11: invalid JSON near '-x }'");
	fails_with("{ \"name\": \"a\\qb\" }", ":1:13: invalid JSON near '\\qb\" }'");
}
END_TEST

START_TEST(syntax_byte_order_mark_is_skipped)
{
	struct loaded *l = load("\xef\xbb\xbf{ " NIC " }");

	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	done(l);
}
END_TEST

START_TEST(key_with_control_characters_is_escaped)
{
	fails_with("{ " NIC ", \"na\\nme\": \"x\" }",
		   ": /na\\nme: unknown key (did you mean \"name\"?)");
	fails_with("{ " NIC ", \"a\\u0001\": 1 }", ": /a\\x01: unknown key");
}
END_TEST

/* ---- values: what was given, as written ------------------------------------ */

START_TEST(got_shows_numbers_unquoted_and_strings_quoted)
{
	fails_with("{ \"host\": { \"cpus\": 0 }, " NIC " }",
		   ": /host/cpus: expected integer 1..256, got 0: out of range");
	fails_with("{ \"host\": { \"cpus\": \"2\" }, " NIC " }",
		   ": /host/cpus: expected integer 1..256, got \"2\"");
	fails_with("{ \"host\": { \"cpus\": 2.5 }, " NIC " }",
		   ": /host/cpus: expected integer 1..256, got 2.5");
	fails_with("{ \"host\": { \"cpus\": true }, " NIC " }",
		   ": /host/cpus: expected integer 1..256, got true");
	fails_with("{ \"host\": { \"cpus\": [2] }, " NIC " }",
		   ": /host/cpus: expected integer 1..256, got an array");
	fails_with("{ \"host\": { \"hz\": 200 }, " NIC " }",
		   ": /host/hz: expected one of \"100\", \"250\", \"300\", \"1000\", got 200");
	fails_with("{ \"nics\": [{ \"name\": \"a\\tb\", \"driver\": \"x\\ny\" }] }",
		   ": /nics/0/driver: expected one of \"generic\", \"ixgbe\", \"igb\", \"mlx5\", "
		   "got \"x\\ny\"");
	fails_with("{ \"host\": \"big\", " NIC " }", ": /host: expected an object, got \"big\"");
}
END_TEST

START_TEST(cpulist_element_out_of_range)
{
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"irq_affinity\": [0, 300] }] }",
		   ": /nics/0/irq_affinity/1: expected CPU number 0..255, got 300");
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"indir\": [\"a\"] }] }",
		   ": /nics/0/indir/0: expected queue number 0..255, got \"a\"");
}
END_TEST

/* A value must be range-checked before it narrows to a CPU number, and a
 * range must not step its counter past the type: all of these once passed
 * as small CPUs or looped past LONG_MAX. */
START_TEST(cpulist_text_values_never_wrap)
{
	static const char *const bad[] = {
		"65536", "65537", "0-65536", "4294967296", "99999999999999999999999",
		"0-9223372036854775807", "9223372036854775807-9223372036854775807",
		" 1", "+1", "1-", "-1", "0-3,,5", "0-3 ",
	};
	struct cpulist cl;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cpulist_parse(bad[i], &cl) < 0, "accepted \"%s\"", bad[i]);
	ck_assert_int_eq(cpulist_parse("65535", &cl), 0);
	ck_assert_uint_eq(cl.n, 1);
	ck_assert_uint_eq(cl.cpu[0], 65535);
	/* 512 entries fit exactly, 513 do not */
	ck_assert_int_eq(cpulist_parse("0-511", &cl), 0);
	ck_assert_uint_eq(cl.n, 512);
	ck_assert_uint_eq(cl.cpu[511], 511);
	ck_assert_int_eq(cpulist_parse("0-511,600", &cl), -1);
	ck_assert_int_eq(cpulist_parse("65000-65535", &cl), -1);
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"rps_cpus\": \"65536\" }] }",
		   ": /nics/0/rps_cpus: expected list of CPU numbers (e.g. [0,2] or \"0-3,6\") "
		   "or a sysfs hex mask after 0x (e.g. \"0x0e\", \"0xff,ffffffff\"), "
		   "got \"65536\": CPU number out of range");
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"irq_affinity\": \"65537\" }] }",
		   ": /nics/0/irq_affinity: expected list of CPU numbers (e.g. [0,2] or \"0-3,6\") "
		   "or a sysfs hex mask after 0x (e.g. \"0x0e\", \"0xff,ffffffff\"), "
		   "got \"65537\": CPU number out of range");
}
END_TEST

START_TEST(strings_name_their_minimum)
{
	fails_with("{ \"nics\": [{ \"name\": \"\" }] }",
		   ": /nics/0/name: expected string of 1..31 bytes, got \"\"");
}
END_TEST

START_TEST(example_is_inside_the_range)
{
	char buf[256];
	const struct section *s;
	const struct param *p = NULL;

	for (s = scenario_root.subs; s->key && strcmp(s->key, "sockets"); s++)
		;
	ck_assert_ptr_nonnull(s->key);
	for (p = s->params; p->key && strcmp(p->key, "rcvbuf"); p++)
		;
	ck_assert_str_eq(param_expected(p, buf, sizeof(buf)),
			 "size 0B..2147483647B (e.g. \"256KiB\", or a number in bytes) or \"auto\"");
	for (p = scenario_root.params; p->key && strcmp(p->key, "duration"); p++)
		;
	ck_assert_str_eq(param_expected(p, buf, sizeof(buf)),
			 "time 1us..3600s (e.g. \"2.5us\", or a number in ms)");
}
END_TEST

START_TEST(plain_fractions_are_read_as_written)
{
	struct loaded *l = load("{ \"duration\": 0.1, \"warmup\": 0.01, " NIC " }");

	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	ck_assert_int_eq(l->sc.duration, 100 * SIM_US);
	ck_assert_int_eq(l->sc.warmup, 10 * SIM_US);
	done(l);
	/* %g writes 1e-06: units_parse() gets "0.000001" (ms), 1 ns */
	l = load("{ \"warmup\": 1e-6, \"nics\": [{ \"name\": \"eth0\", \"dma_delay\": 0.1 }] }");
	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	ck_assert_int_eq(l->sc.warmup, SIM_NS);
	ck_assert_int_eq(l->sc.nics[0].dma_delay, 100);
	done(l);
	fails_with("{ \"duration\": 0.1, \"warmup\": 0.1, " NIC " }",
		   ": /warmup: must be shorter than duration");
}
END_TEST

/* ---- seeds and kernel versions -------------------------------------------- */

START_TEST(seed_exact_or_rejected)
{
	struct loaded *l = load("{ \"seed\": 9007199254740991, " NIC " }");

	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	ck_assert(l->sc.seed == INT64_C(9007199254740991));
	done(l);
	l = load("{ \"seed\": \"9223372036854775807\", " NIC " }");
	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	ck_assert(l->sc.seed == INT64_MAX);
	done(l);
	fails_with("{ \"seed\": 9007199254740993, " NIC " }",
		   ": /seed: integers above 2^53 are not exact as JSON numbers; give it as a string");
	fails_with("{ \"seed\": 1.5, " NIC " }",
		   ": /seed: expected integer 0..9223372036854775807, got 1.5");
	fails_with("{ \"seed\": \"18446744073709551615\", " NIC " }",
		   ": /seed: expected integer 0..9223372036854775807, got "
		   "\"18446744073709551615\": out of range");
	fails_with("{ \"seed\": \"0x10\", " NIC " }",
		   ": /seed: expected integer 0..9223372036854775807, got \"0x10\"");
}
END_TEST

START_TEST(seed_from_set_is_exact)
{
	const char *set = "seed=9007199254740993";
	struct loaded *l = load_sets("{ " NIC " }", &set, 1);

	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	ck_assert(l->sc.seed == INT64_C(9007199254740993));
	done(l);
}
END_TEST

START_TEST(kernel_versions)
{
	static const char *const good[] = { "6.8", "5.15.0", "4.9", "6.99" };
	static const char *const bad[] = { "6.8.foo", "6.8-rc1", " 6.8", "6", "6.8.1.2", "+6.8",
					   "6.", "6.100" };
	char json[200], msg[300];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct loaded *l;

		snprintf(json, sizeof(json), "{ \"kernel\": \"%s\", " NIC " }", good[i]);
		l = load(json);
		ck_assert_msg(l->rc == 0, "%s: %s", good[i], l->err.msg);
		done(l);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(json, sizeof(json), "{ \"kernel\": \"%s\", " NIC " }", bad[i]);
		snprintf(msg, sizeof(msg), ": /kernel: expected kernel version string 4.9..6.99 "
			 "(e.g. \"6.8\"), got \"%s\"", bad[i]);
		fails_with(json, msg);
	}
}
END_TEST

/* ---- checks across keys ----------------------------------------------------- */

START_TEST(element_check_names_the_key)
{
	static const char apps[] = "{ " NIC ", \"sockets\": [{ \"name\": \"s\", \"port\": 9 }], "
				   "\"apps\": [{ \"socket\": \"s\"%s }] }";
	char json[300];

	snprintf(json, sizeof(json), apps, ", \"batch\": 16");
	fails_with(json, ": /apps/0/batch: only recvmmsg reads more than one datagram per call");
	snprintf(json, sizeof(json), apps, "");
	set_fails_with(json, "apps.0.batch=16",
		       ": /apps/0/batch: only recvmmsg reads more than one datagram per call "
		       "(from --set)");
}
END_TEST

START_TEST(coalescing_checked_with_driver_defaults)
{
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"driver\": \"ixgbe\", "
		   "\"coalesce\": { \"rx-usecs\": 2 } }] }",
		   ": /nics/0/coalesce/rx-usecs: 2 selects an adaptive ITR that is not modelled "
		   "for ixgbe; give a fixed interval (0 or >= 4us) or 1 (ixgbe dynamic ITR)");
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"driver\": \"igb\", "
		   "\"coalesce\": { \"rx-usecs\": 3 } }] }",
		   ": /nics/0/coalesce/rx-usecs: 3 selects an adaptive ITR that is not modelled "
		   "for igb; give a fixed interval (0 or >= 4us)");
	fails_with("{ \"nics\": [{ \"name\": \"eth0\", \"coalesce\": { \"rx-usecs\": 0 } }] }",
		   ": /nics/0/coalesce/rx-usecs: 0 with rx-frames 0 is invalid (no coalescing is "
		   "rx-usecs 0, rx-frames 1)");
	set_fails_with("{ " NIC " }", "nics.0.coalesce.rx-usecs=0",
		       ": /nics/0/coalesce/rx-usecs: 0 with rx-frames 0 is invalid (no "
		       "coalescing is rx-usecs 0, rx-frames 1) (from --set)");
}
END_TEST

START_TEST(plural_in_counts)
{
	fails_with("{ \"host\": { \"cpus\": 4 }, \"nics\": [{ \"name\": \"eth0\", \"queues\": 1, "
		   "\"irq_affinity\": [0, 1] }] }",
		   ": /nics/0/irq_affinity: 2 CPUs for 1 queue (give one per queue)");
}
END_TEST

/* ---- --set ---------------------------------------------------------------- */

START_TEST(set_sysctl_typo_is_one_key)
{
	set_fails_with("{ " NIC " }", "host.sysctl.net.core.netdev_budgt=600",
		       ": /host/sysctl/net.core.netdev_budgt: unknown key (did you mean "
		       "\"net.core.netdev_budget\"?) (from --set)");
}
END_TEST

START_TEST(set_inside_a_value_is_marked)
{
	set_fails_with("{ " NIC " }", "nics.0.irq_affinity=[300]",
		       ": /nics/0/irq_affinity/0: expected CPU number 0..255, got 300 (from --set)");
}
END_TEST

/* "*" in a --set path stands for every element of the array: each NIC gets
 * the ring; a bad value names the first element it reached (from --set);
 * "*" where there is no array, or an empty one, is refused. */
START_TEST(set_star_is_every_element)
{
	static const char two[] = "{ \"nics\": [{ \"name\": \"a\" }, { \"name\": \"b\" }] }";
	const char *set = "nics.*.rx_ring=1024";
	struct loaded *l = load_sets(two, &set, 1);

	ck_assert_int_eq(l->rc, 0);
	ck_assert_int_eq(l->sc.nics[0].rx_ring, 1024);
	ck_assert_int_eq(l->sc.nics[1].rx_ring, 1024);
	done(l);
	set_fails_with(two, "nics.*.rx_ring=-1",
		       ": /nics/0/rx_ring: expected integer 8..65536 or \"auto\", got -1: out of "
		       "range (from --set)");
	set = "host.*=1";
	l = load_sets(two, &set, 1);
	ck_assert_int_eq(l->rc, RXSIM_EINPUT);
	ck_assert_str_eq(l->err.msg, "--set \"host.*=1\": * stands for every element of an "
			 "array, and \"host\" is not one (the scenario has none)");
	done(l);
}
END_TEST

/* ---- expect ----------------------------------------------------------------- */

START_TEST(expect_paths_checked_at_load)
{
	struct loaded *l;

	fails_with("{ " NIC ", \"expect\": { \"drops.totl\": { \"max\": 0 } } }",
		   ": /expect/drops.totl: unknown summary value (did you mean \"drops.total\"?)");
	fails_with("{ " NIC ", \"expect\": { \"drops.total\": { \"max\": 0 }, "
		   "\"drops.total\": { \"max\": 1 } } }", ": /expect/drops.total: duplicate key");
	fails_with("{ \"host\": { \"cpus\": 2 }, " NIC ", \"expect\": { \"cpus.2.share.idle\": "
		   "{ \"max\": 1 } } }",
		   ": /expect/cpus.2.share.idle: unknown summary value (did you mean "
		   "\"cpus.0.share.idle\"?)");
	/* a ksoftirqd thread is listed only once it ran: its paths are allowed */
	l = load("{ \"host\": { \"cpus\": 2 }, " NIC ", \"expect\": { "
		 "\"cpus.1.share.idle\": { \"min\": 0 }, \"latency_ns.e2e.p99\": { \"max\": \"1s\" }, "
		 "\"threads.1.cpu_share\": { \"max\": 1 } } }");
	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	done(l);
}
END_TEST

START_TEST(summary_paths_come_from_the_writer)
{
	struct loaded *l = load("{ \"host\": { \"cpus\": 3 }, " NIC " }");
	char **paths;
	size_t i;
	int found = 0;

	ck_assert_msg(l->rc == 0, "%s", l->err.msg);
	paths = rxsim_summary_paths(&l->sc);
	ck_assert_ptr_nonnull(paths);
	for (i = 0; paths[i]; i++) {
		found += !strcmp(paths[i], "drops.total") + !strcmp(paths[i], "cpus.2.share.idle") +
			 !strcmp(paths[i], "snmp.Udp.RcvbufErrors");
		ck_assert_msg(strncmp(paths[i], "config.", 7), "config echo listed: %s", paths[i]);
		ck_assert_msg(strcmp(paths[i], "scenario.name"), "a string listed");
	}
	ck_assert_int_eq(found, 3);
	rxsim_summary_paths_free(paths);
	done(l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scenario");
	TCase *syn = tcase_create("syntax");
	TCase *val = tcase_create("values");
	TCase *chk = tcase_create("checks");
	TCase *set = tcase_create("set");
	TCase *exp = tcase_create("expect");
	SRunner *sr;
	int failed;

	tcase_add_test(syn, syntax_control_character_in_string);
	tcase_add_test(syn, syntax_unterminated_string_points_at_its_quote);
	tcase_add_test(syn, syntax_snippet_stops_at_the_line_end);
	tcase_add_test(syn, syntax_columns_count_characters);
	tcase_add_test(syn, syntax_end_of_input);
	tcase_add_test(syn, syntax_bad_number_and_escape);
	tcase_add_test(syn, syntax_byte_order_mark_is_skipped);
	tcase_add_test(syn, key_with_control_characters_is_escaped);
	suite_add_tcase(s, syn);

	tcase_add_test(val, got_shows_numbers_unquoted_and_strings_quoted);
	tcase_add_test(val, cpulist_element_out_of_range);
	tcase_add_test(val, cpulist_text_values_never_wrap);
	tcase_add_test(val, strings_name_their_minimum);
	tcase_add_test(val, example_is_inside_the_range);
	tcase_add_test(val, plain_fractions_are_read_as_written);
	tcase_add_test(val, seed_exact_or_rejected);
	tcase_add_test(val, seed_from_set_is_exact);
	tcase_add_test(val, kernel_versions);
	suite_add_tcase(s, val);

	tcase_add_test(chk, element_check_names_the_key);
	tcase_add_test(chk, coalescing_checked_with_driver_defaults);
	tcase_add_test(chk, plural_in_counts);
	suite_add_tcase(s, chk);

	tcase_add_test(set, set_sysctl_typo_is_one_key);
	tcase_add_test(set, set_inside_a_value_is_marked);
	tcase_add_test(set, set_star_is_every_element);
	suite_add_tcase(s, set);

	tcase_set_timeout(exp, 30);
	tcase_add_test(exp, expect_paths_checked_at_load);
	tcase_add_test(exp, summary_paths_come_from_the_writer);
	suite_add_tcase(s, exp);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
