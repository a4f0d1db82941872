/* SPDX-License-Identifier: MIT */
/*
 * test_sweep.c - the pure parts of sweeps: axis lists and ranges, point
 * enumeration, CSV cells and rows, result columns from a summary, the 95%
 * confidence interval, and merging point files.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rxsim/engine.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"

/* Rows shaped like the parameter tables' (sim/scenario/params.c). */
static const struct param p_int = { "rx_ring", PT_INT, 0, 8, 65536, NULL, "descriptors", 1,
				    PF_AUTO, NULL, "" };
static const struct param p_usecs = { "rx-usecs", PT_TIME, 0, 0, 100 * SIM_MS, NULL, "us",
				      SIM_US, PF_AUTO, NULL, "" };
static const struct param p_rate = { "rate", PT_RATE, 0, 1, 1000000000000000LL, NULL, "pps",
				     1000, 0, NULL, "" };
static const struct param p_bw = { "speed", PT_BW, 0, 1000000, 1000000000000LL, NULL,
				   "bit/s", 1, 0, NULL, "" };
static const struct param p_size = { "rcvbuf", PT_SIZE, 0, 0, 1LL << 31, NULL, "bytes", 1, 0,
				     NULL, "" };
static const char *const arrivals[] = { "constant", "poisson", NULL };
static const struct param p_enum = { "arrival", PT_ENUM, 0, 0, 0, "poisson", "", 0, 0,
				     arrivals, "" };
static const struct param p_bool = { "force", PT_BOOL, 0, 0, 1, "false", "", 0, 0, NULL, "" };

static int expand(const struct param *p, const char *text, char ***out)
{
	char err[400];
	int n = sweep_expand_range(p, text, out, err, sizeof(err));

	if (n < 0)
		fprintf(stderr, "(expected in some tests) %s\n", err);
	return n;
}

/* @got values @v from @text: there must be @n, and value i must be want[i]
 * wherever that is given (not NULL).  Frees @v. */
static void check_values(const char *text, char **v, int got, int n, const char *const *want)
{
	int i;

	ck_assert_msg(got == n, "%s: %d values, expected %d", text, got, n);
	for (i = 0; i < n; i++)
		if (want[i])
			ck_assert_msg(!strcmp(v[i], want[i]),
				      "%s: value %d is \"%s\", expected \"%s\"", text, i, v[i],
				      want[i]);
	sweep_free_list(v, got);
}

static void expect_list(const char *text, int n, const char *const *want)
{
	char **v, err[200];
	int got = sweep_split_list(text, &v, err, sizeof(err));

	check_values(text, v, got, n, want);
}

static void expect_range(const struct param *p, const char *text, int n, const char *const *want)
{
	char **v;
	int got = expand(p, text, &v);

	check_values(text, v, got, n, want);
}

/* The values wanted are given in order, or by index ([8] = "900kpps") to
 * check only some of them. */
#define EXPECT_LIST(text, n, ...) expect_list((text), (n), (const char *const[n]){ __VA_ARGS__ })
#define EXPECT_RANGE(p, text, n, ...)                                          \
	expect_range((p), (text), (n), (const char *const[n]){ __VA_ARGS__ })

/* ---- lists ---- */

START_TEST(list_splits_on_top_level_commas)
{
	EXPECT_LIST("0, 8,50 ,200", 4, "0", "8", "50", "200");
}
END_TEST

START_TEST(list_keeps_parens_and_brackets_whole)
{
	char **v, err[200];
	int n;

	EXPECT_LIST("uniform(1us,2us),[0,1],exp(3us)", 3, "uniform(1us,2us)", "[0,1]", "exp(3us)");
	n = sweep_split_list("[0,1]", &v, err, sizeof(err));
	ck_assert_int_eq(n, 1);	/* one value: a plain override */
	sweep_free_list(v, n);
}
END_TEST

START_TEST(list_rejects_empty_and_unbalanced)
{
	char **v, err[200];

	ck_assert_int_eq(sweep_split_list("1,,2", &v, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "empty value"));
	ck_assert_int_eq(sweep_split_list("1,2,", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(sweep_split_list("", &v, err, sizeof(err)), -1);
	ck_assert_int_eq(sweep_split_list("[0,1", &v, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "unbalanced"));
	ck_assert_int_eq(sweep_split_list("a)", &v, err, sizeof(err)), -1);
}
END_TEST

/* ---- ranges ---- */

START_TEST(range_detection)
{
	ck_assert(sweep_is_range("1..5/3"));
	ck_assert(sweep_is_range("1..5"));	/* malformed, but meant as a range */
	ck_assert(!sweep_is_range("2.5us"));
	ck_assert(!sweep_is_range("uniform(1..2)"));
	ck_assert(!sweep_is_range("0,8,50"));
}
END_TEST

START_TEST(range_linear_integers_include_both_ends)
{
	EXPECT_RANGE(&p_int, "64..1024/4", 4, "64", "384", "704", "1024");
}
END_TEST

START_TEST(range_rounds_to_the_base_unit)
{
	char **v;

	EXPECT_RANGE(&p_int, "8..10/3", 3, [1] = "9");
	/* 8, 8.5 -> 9 (llround), 9: not rising */
	ck_assert_int_eq(expand(&p_int, "8..9/3", &v), -1);
	/* 1 ps resolution: 0..1ns/4 gives 0, 333, 667, 1000 ps */
	EXPECT_RANGE(&p_usecs, "0..1ns/4", 4, "0s", "333ps", "667ps", "1ns");
}
END_TEST

START_TEST(range_with_units_formats_back_with_units)
{
	EXPECT_RANGE(&p_rate, "100kpps..1Mpps/10", 10,
		     [0] = "100kpps", [1] = "200kpps", [8] = "900kpps", [9] = "1Mpps");
	/* plain numbers are in the parameter's documented unit (us here) */
	EXPECT_RANGE(&p_usecs, "0..200/5", 5, [1] = "50us", [4] = "200us");
	/* the last '/' starts STEPS: bandwidth units have one too */
	EXPECT_RANGE(&p_bw, "1Gbit/s..10Gbit/s/2", 2, "1Gbps", "10Gbps");
}
END_TEST

START_TEST(range_log_is_geometric)
{
	EXPECT_RANGE(&p_rate, "1kpps..1Mpps/4log", 4, "1kpps", "10kpps", "100kpps", "1Mpps");
	EXPECT_RANGE(&p_size, "1KiB..1MiB/3log", 3, [1] = "32KiB");
}
END_TEST

START_TEST(range_errors)
{
	char **v;

	ck_assert_int_eq(expand(&p_int, "8..100/1", &v), -1);		/* STEPS < 2 */
	ck_assert_int_eq(expand(&p_int, "8..100/0", &v), -1);
	ck_assert_int_eq(expand(&p_int, "100..8/3", &v), -1);		/* FROM > TO */
	ck_assert_int_eq(expand(&p_usecs, "0..100/3log", &v), -1);	/* log from 0 */
	ck_assert_int_eq(expand(&p_int, "8..100", &v), -1);		/* no STEPS */
	ck_assert_int_eq(expand(&p_int, "8..100/x", &v), -1);
	ck_assert_int_eq(expand(&p_int, "8..100/3lin", &v), -1);
	ck_assert_int_eq(expand(&p_int, "..100/3", &v), -1);
	ck_assert_int_eq(expand(&p_int, "8../3", &v), -1);
	ck_assert_int_eq(expand(&p_int, "1..100/3", &v), -1);		/* below min 8 */
	ck_assert_int_eq(expand(&p_rate, "1Gbps..2Gbps/3", &v), -1);	/* wrong unit */
	ck_assert_int_eq(expand(&p_enum, "a..b/3", &v), -1);		/* not numeric */
	ck_assert_int_eq(expand(&p_int, "auto..100/3", &v), -1);
}
END_TEST

/* ---- points ---- */

START_TEST(points_first_axis_slowest)
{
	uint32_t n[3] = { 2, 3, 4 }, idx[3];

	ck_assert_uint_eq(sweep_npoints(n, 3), 24);
	sweep_point_indices(n, 3, 0, idx);
	ck_assert_uint_eq(idx[0], 0);
	ck_assert_uint_eq(idx[1], 0);
	ck_assert_uint_eq(idx[2], 0);
	sweep_point_indices(n, 3, 1, idx);
	ck_assert_uint_eq(idx[2], 1);
	ck_assert_uint_eq(idx[1], 0);
	sweep_point_indices(n, 3, 4, idx);
	ck_assert_uint_eq(idx[0], 0);
	ck_assert_uint_eq(idx[1], 1);
	ck_assert_uint_eq(idx[2], 0);
	sweep_point_indices(n, 3, 12, idx);
	ck_assert_uint_eq(idx[0], 1);
	ck_assert_uint_eq(idx[1], 0);
	ck_assert_uint_eq(idx[2], 0);
	sweep_point_indices(n, 3, 23, idx);
	ck_assert_uint_eq(idx[0], 1);
	ck_assert_uint_eq(idx[1], 2);
	ck_assert_uint_eq(idx[2], 3);
}
END_TEST

START_TEST(points_no_axes_is_one_point)
{
	ck_assert_uint_eq(sweep_npoints(NULL, 0), 1);
}
END_TEST

START_TEST(points_overflow)
{
	uint32_t n[3] = { 4000000000u, 4000000000u, 4000000000u };

	ck_assert_uint_eq(sweep_npoints(n, 3), 0);
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_quotes_only_when_needed)
{
	struct sweep_buf b = { 0 };

	swb_csv(&b, "8us");
	swb_put(&b, "|", 1);
	swb_csv(&b, "uniform(1us,2us)");
	swb_put(&b, "|", 1);
	swb_csv(&b, "say \"hi\"");
	swb_put(&b, "|", 1);
	swb_csv(&b, "");
	ck_assert_str_eq(b.s, "8us|\"uniform(1us,2us)\"|\"say \"\"hi\"\"\"|");
	swb_free(&b);
}
END_TEST

START_TEST(csv_values_in_natural_units)
{
	char buf[64];
	int64_t v;
	bool t = true;
	int e = 1;

	v = 8 * SIM_US;		/* time in ns */
	ck_assert_str_eq(sweep_format_value(&p_usecs, &v, buf, sizeof(buf)), "8000");
	v = 6720;		/* 6.72 ns */
	ck_assert_str_eq(sweep_format_value(&p_usecs, &v, buf, sizeof(buf)), "6.72");
	v = -1;
	ck_assert_str_eq(sweep_format_value(&p_usecs, &v, buf, sizeof(buf)), "auto");
	v = 1200000000;		/* 1.2 Mpps in millipackets/s */
	ck_assert_str_eq(sweep_format_value(&p_rate, &v, buf, sizeof(buf)), "1200000");
	v = 1500;
	ck_assert_str_eq(sweep_format_value(&p_rate, &v, buf, sizeof(buf)), "1.5");
	v = 10000000000LL;
	ck_assert_str_eq(sweep_format_value(&p_bw, &v, buf, sizeof(buf)), "10000000000");
	v = 212992;
	ck_assert_str_eq(sweep_format_value(&p_size, &v, buf, sizeof(buf)), "212992");
	v = 512;
	ck_assert_str_eq(sweep_format_value(&p_int, &v, buf, sizeof(buf)), "512");
	ck_assert_str_eq(sweep_format_value(&p_bool, &t, buf, sizeof(buf)), "1");
	ck_assert_str_eq(sweep_format_value(&p_enum, &e, buf, sizeof(buf)), "poisson");
}
END_TEST

/* An axis path with "*" names every element (--set applies it to each);
 * its row and its value are those of the first. */
START_TEST(find_param_star_is_any_element)
{
	static const char json[] = "{ \"nics\": [{ \"name\": \"a\" }, "
				   "{ \"name\": \"b\", \"rx_ring\": 2048 }] }";
	struct scenario sc;
	struct rxsim_err err;
	const struct param *p;
	const void *val;
	char ptr[256];

	ck_assert_int_eq(scenario_load_buffer("t.json", json, strlen(json), NULL, 0, &sc, &err), 0);
	ck_assert_int_eq(sweep_find_param(&sc, "nics.*.rx_ring", &p, &val, ptr, sizeof(ptr)), 0);
	ck_assert_str_eq(ptr, "/nics/0/rx_ring");
	ck_assert_str_eq(p->key, "rx_ring");
	ck_assert_int_eq(sweep_find_param(&sc, "/nics/*/rx_ring", NULL, NULL, ptr, sizeof(ptr)), 0);
	ck_assert_str_eq(ptr, "/nics/0/rx_ring");
	ck_assert_int_eq(sweep_find_param(&sc, "nics.1.rx_ring", NULL, &val, ptr, sizeof(ptr)), 0);
	ck_assert_int_eq(*(const int64_t *)val, 2048);
	ck_assert_int_eq(sweep_find_param(&sc, "nics.*.rx_rung", NULL, NULL, NULL, 0), -1);
	ck_assert_int_eq(sweep_find_param(&sc, "nics.*x.rx_ring", NULL, NULL, NULL, 0), -1);
	scenario_free(&sc);
}
END_TEST

START_TEST(csv_doubles)
{
	char buf[48];

	ck_assert_str_eq(sweep_format_double(0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(sweep_format_double(-0.0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(sweep_format_double(12345, buf, sizeof(buf)), "12345");
	ck_assert_str_eq(sweep_format_double(0.1 + 0.2, buf, sizeof(buf)), "0.3");
	ck_assert_str_eq(sweep_format_double(2.0 / 3.0, buf, sizeof(buf)), "0.666666666667");
	ck_assert_str_eq(sweep_format_double(NAN, buf, sizeof(buf)), "");
}
END_TEST

/* A summary shaped like rxsim_summary()'s, two CPUs. */
static cJSON *fake_summary(void)
{
	static const char text[] =
		"{\"packets\":{\"offered_pps\":500000.0,\"delivered_pps\":499000.5,"
		"\"delivered_ratio\":0.998001},"
		"\"drops\":{\"total\":7,\"host\":5,\"upstream\":2,\"nic_ring\":1,\"nic_fifo\":0,"
		"\"no_socket\":3,\"socket_rcvbuf\":1},"
		"\"latency_ns\":{\"e2e\":{\"p50\":100,\"p90\":200,\"p99\":300,\"p999\":400,"
		"\"max\":500}},"
		"\"cpus\":[{\"interrupts\":10,\"softnet_stat\":{\"time_squeeze\":1},"
		"\"softirq\":{\"ksoftirqd_wakeups\":2},\"share\":{\"hardirq\":0.1,"
		"\"softirq\":0.2,\"ksoftirqd\":0.0,\"app\":0.0,\"idle\":0.7}},"
		"{\"interrupts\":5,\"softnet_stat\":{\"time_squeeze\":0},"
		"\"softirq\":{\"ksoftirqd_wakeups\":1},\"share\":{\"hardirq\":0.0,"
		"\"softirq\":0.0,\"ksoftirqd\":0.1,\"app\":0.5,\"idle\":0.4}}]}";

	return cJSON_Parse(text);
}

START_TEST(results_from_summary)
{
	static const char *const want[SWEEP_NRESULTS] = {
		"500000", "499000.5", "0.998001", "7", "5", "2", "1", "0", "3", "1",
		"100", "200", "300", "400", "500", "15", "1", "3",
		"0.1000", "0.0500", "0.2500", "0.5500",
		/* busiest CPU: softirq 0.2 (CPU 0), ksoftirqd 0.1 and app 0.5
		 * (CPU 1), the least idle 0.4 (CPU 1) */
		"0.2000", "0.1000", "0.5000", "0.4000",
	};
	char fields[SWEEP_NRESULTS][48];
	cJSON *s = fake_summary();
	int i;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sweep_result_fields(s, fields, SWEEP_NRESULTS), 0);
	for (i = 0; i < SWEEP_NRESULTS; i++)
		ck_assert_str_eq(fields[i], want[i]);
	ck_assert_str_eq(sweep_result_names[15], "interrupts");
	ck_assert_str_eq(sweep_result_names[21], "cpu_idle_share");
	ck_assert_str_eq(sweep_result_names[SWEEP_NRESULTS - 1], "cpu_idle_share_min");
	cJSON_DeleteItemFromObject(s, "drops");
	ck_assert_int_eq(sweep_result_fields(s, fields, SWEEP_NRESULTS), -1);
	cJSON_Delete(s);
}
END_TEST

/* ---- statistics ---- */

START_TEST(t_quantiles)
{
	ck_assert_double_eq_tol(sweep_t975(1), 12.7062, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(2), 4.3027, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(10), 2.2281, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(30), 2.0423, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(31), 2.0395, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(40), 2.0211, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(60), 2.0003, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(120), 1.9799, 1e-4);
	ck_assert_double_eq_tol(sweep_t975(100000), 1.95999, 1e-4);
}
END_TEST

START_TEST(mean_and_ci95)
{
	const double x[3] = { 1, 2, 3 }, same[4] = { 5, 5, 5, 5 };
	double m, ci;

	sweep_mean_ci95(x, 3, &m, &ci);
	ck_assert_double_eq_tol(m, 2, 1e-12);
	/* s = 1, t(0.975, 2) = 4.302653: ci = 4.302653 / sqrt(3) */
	ck_assert_double_eq_tol(ci, 2.484138, 1e-5);
	sweep_mean_ci95(same, 4, &m, &ci);
	ck_assert_double_eq_tol(m, 5, 1e-12);
	ck_assert_double_eq_tol(ci, 0, 1e-12);
	sweep_mean_ci95(x, 1, &m, &ci);
	ck_assert_double_eq_tol(m, 1, 1e-12);
	ck_assert_double_eq_tol(ci, 0, 1e-12);
}
END_TEST

/* ---- merge ---- */

static char tmpdir[256];

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int merge(const char *const *names, int n, char *out, size_t outlen, char *msg)
{
	char paths[8][512];
	const char *files[8];
	struct rxsim_err err = { { 0 } };
	FILE *f = tmpfile();
	size_t got;
	int i, rc;

	for (i = 0; i < n; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", tmpdir, names[i]);
		files[i] = paths[i];
	}
	rc = sweep_merge(files, n, f, &err);
	rewind(f);
	got = fread(out, 1, outlen - 1, f);
	out[got] = '\0';
	fclose(f);
	strcpy(msg, err.msg);
	return rc;
}

static void merge_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s", "/tmp/rxsim-test-sweep.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	write_file("p0.csv", "# point 0 of 3\nx,seed,r\n1,1,10\n");
	write_file("p1.csv", "# point 1 of 3\nx,seed,r\n2,1,20\n");
	write_file("p2.csv", "# point 2 of 3\nx,seed,r\n\"a,b\",1,\n");
	write_file("other.csv", "# point 2 of 3\ny,seed,r\n3,1,30\n");
	write_file("four.csv", "# point 3 of 4\nx,seed,r\n3,1,30\n");
	write_file("junk.csv", "x,seed,r\n3,1,30\n");
}

static void merge_teardown(void)
{
	const char *names[] = { "p0.csv", "p1.csv", "p2.csv", "other.csv", "four.csv",
				"junk.csv" };
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

START_TEST(merge_sorts_by_point_index)
{
	const char *names[] = { "p2.csv", "p0.csv", "p1.csv", "p0.csv" };
	char out[512], msg[512];

	ck_assert_int_eq(merge(names, 4, out, sizeof(out), msg), 0);
	ck_assert_str_eq(out, "x,seed,r\n1,1,10\n2,1,20\n\"a,b\",1,\n");
}
END_TEST

START_TEST(merge_reports_missing_points)
{
	const char *names[] = { "p2.csv" };
	char out[512], msg[512];

	ck_assert_int_eq(merge(names, 1, out, sizeof(out), msg), RXSIM_EINPUT);
	ck_assert_str_eq(msg, "2 of 3 points missing: 0, 1");
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(merge_rejects_inconsistent_files)
{
	const char *hdr[] = { "p0.csv", "other.csv" };
	const char *cnt[] = { "p0.csv", "four.csv" };
	const char *junk[] = { "junk.csv" };
	char out[512], msg[512];

	ck_assert_int_eq(merge(hdr, 2, out, sizeof(out), msg), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(msg, "header differs"));
	ck_assert_int_eq(merge(cnt, 2, out, sizeof(out), msg), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(msg, "different sweeps"));
	ck_assert_int_eq(merge(junk, 1, out, sizeof(out), msg), RXSIM_EINPUT);
	ck_assert_ptr_nonnull(strstr(msg, "# point I of N"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sweep");
	TCase *tc;
	SRunner *sr;
	int failed;

	tc = tcase_create("lists");
	tcase_add_test(tc, list_splits_on_top_level_commas);
	tcase_add_test(tc, list_keeps_parens_and_brackets_whole);
	tcase_add_test(tc, list_rejects_empty_and_unbalanced);
	suite_add_tcase(s, tc);

	tc = tcase_create("ranges");
	tcase_add_test(tc, range_detection);
	tcase_add_test(tc, range_linear_integers_include_both_ends);
	tcase_add_test(tc, range_rounds_to_the_base_unit);
	tcase_add_test(tc, range_with_units_formats_back_with_units);
	tcase_add_test(tc, range_log_is_geometric);
	tcase_add_test(tc, range_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("points");
	tcase_add_test(tc, points_first_axis_slowest);
	tcase_add_test(tc, points_no_axes_is_one_point);
	tcase_add_test(tc, points_overflow);
	suite_add_tcase(s, tc);

	tc = tcase_create("csv");
	tcase_add_test(tc, csv_quotes_only_when_needed);
	tcase_add_test(tc, csv_values_in_natural_units);
	tcase_add_test(tc, find_param_star_is_any_element);
	tcase_add_test(tc, csv_doubles);
	tcase_add_test(tc, results_from_summary);
	suite_add_tcase(s, tc);

	tc = tcase_create("statistics");
	tcase_add_test(tc, t_quantiles);
	tcase_add_test(tc, mean_and_ci95);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_checked_fixture(tc, merge_setup, merge_teardown);
	tcase_add_test(tc, merge_sorts_by_point_index);
	tcase_add_test(tc, merge_reports_missing_points);
	tcase_add_test(tc, merge_rejects_inconsistent_files);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
