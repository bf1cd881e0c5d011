/*-------------------------------------------------------------------------
 *
 * svcquality.c
 *	  Module entry point and helpers used by several concepts.
 *
 *-------------------------------------------------------------------------
 */
#include "svcquality.h"

#include <math.h>
#ifndef WIN32
#include <sys/mman.h>			/* madvise, where there is one */
#endif

#include "access/htup_details.h"
#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/float.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

/*
 * The module magic block; with a name and version (EXTVERSION, set by the
 * Makefile from svcquality.control) where the server can show them.
 */
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "svcquality",.version = EXTVERSION);
#else
PG_MODULE_MAGIC;
#endif

void
sq_check_level(double level)
{
	if (isnan(level) || level <= 0.0 || level >= 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence level %s is out of range", sq_float8_text(level)),
				 errdetail("The level must be strictly between 0 and 1, e.g. 0.95.")));
}

char *
sq_float8_text(double value)
{
	return double_to_shortest_decimal(value);
}

int
sq_errdetail_count_sum(int64 count, int64 added)
{
	return errdetail("Adding " INT64_FORMAT " to " INT64_FORMAT " would pass " INT64_FORMAT
					 ", the largest count a state holds.", added, count, PG_INT64_MAX);
}

void
sq_report_list_dimensions(const char *what, int ndim, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be a one-dimensional array, not %d-dimensional", what, ndim),
			 detail ? errdetail("%s", detail) : 0));
}

/* The detail of a format version error: the versions this build reads. */
static int
errdetail_format_versions(int oldest, int newest)
{
	if (oldest == newest)
		return errdetail("This build of svcquality reads format version %d.", oldest);
	return errdetail("This build of svcquality reads format versions %d to %d.", oldest, newest);
}

void
sq_check_format_version(const char *type_name, int version, int supported, int sqlstate)
{
	sq_check_format_versions(type_name, version, supported, supported, sqlstate);
}

void
sq_check_format_versions(const char *type_name, int version, int oldest, int newest,
						 int sqlstate)
{
	if (version < oldest || version > newest)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("%s format version %d is not supported", type_name, version),
				 errdetail_format_versions(oldest, newest)));
}

/*
 * The error of sq_check_stored_versions, out of line: a stored state
 * without a byte after its header, or whose first byte is a version this
 * build does not read (a later release's, as to an older session or a
 * lagging standby).  Either is "not supported" (0A000), as in
 * business_calendar's reader.
 */
void
sq_report_stored_version(const void *state, const char *type_name, int oldest, int newest)
{
	if (VARSIZE(state) <= VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s value has no format version", type_name),
				 errdetail_format_versions(oldest, newest)));
	sq_check_format_versions(type_name, ((const uint8 *) state)[VARHDRSZ], oldest, newest,
							 ERRCODE_FEATURE_NOT_SUPPORTED);
	/* not reached: called only for a version outside oldest..newest */
	elog(ERROR, "sq_report_stored_version called for %s format version %d, which is supported",
		 type_name, ((const uint8 *) state)[VARHDRSZ]);
}

void
sq_report_bad_binary(const char *type_name, const char *problem)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary %s", type_name),
			 errdetail("In this state %s.", problem)));
}

void
sq_recv_require(StringInfo buf, int64 nbytes, const char *type_name)
{
	if (nbytes < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s", type_name),
				 errdetail("The value gives a negative length (" INT64_FORMAT ").", nbytes)));
	if (buf->len - buf->cursor < nbytes)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s", type_name),
				 errdetail_plural("The value ends after %d byte; its layout needs at least " INT64_FORMAT ".",
								  "The value ends after %d bytes; its layout needs at least " INT64_FORMAT ".",
								  buf->len, buf->len, buf->cursor + nbytes)));
}

void
sq_recv_end(StringInfo buf, const char *type_name)
{
	int			left = buf->len - buf->cursor;

	if (left != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s", type_name),
				 errdetail_plural("The value has %d byte after the end of its layout.",
								  "The value has %d bytes after the end of its layout.",
								  left, left)));
}

/* A name in the client encoding, after its length in length_bytes (1 or 4) */
static void
send_name(StringInfo buf, const char *name, int len, int length_bytes)
{
	char	   *converted = pg_server_to_client(name, len);
	int			converted_len = converted == name ? len : (int) strlen(converted);

	if (length_bytes == 1)
	{
		Assert(converted_len <= PG_UINT8_MAX);
		pq_sendbyte(buf, converted_len);
	}
	else
		pq_sendint32(buf, converted_len);
	pq_sendbytes(buf, converted, converted_len);
	if (converted != name)
		pfree(converted);
}

void
sq_send_name(StringInfo buf, const char *name, int len)
{
	send_name(buf, name, len, 4);
}

void
sq_send_short_name(StringInfo buf, const char *name, int len)
{
	Assert(len <= PG_UINT8_MAX / MAX_CONVERSION_GROWTH);
	send_name(buf, name, len, 1);
}

char *
sq_recv_name(StringInfo buf, const char *type_name, int max_bytes, const char *what, int *len)
{
	int			raw_len;

	sq_recv_require(buf, 4, type_name);
	raw_len = pq_getmsgint(buf, 4);
	return sq_recv_name_bytes(buf, type_name, raw_len, max_bytes, what, len);
}

char *
sq_recv_name_bytes(StringInfo buf, const char *type_name, int raw_len, int max_bytes,
				   const char *what, int *len)
{
	int			encoding;
	char	   *name;

	sq_recv_require(buf, raw_len, type_name);

	/*
	 * Checked before the conversion to the server encoding, which would
	 * report bytes that are not text as 22021, not as a malformed value.
	 */
	if (memchr(buf->data + buf->cursor, '\0', raw_len) != NULL)
		sq_report_bad_binary(type_name, psprintf("%s contains a zero byte", what));

	/*
	 * A SQL_ASCII client's bytes are passed on as they are, and the
	 * conversion checks them in the database's encoding: so do we.
	 */
	encoding = pg_get_client_encoding();
	if (encoding == PG_SQL_ASCII)
		encoding = GetDatabaseEncoding();
	if (!pg_verify_mbstr(encoding, buf->data + buf->cursor, raw_len, true))
		sq_report_bad_binary(type_name, psprintf("%s is not valid text in the encoding %s",
												 what, pg_encoding_to_char(encoding)));
	name = pq_getmsgtext(buf, raw_len, len);
	if (*len > max_bytes)
		sq_report_bad_binary(type_name, psprintf("%s has %d bytes, more than the %d allowed",
												 what, *len, max_bytes));
	return name;
}

double
sq_recv_float8(StringInfo buf)
{
	/* adding +0.0 turns -0.0 into +0.0 and leaves every other value alone */
	return pq_getmsgfloat8(buf) + 0.0;
}

/*
 * For a group with c rows whose weights sum to W, the squares sum to at
 * least W^2 / c (equal weights) and at most W^2 (one row carries all the
 * weight), and to anything in between; the total ranges over the sums of
 * these bounds.  Aggregation rounds every sum (sq_rounding_slack) and
 * squares of weights below about 1e-162 underflow (sq_underflow_slack), so
 * the bounds are widened by that much.
 */
const char *
sq_weight_sq_problem(double weight_sq, const int64 *counts, const double *weights, int n,
					 int64 rows, const char *groups)
{
	double		least = 0.0,
				most = 0.0,
				slack = sq_rounding_slack((double) rows),
				underflow = sq_underflow_slack((double) rows);

	/* how far rounding can take a sum of squares below its least */
	double		shrink = (1.0 - slack) / ((1.0 + slack) * (1.0 + slack));

	/* may be 0 with nonzero weights: squares of tiny weights underflow */
	if (!isfinite(weight_sq) || weight_sq < 0.0)
		return "the sum of squared weights is negative or not finite";
	for (int i = 0; i < n; i++)
	{
		double		w = weights[i];

		if (counts[i] == 0)
			continue;
		least += w * (w / (double) counts[i]);
		most += w * w;
	}
	if (isinf(least))
	{
		/*
		 * Near the top of the range, W * (W / c) can round past it where
		 * aggregation summed the squares to a finite value (five weights of
		 * 5.996e153): compare a quarter of each side, from halved weights,
		 * which scales exactly.  A group of one row is its weight, whose
		 * square aggregation computed as it is; a quarter past the range is a
		 * least that no sum of squares reaches.
		 */
		double		quarter = 0.0;
		bool		lone_overflows = false;

		for (int i = 0; i < n; i++)
		{
			double		half = weights[i] / 2.0;

			if (counts[i] == 0)
				continue;
			quarter += half * (half / (double) counts[i]);
			lone_overflows |= counts[i] == 1 && isinf(weights[i] * weights[i]);
		}
		if (lone_overflows || isinf(quarter))
			return "a sum of weights is too large for its count: the squared weights would "
				"exceed the double precision range (a weight is at most about 1.34e154)";
		if (weight_sq / 4.0 < quarter * shrink)
			return psprintf("the sum of squared weights %s is below 4 times %s, the least these "
							"weights allow (the sum over %s of the squared sum of weights over "
							"the count)",
							sq_float8_text(weight_sq), sq_float8_text(quarter), groups);
	}
	else if (weight_sq < least * shrink - underflow)
		return psprintf("the sum of squared weights %s is below %s, the least these weights allow "
						"(the sum over %s of the squared sum of weights over the count)",
						sq_float8_text(weight_sq), sq_float8_text(least), groups);
	if (slack < 1.0 &&
		weight_sq > most * (1.0 + slack) / ((1.0 - slack) * (1.0 - slack)) + underflow)
		return psprintf("the sum of squared weights %s is above %s, the most these weights allow "
						"(the sum over %s of the squared sum of weights)",
						sq_float8_text(weight_sq), sq_float8_text(most), groups);
	return NULL;
}

/*
 * nodeWindowAgg.c gives each aggregate that runs in moving mode (it has an
 * inverse transition function and the frame start can move) a private
 * memory context; the other aggregates of a window share the node's
 * aggcontext.  That is the only way a transition function shared by both
 * modes can tell them apart: both are called with the same function.
 */
bool
sq_in_moving_window(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	if (AggCheckCallContext(fcinfo, &aggcontext) != AGG_CONTEXT_WINDOW)
		return false;
	return aggcontext != ((WindowAggState *) fcinfo->context)->aggcontext;
}

/*
 * An expanded transition value must live in a direct child of the
 * aggregate's context: the executor copies (flattens) any other value it
 * gets back.  A child per group is the obvious choice, but hash aggregation
 * measures its memory after each new group by walking all the child
 * contexts; with one per group, filling its table costs the square of the
 * groups that fit in work_mem (category_agg over a million groups spent
 * some 40% of its time in that walk).  So all groups share one child
 * (those of every aggregate of ours in aggcontext), found among its
 * children by its name.  The executor frees it, with every state in it,
 * when it resets aggcontext: after each group of a sorted plan, each batch
 * of a hashed one.  Its blocks grow no larger than work_mem / 16, like
 * those of the hash table's own context, so that one new block does not
 * overshoot work_mem.  (contact_agg's holders of merged flat states,
 * contact_state_held.c, are contexts of their own, but only for states
 * of a megabyte or more, of which few fit in work_mem.)
 */
static const char aggregate_arena_name[] = "svcquality working states";

MemoryContext
sq_aggregate_arena(MemoryContext aggcontext)
{
	Size		max_block = ALLOCSET_DEFAULT_MAXSIZE;

	for (MemoryContext child = aggcontext->firstchild; child != NULL; child = child->nextchild)
		if (child->name == aggregate_arena_name)
			return child;
	while (max_block > ALLOCSET_DEFAULT_INITSIZE && max_block > (Size) work_mem * 1024 / 16)
		max_block /= 2;
	return AllocSetContextCreateInternal(aggcontext, aggregate_arena_name,
										 ALLOCSET_SMALL_MINSIZE, ALLOCSET_SMALL_INITSIZE,
										 max_block);
}

/*
 * With 4 kB pages, a probe of a table larger than the TLB covers misses it
 * too, and filling the table faults once per 4 kB.  On Linux a table of
 * 4 MB or more is aligned to 2 MB and asks for transparent huge pages, which
 * the system grants where it allows them on request (an madvise that fails
 * changes nothing, so its result is ignored).  That took a tenth off
 * the time of a timeline_set of a million refunds on our bench machine.
 */
#define HUGE_PAGE_BYTES ((Size) 2 * 1024 * 1024)

void *
sq_alloc_probed_table(MemoryContext cxt, Size bytes, void **chunk)
{
	Size		align = PG_CACHE_LINE_SIZE;
	char	   *table;

#ifdef MADV_HUGEPAGE
	if (bytes >= 2 * HUGE_PAGE_BYTES)
		align = HUGE_PAGE_BYTES;
#endif
	*chunk = MemoryContextAllocExtended(cxt, bytes + align, MCXT_ALLOC_HUGE);
	table = (char *) TYPEALIGN(align, *chunk);
#ifdef MADV_HUGEPAGE
	if (align == HUGE_PAGE_BYTES)
		(void) madvise(table, bytes, MADV_HUGEPAGE);
#endif
	return table;
}

/*
 * Chosen in the process that uses it: a library loaded by the postmaster
 * (shared_preload_libraries) would otherwise hand one seed to every
 * backend it forks.  pg_strong_random exists on PostgreSQL 13 to 18; when
 * it fails (no source of randomness), the process id and the time still
 * differ from one backend to the next.
 */
static uint64 hash_seed;
static int	hash_seed_pid;

uint64
sq_hash_seed(void)
{
	if (hash_seed_pid != MyProcPid)
	{
		uint64		seed;

		if (!pg_strong_random(&seed, sizeof(seed)))
			seed = sq_mix64(((uint64) MyProcPid << 32) ^ (uint64) GetCurrentTimestamp());
		hash_seed = seed;
		hash_seed_pid = MyProcPid;
	}
	return hash_seed;
}

/* The tuple descriptor of the function's row result. */
static TupleDesc
result_desc(FunctionCallInfo fcinfo)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	return desc;
}

Datum
sq_result_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc = BlessTupleDesc(result_desc(fcinfo));

	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

Datum
sq_result_row_cached(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;

	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		desc = BlessTupleDesc(desc);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = desc;
	}
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

Datum
sq_float8_row(FunctionCallInfo fcinfo, const double *values, int n)
{
	Datum	   *datums = palloc(n * sizeof(Datum));
	bool	   *nulls = palloc(n * sizeof(bool));

	for (int i = 0; i < n; i++)
		datums[i] = sq_float8_or_null(values[i], &nulls[i]);
	return sq_result_row(fcinfo, datums, nulls);
}

Datum
sq_float8_array(const double *values, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(n, 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};

	for (int i = 0; i < n; i++)
		elems[i] = sq_float8_or_null(values[i], &nulls[i]);
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, FLOAT8OID,
											  sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

#if PG_VERSION_NUM >= 150000
void
sq_qsort_interruptible(void *base, size_t n, size_t size, qsort_arg_comparator cmp, void *arg)
{
	qsort_interruptible(base, n, size, cmp, arg);
}
#else
typedef struct InterruptibleCompare
{
	qsort_arg_comparator cmp;
	void	   *arg;
} InterruptibleCompare;

static int
interruptible_compare(const void *a, const void *b, void *arg)
{
	const InterruptibleCompare *c = arg;

	CHECK_FOR_INTERRUPTS();
	return c->cmp(a, b, c->arg);
}

void
sq_qsort_interruptible(void *base, size_t n, size_t size, qsort_arg_comparator cmp, void *arg)
{
	InterruptibleCompare c = {cmp, arg};

	qsort_arg(base, n, size, interruptible_compare, &c);
}
#endif

void
sq_rows_begin(FunctionCallInfo fcinfo, SqRows *rows)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TupleDesc	desc;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		(rsinfo->allowedModes & SFRM_Materialize) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	desc = result_desc(fcinfo);

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rows->desc = CreateTupleDescCopy(desc);
	rows->store = tuplestore_begin_heap(true, false, work_mem);
	MemoryContextSwitchTo(old);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = rows->store;
	rsinfo->setDesc = rows->desc;
}

void
sq_rows_add(SqRows *rows, Datum *values, bool *nulls)
{
	tuplestore_putvalues(rows->store, rows->desc, values, nulls);
}

/*
 * The same for argument argno of an aggregate's transition function (0 is
 * the state, 1 the aggregate's first argument): inside an aggregate the
 * executor calls it with placeholders for arguments, so the Aggref tells
 * whether the query gives a Const; called directly, the call's own
 * expression does.  False in a window aggregate (placeholders, no Aggref),
 * and not for combine or final functions, whose arguments are numbered
 * apart.
 */
bool
sq_aggregate_argument_is_const(FunctionCallInfo fcinfo, int argno)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	TargetEntry *arg;

	if (aggref == NULL)
		return sq_argument_is_const(fcinfo->flinfo, argno);
	if (argno < 1 || argno > list_length(aggref->args))
		return false;
	arg = list_nth_node(TargetEntry, aggref->args, argno - 1);
	return !arg->resjunk && IsA(arg->expr, Const);
}

/*
 * Whether every state the transition function is given was made by it in
 * this aggregate: true when the aggregate has no initial condition, as
 * ours have none (an aggregate a user defines over one of our transition
 * functions may have one).  A catalog lookup: call it once per query.
 */
bool
sq_aggregate_starts_empty(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	HeapTuple	tuple;
	bool		no_initial_state;

	if (aggref == NULL)
		return false;
	tuple = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggref->aggfnoid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for aggregate %u", aggref->aggfnoid);
	(void) SysCacheGetAttr(AGGFNOID, tuple, Anum_pg_aggregate_agginitval, &no_initial_state);
	ReleaseSysCache(tuple);
	return no_initial_state;
}

/*
 * A Const argument has the same value on every row, so what a call derives
 * from it can be kept for the whole query.  (Only a Const: an external
 * Param, which get_fn_expr_arg_stable also accepts, changes between the
 * evaluations of a PL/pgSQL expression that keeps its fn_extra.)  The
 * callers are functions, not operators, called from SQL; anything else
 * (a call from C, without fn_expr) answers false, which costs only the
 * keeping.
 */
bool
sq_argument_is_const(FmgrInfo *flinfo, int argno)
{
	List	   *args;

	if (flinfo->fn_expr == NULL || !IsA(flinfo->fn_expr, FuncExpr))
		return false;
	args = ((FuncExpr *) flinfo->fn_expr)->args;
	return argno < list_length(args) && IsA(list_nth(args, argno), Const);
}
