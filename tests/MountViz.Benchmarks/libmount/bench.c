/*
 * Times libmount's mountinfo parser on the files the MountViz benchmark parses, for the
 * comparison in run.sh. One operation = mnt_new_table + mnt_table_parse_file + mnt_unref_table
 * (freeing is counted because .NET's figures include the GC's share of the work too).
 *
 * Build: gcc -O2 bench.c $(pkg-config --cflags --libs mount)
 * Usage: bench [-r ROUNDS] [-t SECONDS_PER_ROUND] FILE...
 * Output (stdout, tab-separated, one line per file after a '#' header):
 *   file  lines  median_ns_per_line  best_ns_per_line  rounds  iterations_per_round
 * Each file gets one calibration run, one warm-up round, then ROUNDS timed rounds of the same
 * number of iterations; the median and the best round are reported, per line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <libmount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_errors;

/* A line libmount cannot parse is skipped (return 1) and counted: the run then fails,
 * because timing a parser that drops lines would flatter it. */
static int on_parse_error(struct libmnt_table *tb, const char *filename, int line)
{
	(void)tb;
	fprintf(stderr, "bench: libmount could not parse %s line %d\n", filename, line);
	parse_errors++;
	return 1;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static long count_lines(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "bench: cannot open %s: %s; generate the files first (run.sh does)\n", path, strerror(errno));
		exit(2);
	}
	long lines = 0;
	int c, previous = '\n';
	while ((c = getc(f)) != EOF) {
		if (c == '\n' && previous != '\n')
			lines++;
		previous = c;
	}
	if (previous != '\n')
		lines++;
	fclose(f);
	return lines;
}

/* One operation; returns the number of entries, or -1 on a fatal parse error. */
static int parse_once(const char *path)
{
	struct libmnt_table *tb = mnt_new_table();
	if (!tb) {
		fprintf(stderr, "bench: mnt_new_table failed: out of memory\n");
		exit(2);
	}
	mnt_table_set_parser_errcb(tb, on_parse_error);
	int rc = mnt_table_parse_file(tb, path);
	int entries = rc == 0 ? mnt_table_get_nents(tb) : -1;
	mnt_unref_table(tb);
	return entries;
}

static double time_round(const char *path, long iterations)
{
	double start = now_ns();
	for (long i = 0; i < iterations; i++)
		parse_once(path);
	return now_ns() - start;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds = 7;
	double seconds_per_round = 0.25;
	int argi = 1;
	for (; argi < argc && argv[argi][0] == '-'; argi++) {
		if (strcmp(argv[argi], "-r") == 0 && argi + 1 < argc)
			rounds = atoi(argv[++argi]);
		else if (strcmp(argv[argi], "-t") == 0 && argi + 1 < argc)
			seconds_per_round = atof(argv[++argi]);
		else {
			fprintf(stderr, "usage: %s [-r ROUNDS] [-t SECONDS_PER_ROUND] FILE...\n", argv[0]);
			return 2;
		}
	}
	if (argi == argc || rounds < 1 || rounds > 1000 || seconds_per_round <= 0) {
		fprintf(stderr, "usage: %s [-r ROUNDS(1..1000)] [-t SECONDS_PER_ROUND(>0)] FILE...\n", argv[0]);
		return 2;
	}

	const char *version = NULL;
	mnt_get_library_version(&version);
	printf("# libmount %s; file\tlines\tmedian_ns_per_line\tbest_ns_per_line\trounds\titerations_per_round\n", version ? version : "?");

	double *samples = calloc((size_t)rounds, sizeof(double));
	if (!samples)
		return 2;
	for (; argi < argc; argi++) {
		const char *path = argv[argi];
		long lines = count_lines(path);
		double start = now_ns();
		int entries = parse_once(path);
		double once = now_ns() - start;
		if (entries != lines || parse_errors) {
			fprintf(stderr, "bench: %s has %ld lines but libmount returned %d entries (%d lines skipped)\n",
				path, lines, entries, parse_errors);
			return 1;
		}

		long iterations = (long)(seconds_per_round * 1e9 / (once > 1 ? once : 1));
		if (iterations < 1)
			iterations = 1;
		time_round(path, iterations); /* warm-up: caches, allocator, page cache */
		for (int r = 0; r < rounds; r++)
			samples[r] = time_round(path, iterations) / ((double)iterations * (double)lines);
		qsort(samples, (size_t)rounds, sizeof(double), compare_doubles);
		double median = rounds % 2 ? samples[rounds / 2] : (samples[rounds / 2 - 1] + samples[rounds / 2]) / 2;
		printf("%s\t%ld\t%.1f\t%.1f\t%d\t%ld\n", path, lines, median, samples[0], rounds, iterations);
		fflush(stdout);
	}
	free(samples);
	return 0;
}
