/*-------------------------------------------------------------------------
 *
 * svcquality.h
 *	  Conventions shared by every svcquality state type and function.
 *
 * Every aggregate state is a varlena whose first byte after the length word
 * is a format version.  Text and binary forms carry the same version, so a
 * later release can change a layout and still read states stored by this one.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SVCQUALITY_H
#define SVCQUALITY_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "nodes/nodes.h"
#include "utils/expandeddatum.h"

#include <float.h>
#include <math.h>

/*
 * PostgreSQL 18 spells the attribute of functions that do not return
 * pg_noreturn (C11's _Noreturn, placed where the old macro was) and has
 * no pg_attribute_noreturn() any more.
 */
#if PG_VERSION_NUM >= 180000 && !defined(pg_attribute_noreturn)
#define pg_attribute_noreturn() pg_noreturn
#endif

/*
 * Update a transition state in place only when the executor owns it: inside
 * an aggregate (or window aggregate) call.  Called directly, a transition
 * function must not scribble on its argument.  This is the test
 * AggCheckCallContext makes, without a call: it runs for every row.
 */
#define SQ_IN_AGGREGATE(fcinfo) \
	((fcinfo)->context != NULL && \
	 (IsA((fcinfo)->context, AggState) || IsA((fcinfo)->context, WindowAggState)))

/*
 * PG_GETARG_TEXT_PP(n) without a call when the value needs no detoasting,
 * the usual case of a short text read from a row: for arguments read on
 * every row.
 */
static inline text *
sq_getarg_text_pp(FunctionCallInfo fcinfo, int n)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(PG_GETARG_DATUM(n));

	if (unlikely(VARATT_IS_COMPRESSED(v) || VARATT_IS_EXTERNAL(v)))
		return (text *) pg_detoast_datum_packed(v);
	return (text *) v;
}

/*
 * The format version of a stored state (docs/formats.md, "Version policy"):
 * the first byte after the varlena header.  Every state read from outside
 * the running aggregate (a stored value, a function argument, an operand of
 * +, an input of a merge aggregate or combine function) is checked to carry
 * a version this build reads, so that a later release's state is refused
 * (0A000, naming the version) rather than misread, by an older session or a
 * lagging standby, say.  state must be detoasted (a 4-byte header).  The
 * check runs for every row of a transition function: it compares a byte in
 * the line the reader is about to use, and reports out of line.
 */
pg_attribute_noreturn() extern void sq_report_stored_version(const void *state,
															 const char *type_name,
															 int oldest, int newest);

/* For a type that reads format versions oldest to newest. */
static inline void
sq_check_stored_versions(const void *state, const char *type_name, int oldest, int newest)
{
	const struct varlena *v = (const struct varlena *) state;

	if (unlikely(VARSIZE(v) <= VARHDRSZ ||
				 (unsigned int) (((const uint8 *) v)[VARHDRSZ] - oldest) >
				 (unsigned int) (newest - oldest)))
		sq_report_stored_version(state, type_name, oldest, newest);
}

/* For a type that reads one format version. */
static inline void
sq_check_stored_version(const void *state, const char *type_name, int version)
{
	sq_check_stored_versions(state, type_name, version, version);
}

/* A state datum detoasted (PG_DETOAST_DATUM), its version checked. */
static inline void *
sq_detoast_state_versions(Datum d, const char *type_name, int oldest, int newest)
{
	struct varlena *v = PG_DETOAST_DATUM(d);

	sq_check_stored_versions(v, type_name, oldest, newest);
	return v;
}

static inline void *
sq_detoast_state(Datum d, const char *type_name, int version)
{
	return sq_detoast_state_versions(d, type_name, version, version);
}

/* A state datum as a private copy (PG_DETOAST_DATUM_COPY), its version checked. */
static inline void *
sq_detoast_state_copy(Datum d, const char *type_name, int version)
{
	struct varlena *v = PG_DETOAST_DATUM_COPY(d);

	sq_check_stored_version(v, type_name, version);
	return v;
}

/*
 * State argument 0 of a combine function, to merge into: inside an
 * aggregate the executor's own copy, updated in place; called directly, a
 * private copy, since a function must not change its argument.  Either may
 * be a stored state (a merge aggregate's first input is copied as it is),
 * so its version is checked.
 */
static inline void *
sq_state_to_update(FunctionCallInfo fcinfo, const char *type_name, int version)
{
	if (SQ_IN_AGGREGATE(fcinfo))
		return sq_detoast_state(PG_GETARG_DATUM(0), type_name, version);
	return sq_detoast_state_copy(PG_GETARG_DATUM(0), type_name, version);
}

/*
 * Room for a copy of a stored state small enough to have a 1-byte header
 * (at most 126 bytes of data) under a 4-byte header, aligned like palloc's
 * memory for reading its fields in place.
 */
typedef union SqShortCopy
{
	char		bytes[VARHDRSZ + VARATT_SHORT_MAX - VARHDRSZ_SHORT];
	int64		align_int64;
	double		align_double;
} SqShortCopy;

/*
 * A state argument to read and not keep, for functions that take one a row
 * (the merge aggregates, the functions of a timeline), its version checked.
 * Most stored states are small enough for a 1-byte header, which
 * PG_DETOAST_DATUM converts with a palloc per row: such a one is copied
 * into *copy instead, and the result lives no longer than *copy.  A TOAST
 * or expanded pointer has a 1-byte header too, and is detoasted as before.
 */
static inline const void *
sq_state_to_read(Datum d, SqShortCopy *copy, const char *type_name, int version)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);
	Size		len;

	if (!VARATT_IS_SHORT(v) || VARATT_IS_EXTERNAL(v))
		v = PG_DETOAST_DATUM(d);
	else
	{
		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;
		SET_VARSIZE(copy->bytes, VARHDRSZ + len);
		memcpy(copy->bytes + VARHDRSZ, VARDATA_SHORT(v), len);
		v = (struct varlena *) copy->bytes;
	}
	sq_check_stored_version(v, type_name, version);
	return v;
}

/*
 * Ask for the cache line at p ahead of its use, so that the fetches of
 * several random places overlap: only a hint, and nothing where the
 * compiler has no way to give it.  Call it where the line is wanted, not
 * from a small helper that does nothing else: GCC 12 takes such a helper
 * for a function without effect and drops its calls (a helper for
 * contact_agg's slot requests lost them all, and 20% of the time).
 */
static inline void
sq_prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(p);
#else
	(void) p;
#endif
}

/*
 * A transition function's answer to a row it skips (a NULL input): the
 * state unchanged, or still NULL before the first counted row.
 */
static inline Datum
sq_keep_state(FunctionCallInfo fcinfo)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/*
 * Whether a transition function runs as the moving-aggregate transition
 * function of a window whose frame start moves (ROWS 1 PRECEDING, ...).
 * There it must never return NULL, not even for a NULL first row: such an
 * aggregate starts an empty state instead.  Other calls keep returning NULL
 * until the first counted row, so an aggregate over only NULLs stays NULL;
 * one that returns its state needs a moving final function that makes the
 * empty state NULL again (rating_state_mfinal), or its moving frames of
 * only NULLs would differ from every other frame of the same rows.
 */
extern bool sq_in_moving_window(FunctionCallInfo fcinfo);

/*
 * The memory context for the working (expanded) states that aggregates make
 * in aggcontext: one child of it, shared by all their groups (see
 * svcquality.c for why).  A state made there is freed only with aggcontext,
 * so a transition or combine function that gets one must update it in place
 * and return it, never a new value in its stead.
 */
extern MemoryContext sq_aggregate_arena(MemoryContext aggcontext);

/*
 * Memory for a hash table of bytes in cxt that rows probe at random places,
 * starting on a cache line, not zeroed; *chunk gets the allocation to pfree.
 */
extern void *sq_alloc_probed_table(MemoryContext cxt, Size bytes, void **chunk);

/*
 * The seed of every in-memory hash table: a random value chosen once per
 * backend, on first use.  Names, customer ids and case ids come from the
 * data, so with a fixed hash whoever writes the rows could choose keys that
 * all land in one run of slots and make every lookup walk it; with a seed
 * they cannot know, such keys cannot be computed in advance.  A table
 * copies it into its own struct when it is made, to be read with its
 * slots.  Nothing that a hash decides may reach a state's bytes, a
 * result's order or an error (docs/security.md).
 */
extern uint64 sq_hash_seed(void);

/*
 * The 64-bit finalizer of MurmurHash3: every bit of x moves every bit of
 * the result, a bijection.  Seed the key before it (sq_hash_int64); a key
 * of two parts mixes the seed into one part before adding the other, so
 * that no pair of keys differs by a constant the seed cannot change.
 */
static inline uint64
sq_mix64(uint64 x)
{
	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return x;
}

/* A seeded hash of a 64-bit key (a case id, a response id). */
static inline uint64
sq_hash_int64(uint64 key, uint64 seed)
{
	return sq_mix64(key ^ seed);
}

/*
 * The expanded object behind a datum if it is one with these methods, else
 * NULL: it tells apart the expanded forms a datum may take (contact_state's
 * working state and holder, a funnel's working state and other objects).
 */
static inline ExpandedObjectHeader *
sq_expanded_object(Datum d, const ExpandedObjectMethods *methods)
{
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	eoh = DatumGetEOHP(d);
	return eoh->eoh_methods == methods ? eoh : NULL;
}

/* Is argument argno of the call a Const of the plan (the same on every row)? */
extern bool sq_argument_is_const(FmgrInfo *flinfo, int argno);

/* The same for a transition function: from the Aggref inside an aggregate. */
extern bool sq_aggregate_argument_is_const(FunctionCallInfo fcinfo, int argno);

/*
 * Does the aggregate calling this transition function start each group
 * from a NULL state (no initial condition)?  False when not called by an
 * Aggref: directly, or as a window aggregate.
 */
extern bool sq_aggregate_starts_empty(FunctionCallInfo fcinfo);

/* Check a confidence level (0 < level < 1); errors with 22023 otherwise. */
extern void sq_check_level(double level);

/*
 * A double as messages print it: the shortest text that reads back as
 * exactly that value, as float8out writes it by default (NaN, Infinity,
 * 1e+301), whatever the session's extra_float_digits.  printf's %g keeps 6
 * digits, so two values a message tells apart (0.01 and a real's
 * 0.009999999776482582) could print alike.  palloc'd.
 */
extern char *sq_float8_text(double value);

/*
 * The errdetail of a count that adding added to would take past 2^63 - 1
 * (22003): both numbers and the limit, worded alike for every state type,
 * whose own errmsg says what is counted.  Called inside ereport, as
 * errdetail is.
 */
extern int	sq_errdetail_count_sum(int64 count, int64 added);

/*
 * An array argument that is a list (scores, weights, names, labels, states,
 * a series, stage names, bucket edges) must have one dimension, or none
 * (the empty array '{}', which each function treats as it documents): read
 * element by element, a 2-D array would pass as its elements in storage
 * order, its rows run together.  ndim is the array's ARR_NDIM(); what names
 * the argument in the error (22023), and detail, which may be NULL, adds
 * to it.  Arrays whose shape a function keeps (p_adjust,
 * duration_quantiles) and the matrix of ahp_weights are not lists.
 */
pg_attribute_noreturn() extern void sq_report_list_dimensions(const char *what, int ndim,
															  const char *detail);

static inline void
sq_check_list_dimensions(int ndim, const char *what)
{
	if (unlikely(ndim > 1))
		sq_report_list_dimensions(what, ndim, NULL);
}

/*
 * Check the format version of a state's text or binary input: an error
 * with the given SQLSTATE (22P02 text, 22P03 binary, 0A000 stored form)
 * unless it is supported.
 */
extern void sq_check_format_version(const char *type_name, int version, int supported,
									int sqlstate);

/* The same for a type that reads format versions oldest to newest. */
extern void sq_check_format_versions(const char *type_name, int version, int oldest,
									 int newest, int sqlstate);

/*
 * An error for binary input (SQLSTATE 22P03) that is not a valid state:
 * "invalid binary <type>", with the problem ("the count is negative") as
 * its detail, read as "In this state <problem>.".
 */
pg_attribute_noreturn() extern void sq_report_bad_binary(const char *type_name,
														 const char *problem);

/*
 * Binary input: make sure nbytes more bytes are left in buf before reading
 * them, so that truncated input is a data error (22P03) for every type,
 * rather than the protocol error (08P01) pq_getmsg* would raise.  A
 * negative nbytes (a length read from the value) is a 22P03 too; int64, so
 * that a count read from the value times an entry size cannot overflow.
 */
extern void sq_recv_require(StringInfo buf, int64 nbytes, const char *type_name);

/*
 * Binary input: the value must end where its layout does; bytes left over
 * are a data error (22P03) naming the type, rather than pq_getmsgend's
 * protocol error (08P01).
 */
extern void sq_recv_end(StringInfo buf, const char *type_name);

/*
 * Names (text) in binary forms: an int32 byte length, then the bytes in
 * the client encoding, as text itself is sent.  sq_recv_name() checks the
 * length against the bytes left, rejects a zero byte and bytes that are
 * not text in the client encoding, converts the name to the server
 * encoding and rejects one of more than max_bytes bytes (each 22P03,
 * naming what, as "a topic name"); it returns a palloc'd copy and its
 * length.  A name the client encoding cannot represent is PostgreSQL's
 * conversion error on output (22P05), as for text.
 *
 * sq_send_short_name() writes the length as a u8 instead: for names of at
 * most 63 bytes, which a conversion grows to at most 63 times
 * MAX_CONVERSION_GROWTH (4) = 252 bytes.  sq_recv_name_bytes() reads a
 * name of raw_len bytes whose length the caller has read, as sq_recv_name()
 * does.
 */
extern void sq_send_name(StringInfo buf, const char *name, int len);
extern void sq_send_short_name(StringInfo buf, const char *name, int len);
extern char *sq_recv_name(StringInfo buf, const char *type_name, int max_bytes,
						  const char *what, int *len);
extern char *sq_recv_name_bytes(StringInfo buf, const char *type_name, int raw_len,
								int max_bytes, const char *what, int *len);

/*
 * Binary input of a double (after sq_recv_require), with -0.0 read as 0.0:
 * aggregation never produces -0.0 and text output writes both as the same
 * number, so equal values keep equal bytes.
 */
extern double sq_recv_float8(StringInfo buf);

/*
 * The result of a function with OUT parameters (or a composite return
 * type): a row built from values and nulls in the declared column order.
 */
extern Datum sq_result_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls);

/*
 * A row of n double precision columns; a NaN value becomes NULL (an
 * estimate that does not exist, such as a p-value without variance).
 */
extern Datum sq_float8_row(FunctionCallInfo fcinfo, const double *values, int n);

/*
 * sq_result_row() for functions cheap enough that building their row type
 * from the catalog on every call would cost more than the function itself
 * (the staffing formulas, called once per interval): the blessed row type
 * is kept in fn_extra, so only functions that leave fn_extra alone may use
 * it.
 */
extern Datum sq_result_row_cached(FunctionCallInfo fcinfo, Datum *values, bool *nulls);

/*
 * A double precision result: NULL when the value is NaN (an estimate that
 * does not exist, such as the mean of no answers).
 */
static inline Datum
sq_float8_result(FunctionCallInfo fcinfo, double value)
{
	if (isnan(value))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(value);
}

/* One double precision column of a row: NULL when the value is NaN. */
static inline Datum
sq_float8_or_null(double value, bool *isnull)
{
	*isnull = isnan(value);
	return Float8GetDatum(value);
}

/*
 * Input of floating-point sums (sums of weights, of scores, co-moments):
 * the relative slack validity rules allow for rounding in sums of n terms.
 * Any order of summation of n terms rounds at most n - 1 times, each time
 * by at most DBL_EPSILON / 2 of the partial sum; twice that, plus room for
 * the arithmetic of the check itself, is a bound no state aggregation
 * produces can exceed.  Beyond about 4.5e15 terms it reaches 1 and bounds
 * that depend on it no longer exclude anything.
 */
static inline double
sq_rounding_slack(double n)
{
	return (n + 16.0) * DBL_EPSILON;
}

/*
 * Its absolute counterpart for sums of squares and products, which can
 * underflow: each operation whose result falls below the normal range
 * loses at most half the smallest subnormal (4.9e-324), and a term takes
 * up to four of them.
 */
static inline double
sq_underflow_slack(double n)
{
	return (n + 16.0) * 2.0 * 4.9406564584124654e-324;
}

/*
 * The most rounding alone leaves in the sum of squared deviations of n
 * values all equal to x, summed by Youngs and Cramer's update or merged:
 * the running sum strays by up to slack n |x|, which moves each deviation
 * by as much, so n (2 slack x)^2 in all, plus what underflows.  Input
 * accepts such an m2 for equal values, and readers take one within it for
 * none.  It is infinite where slack |x| passes about 1e154, and every
 * finite m2 is within it there.
 */
static inline double
sq_equal_values_m2_slack(double n, double x)
{
	double		stray = sq_rounding_slack(n) * fabs(x);

	return 4.0 * n * stray * stray + sq_underflow_slack(n);
}

/*
 * Kish's effective sample size (sum w)^2 / sum w^2, for sum w^2 > 0.  Where
 * (sum w)^2 overflows (weights near the top of the double range, whose
 * squares aggregation could still sum) it is formed from sum w / sqrt(sum
 * w^2); elsewhere as written, so that results keep every bit.
 */
static inline double
sq_kish_effective_n(double sum_w, double sum_w_sq)
{
	double		squared = sum_w * sum_w;
	double		ratio;

	if (!isinf(squared))
		return squared / sum_w_sq;
	ratio = sum_w / sqrt(sum_w_sq);
	return ratio * ratio;
}

/*
 * Kish's effective n of a state's rows rows, some of positive weight; NaN
 * where the sum of squared weights lost its digits.
 *
 * A square below DBL_MIN is subnormal, with fewer than 53 bits: each such
 * product, and each sum of them, errs by up to 2^-1075.  From rows *
 * DBL_MIN up those errors together stay within 2^-52 of the sum; below it
 * (equal weights under about 1.5e-154) nothing bounds them relatively (1%
 * for three weights of 1e-161).
 *
 * The result is kept within [1, rows], where it lies (by Cauchy-Schwarz):
 * the sums were rounded, and a state's input takes them within their
 * rounding slack, so the ratio can fall an ulp outside: one response typed
 * with such a sum had an effective n of 1.0000000000000004 (and a league of
 * them a prior), and 9.2e18 responses one of Infinity.
 */
static inline double
sq_kish_effective_n_of_rows(double sum_w, double sum_w_sq, double rows)
{
	if (!(sum_w_sq > 0.0 && sum_w_sq >= rows * DBL_MIN))
		return NAN;
	return fmin(fmax(sq_kish_effective_n(sum_w, sum_w_sq), 1.0), rows);
}

/*
 * Input of a weighted state's sum of squared weights (for Kish's effective
 * sample size): why it is not one that aggregation can give with these n
 * groups (ratings, categories) of counts[i] rows whose weights sum to
 * weights[i], rows in all, or NULL.  groups names them in the message ("the
 * sum over <groups> of ...").
 */
extern const char *sq_weight_sq_problem(double weight_sq, const int64 *counts,
										const double *weights, int n, int64 rows,
										const char *groups);

/* A double precision[] of n values (n may be 0); NaN elements become NULL. */
extern Datum sq_float8_array(const double *values, int n);

/*
 * qsort_arg() that statement_timeout and pg_cancel_backend can interrupt,
 * for arrays as long as the input makes them: millions of elements sort for
 * seconds.  Interrupts are checked as it partitions (qsort_interruptible()
 * of PostgreSQL 15 on), or at each comparison before 15.
 */
extern void sq_qsort_interruptible(void *base, size_t n, size_t size,
								   qsort_arg_comparator cmp, void *arg);

/*
 * Set-returning functions fill a tuplestore (materialize mode), which works
 * the same on PostgreSQL 13 to 18 and spares the per-row copies of
 * value-per-call mode: sq_rows_begin() once (also when there are no rows),
 * sq_rows_add() per row, then return (Datum) 0.
 */
typedef struct SqRows
{
	struct Tuplestorestate *store;
	struct TupleDescData *desc;
} SqRows;

extern void sq_rows_begin(FunctionCallInfo fcinfo, SqRows *rows);
extern void sq_rows_add(SqRows *rows, Datum *values, bool *nulls);

#endif							/* SVCQUALITY_H */
